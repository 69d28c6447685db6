"""Determinism: the same inputs and options give byte-identical output in every format.

Two processes check the same drafts in every output format, one after the other, with
different hash seeds (set and dict order), time zones and ``--jobs``; their outputs must be
the same bytes. No output may hold a time or today's date: the only date a report depends on
is ``--as-of``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sendcheck.api import Options, check_document
from sendcheck.report import formats
from sendcheck.ruletest import example_document

from conftest import CI_DRAFT, CORPUS, EXAMPLES

AS_OF = "2026-11-24"

RENDER_ALL = """\
import sys
from pathlib import Path
from sendcheck.cli import main

out, inputs, jobs, formats = Path(sys.argv[1]), sys.argv[2:-2], sys.argv[-2], sys.argv[-1]
for name in formats.split(","):
    for label, files in (("one", inputs[:1]), ("all", inputs)):
        try:
            main([*files, "--format", name, "--as-of", "%s", "--jobs", jobs,
                  "-o", str(out / f"{label}.{name}")])
        except SystemExit as exit_:
            assert exit_.code in (0, 1), (name, label, exit_.code)
""" % AS_OF


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("drafts")
    (folder / "ci.md").write_text(CI_DRAFT, encoding="utf-8")
    (folder / "ci.html").write_text("<h1>Eastshire</h1>" + "".join(
        f"<p>{line}</p>" for line in CI_DRAFT.splitlines()[2:] if line) +
        "<table><tr><th>Area</th><th>RAG</th></tr><tr><td>Local offer</td><td>Green</td></tr>"
        "<tr><td>Waiting times</td><td>Red</td></tr></table>", encoding="utf-8")
    files = [str(EXAMPLES / "medium.docx"), str(folder / "ci.md"), str(folder / "ci.html"),
             str(EXAMPLES / "weak.docx")]
    pdfs = sorted((CORPUS / "pdf").glob("*.pdf"), key=lambda path: path.stat().st_size)
    return files + [str(pdfs[0])] if pdfs else files


def render_all(out: Path, files: list[str], *, seed: str, tz: str, jobs: int) -> None:
    out.mkdir()
    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz}
    result = subprocess.run([sys.executable, "-c", RENDER_ALL, str(out), *files, str(jobs),
                             ",".join(formats())], env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def outputs(drafts, tmp_path_factory) -> tuple[Path, Path]:
    """Every format rendered twice, in processes that differ in all but their inputs."""
    root = tmp_path_factory.mktemp("outputs")
    render_all(root / "first", drafts, seed="0", tz="UTC", jobs=1)
    render_all(root / "second", drafts, seed="2718281828", tz="Pacific/Kiritimati", jobs=2)
    return root / "first", root / "second"


@pytest.mark.parametrize("name", formats())
def test_every_format_is_byte_identical_across_processes(outputs, name):
    first, second = outputs
    for label in ("one", "all"):
        a, b = (first / f"{label}.{name}").read_bytes(), (second / f"{label}.{name}").read_bytes()
        assert a, f"{label}.{name} is empty"
        assert a == b, f"{label}.{name} differs between runs"


def test_no_output_holds_a_time_or_todays_date(outputs):
    today = date.today()
    forms = {today.isoformat(), f"{today.day} {today:%B %Y}", f"{today:%d/%m/%Y}"}
    if today.isoformat() == AS_OF:
        pytest.skip("today is the as-of date")
    for path in sorted(outputs[0].iterdir()):
        text = path.read_text(encoding="utf-8")
        assert not any(form in text for form in forms), f"{path.name} holds today's date"
        assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d|\b\d\d:\d\d:\d\d\b", text), \
            f"{path.name} holds a time"


def test_json_has_as_of_and_no_other_run_dependent_field(outputs):
    import json

    report = json.loads((outputs[0] / "one.json").read_text(encoding="utf-8"))
    assert report["as_of"] == AS_OF
    assert set(report) == {"schema_version", "tool", "document", "as_of", "score", "findings",
                           "alerts"}
    assert set(report["tool"]) == {"name", "version"}


def test_sarif_and_junit_carry_no_run_times(outputs):
    import json
    import xml.etree.ElementTree as ET

    sarif = json.loads((outputs[0] / "all.sarif").read_text(encoding="utf-8"))
    for run in sarif["runs"]:
        for invocation in run.get("invocations", []):
            assert not {"startTimeUtc", "endTimeUtc"} & set(invocation)
    suites = ET.fromstring((outputs[0] / "all.junit").read_bytes())
    for element in suites.iter():
        assert element.get("timestamp") is None and element.get("hostname") is None
        assert element.get("time") in (None, "0")


texts = st.lists(st.sampled_from([line for line in CI_DRAFT.splitlines() if line] +
                                 ["Red", "However, waits are still too long.", "\n\n"]),
                 max_size=20).map("\n".join)


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(text=texts)
def test_checking_the_same_text_twice_gives_the_same_report(text):
    options = Options(as_of=date.fromisoformat(AS_OF))
    first = check_document(example_document(text), options).model_dump_json()
    assert check_document(example_document(text), options).model_dump_json() == first
