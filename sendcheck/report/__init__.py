"""Reporters: one module per output format, found by name in a registry.

A reporter reads finished reports and writes text; it never re-reads the draft or re-runs a
rule. Adding a format is adding a module that registers itself with ``@reporter(name)`` and
naming its module in ``FORMATS``, not another branch in the CLI. Only the module of the format
asked for is imported: the HTML and terminal libraries are slower to import than a short draft
is to check.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from ..models import Report

if TYPE_CHECKING:
    from ..rulepack import RulePack

Render = Callable[[Sequence[Report], TextIO, "RenderOptions"], None]
REPORTERS: dict[str, Render] = {}
# Format name -> the module (in this package) that registers it. Kept in step with the
# modules' @reporter names by tests/test_reporters.py.
FORMATS: dict[str, str] = {
    "terminal": "terminal", "json": "json_report", "jsonl": "json_report",
    "markdown": "markdown", "html": "html", "sarif": "sarif", "junit": "junit",
}


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
    return list(FORMATS)


def render(name: str, reports: Sequence[Report], out: TextIO, options: RenderOptions) -> None:
    if name not in REPORTERS:
        importlib.import_module(f"{__name__}.{FORMATS[name]}")
    REPORTERS[name](reports, out, options)
