"""JSON (schema version 1, see SPEC.md) and JSON Lines.

One report is one JSON object; several inputs give an array (``json``) or one object a line
(``jsonl``). Keys stay in model order and ``None`` fields are left out, so the same input gives
byte-identical output. The indented array is written by pydantic's own serialiser: the
standard library's indenting encoder is pure Python and took longer than checking a letter.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from pydantic import TypeAdapter

from ..models import Report
from . import RenderOptions, reporter

_REPORTS = TypeAdapter(list[Report])


def report_data(report: Report) -> dict:
    return report.model_dump(mode="json", exclude_none=True)


@reporter("json")
def render_json(reports: Sequence[Report], out: TextIO, options: RenderOptions) -> None:
    if len(reports) == 1:
        text = reports[0].model_dump_json(indent=2, exclude_none=True)
    else:
        text = _REPORTS.dump_json(list(reports), indent=2, exclude_none=True).decode("utf-8")
    out.write(text + "\n")


@reporter("jsonl")
def render_jsonl(reports: Sequence[Report], out: TextIO, options: RenderOptions) -> None:
    for report in reports:
        out.write(json.dumps(report_data(report), ensure_ascii=False) + "\n")
