"""JSON (schema version 1, see SPEC.md) and JSON Lines.

One report is one JSON object; several inputs give an array (``json``) or one object a line
(``jsonl``). Keys stay in model order and ``None`` fields are left out, so the same input gives
byte-identical output.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from ..models import Report
from . import RenderOptions, reporter


def report_data(report: Report) -> dict:
    return report.model_dump(mode="json", exclude_none=True)


@reporter("json")
def render_json(reports: Sequence[Report], out: TextIO, options: RenderOptions) -> None:
    data = report_data(reports[0]) if len(reports) == 1 else [report_data(r) for r in reports]
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@reporter("jsonl")
def render_jsonl(reports: Sequence[Report], out: TextIO, options: RenderOptions) -> None:
    for report in reports:
        out.write(json.dumps(report_data(report), ensure_ascii=False) + "\n")
