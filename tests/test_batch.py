"""Batch runs: files and folders together, in input order whatever --jobs is, one JSON array,
a summary table in the terminal, and an unreadable input reported while the rest are checked."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from sendcheck.api import Options, check

from conftest import AS_OF, EXAMPLES, run_main

HEADER = ["Draft", "Score", "Evidenced"]


@pytest.fixture
def drafts(tmp_path, monkeypatch):
    """weak.md and strong.md in a folder, medium.md beside it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "area").mkdir()
    for name, where in (("weak", "area"), ("strong", "area"), ("medium", ".")):
        shutil.copy(EXAMPLES / "src" / f"{name}.md", tmp_path / where / f"{name}.md")
    return tmp_path


def test_jobs_2_gives_the_same_json_as_jobs_1(drafts, capsys):
    args = ["medium.md", "area", "--format", "json", *AS_OF]
    code1, one, err = run_main(capsys, *args, "--jobs", "1")
    assert code1 == 0, err
    code2, two, err = run_main(capsys, *args, "--jobs", "2")
    assert code2 == 0, err
    assert one == two
    paths = [r["document"]["path"] for r in json.loads(one)]
    assert paths == ["medium.md", "area/strong.md", "area/weak.md"]  # input order, folder sorted


def test_an_unreadable_input_is_reported_and_the_rest_checked(drafts, capsys):
    (drafts / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    code, out, err = run_main(capsys, "medium.md", "broken.docx", "missing.md", "area/weak.md",
                         "--format", "json", "--jobs", "2", *AS_OF)
    assert code == 2
    assert [r["document"]["path"] for r in json.loads(out)] == ["medium.md", "area/weak.md"]
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("sendcheck: error: broken.docx")
    assert lines[1] == "sendcheck: error: missing.md: no such file or folder"


def test_a_summary_table_when_several_drafts_are_checked(drafts, capsys):
    code, out, _ = run_main(capsys, "medium.md", "area", *AS_OF)
    assert code == 0
    lines = out.splitlines()
    header = next(n for n, line in enumerate(lines) if line.split()[:3] == HEADER)
    rows = [line.split() for line in lines[header + 2: header + 5]]
    assert [row[0] for row in rows] == ["medium.md", "area/strong.md", "area/weak.md"]
    assert int(rows[1][1]) > int(rows[0][1]) > int(rows[2][1])  # the scores: strong > weak
    code, out, _ = run_main(capsys, "medium.md", *AS_OF)
    assert not any(line.split()[:3] == HEADER for line in out.splitlines())  # one: no summary


def test_sarif_and_junit_of_several_drafts(drafts, capsys):
    code, out, _ = run_main(capsys, "area", "--format", "sarif", "--jobs", "2", *AS_OF)
    log = json.loads(out)
    assert [a["location"]["uri"] for a in log["runs"][0]["artifacts"]] == \
        ["area/strong.md", "area/weak.md"]
    code, out, _ = run_main(capsys, "area", "--format", "junit", "--jobs", "2", *AS_OF)
    assert out.count("<testsuite ") == 2


def test_progress_is_reported_in_order(drafts):
    calls = []
    outcomes = list(check(["medium.md", "area"], Options(as_of=date(2026, 11, 24)), jobs=2,
                          progress=lambda done, total: calls.append((done, total))))
    assert [o.path for o in outcomes] == ["medium.md", "area/strong.md", "area/weak.md"]
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_the_progress_bar_stays_off_when_stderr_is_not_a_terminal(drafts, capsys):
    code, _, err = run_main(capsys, "medium.md", "area", "--format", "json", *AS_OF)
    assert code == 0 and err == ""
