"""The JSON Schema of the report, generated from the pydantic models and shipped as a file.

Other tools validate sendcheck's JSON against the shipped file; a test keeps the file equal to
what the models generate, so the two cannot drift. Regenerate with
``python -m sendcheck.schema > sendcheck/data/report-v1.schema.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

from .models import SCHEMA_VERSION, Report

SCHEMA_FILE = Path(__file__).parent / "data" / f"report-v{SCHEMA_VERSION}.schema.json"


def report_schema() -> dict:
    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://sendcheck.invalid/schema/report-v{SCHEMA_VERSION}.schema.json"
    return schema


def schema_text() -> str:
    return json.dumps(report_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
