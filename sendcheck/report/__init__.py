"""Reporters: one module per output format, found by name in a registry.

A reporter reads finished reports and writes text; it never re-reads the draft or re-runs a
rule. Adding a format is adding a module that registers itself, not another branch in the CLI.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from ..models import Report

if TYPE_CHECKING:
    from ..rulepack import RulePack

Render = Callable[[Sequence[Report], TextIO, "RenderOptions"], None]
REPORTERS: dict[str, Render] = {}


@dataclass(frozen=True)
class RenderOptions:
    """How the output will be seen: colour only on a terminal that wants it; width for wrapping."""

    color: bool = False
    width: int = 100
    pack: RulePack | None = None  # the criteria checked, for formats that describe them (SARIF)
    junit_fail_on: tuple[str, ...] = ("missing", "gap")  # which findings fail a JUnit testcase


def reporter(name: str) -> Callable[[Render], Render]:
    def register(render: Render) -> Render:
        REPORTERS[name] = render
        return render

    return register


def formats() -> list[str]:
    _load_all()
    return list(REPORTERS)


def render(name: str, reports: Sequence[Report], out: TextIO, options: RenderOptions) -> None:
    _load_all()
    REPORTERS[name](reports, out, options)


def _load_all() -> None:
    """Import every module in this package so its reporters register: adding a format is
    adding a module. Done on first use, not at import, so ``--help`` stays fast."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
