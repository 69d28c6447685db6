"""--format junit: parses as XML, a testsuite per file and a testcase per criterion, failures
for what --junit-fail-on names (default missing and gap), with the advice and the evidence."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from sendcheck.rulepack import load_pack

from conftest import AS_OF, CI_DRAFT, run_main


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.md").write_text(CI_DRAFT, encoding="utf-8")
    return tmp_path


def junit(capsys, *args: str) -> ET.Element:
    code, out, err = run_main(capsys, *args, "--format", "junit", *AS_OF)
    assert code == 0, err
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(out)


def cases(suite: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name").split(":")[0]: case for case in suite.iter("testcase")}


def test_a_testcase_per_criterion_and_failures_for_missing_and_gap(folder, capsys):
    root = junit(capsys, "draft.md")
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "draft.md"
    by_id = cases(suite)
    pack = load_pack()
    assert list(by_id) == pack.ids()
    assert suite.get("tests") == str(len(pack.ids()))
    for rule_id, case in by_id.items():
        assert case.get("classname") == "sendcheck.draft"
        assert case.get("name") == f"{rule_id}: {pack.get(rule_id).title}"
    assert by_id["local-offer"].find("failure") is None  # a strength passes
    gap = by_id["dmo-dco"].find("failure")
    assert gap.get("type") == "gap"
    assert gap.get("message") and f"What to do: {gap.get('message')}" in gap.text  # the advice
    assert "no Designated Medical Officer" in gap.text and "[negative]" in gap.text
    missing = by_id["vulnerable-groups"].find("failure")
    assert missing.get("type") == "missing" and missing.get("message")
    failures = sum(case.find("failure") is not None for case in by_id.values())
    assert suite.get("failures") == root.get("failures") == str(failures)
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["as_of"] == "2026-11-24" and int(properties["score"]) >= 0
    assert "below-benchmark" in suite.find("system-out").text


def test_junit_fail_on_chooses_what_fails(folder, capsys):
    only_gaps = cases(junit(capsys, "draft.md", "--junit-fail-on", "gap").find("testsuite"))
    assert only_gaps["dmo-dco"].find("failure") is not None
    assert only_gaps["vulnerable-groups"].find("failure") is None
    partial = cases(junit(capsys, "draft.md", "--junit-fail-on", "partial").find("testsuite"))
    assert partial["waiting-times"].find("failure").get("type") == "partial"
    assert partial["dmo-dco"].find("failure") is None
    code, _, err = run_main(capsys, "draft.md", "--format", "junit", "--junit-fail-on", "late")
    assert code == 2 and "--junit-fail-on" in err


def test_junit_fail_on_from_config_and_suppressed_is_skipped(folder, capsys):
    (folder / "sendcheck.toml").write_text('junit_fail_on = ["missing"]\n', encoding="utf-8")
    (folder / "sendcheck-suppressions.yml").write_text(
        "- {rule: vulnerable-groups, file: draft.md, reason: In the looked-after children SEF}\n",
        encoding="utf-8")
    by_id = cases(junit(capsys, "draft.md").find("testsuite"))
    assert by_id["dmo-dco"].find("failure") is None  # a gap, but only missing fails here
    skipped = by_id["vulnerable-groups"].find("skipped")
    assert "In the looked-after children SEF" in skipped.get("message")


def test_a_testsuite_per_file(folder, capsys):
    (folder / "second draft.md").write_text(CI_DRAFT, encoding="utf-8")
    root = junit(capsys, "draft.md", "second draft.md")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["draft.md", "second draft.md"]
    assert {c.get("classname") for c in suites[1].iter("testcase")} == {"sendcheck.second_draft"}
    assert root.get("tests") == str(2 * len(load_pack().ids()))
