"""The reporter registry: every format named in ``FORMATS`` is registered by the module named
for it, and every module's reporters are named there (a new format cannot be left out)."""

from __future__ import annotations

import importlib
import pkgutil

import sendcheck.report as report


def test_formats_and_the_modules_that_register_them_agree():
    for module in pkgutil.iter_modules(report.__path__):
        importlib.import_module(f"sendcheck.report.{module.name}")
    assert set(report.REPORTERS) == set(report.FORMATS)
    for name, module in report.FORMATS.items():
        assert report.REPORTERS[name].__module__ == f"sendcheck.report.{module}", name
