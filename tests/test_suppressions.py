"""Suppressions with an audit trail: a file of entries with reasons (and expiry dates), and
comments in a Markdown or text draft. Suppressed findings are reported as such, never dropped,
and do not trip --fail-on; an entry without a reason, or expired, stops the check (exit 2)."""

from __future__ import annotations

import json

import pytest

from sendcheck.models import Finding
from sendcheck.suppressions import file_matches

from conftest import AS_OF, CI_DRAFT, run_main


GAPS = ("dmo-dco", "governance-leadership", "waiting-times")  # the draft's current gaps


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.md").write_text(CI_DRAFT, encoding="utf-8")
    return tmp_path


def suppressions(folder, text: str, name: str = "sendcheck-suppressions.yml") -> None:
    (folder / name).write_text(text, encoding="utf-8")


def findings(capsys, *args: str, expect: int = 0) -> dict[str, dict]:
    code, out, err = run_main(capsys, "draft.md", "--format", "json", *AS_OF, *args)
    assert code == expect, err
    return {f["rule_id"]: f for f in json.loads(out)["findings"]}


def entries(*rule_ids: str, extra: str = "") -> str:
    return "suppressions:\n" + "".join(
        f"  - rule: {rule_id}\n    file: draft.md\n    reason: Accepted by the board\n{extra}"
        for rule_id in rule_ids)


def test_gaps_fail_until_suppressed_and_suppressed_findings_are_kept(folder, capsys):
    assert run_main(capsys, "draft.md", *AS_OF, "--fail-on", "gap")[0] == 1
    suppressions(folder, entries(*GAPS, extra="    expires: 2027-01-31\n"))
    by_id = findings(capsys, "--fail-on", "gap")  # exit 0: every gap is accepted
    assert set(GAPS) <= set(by_id) and by_id["dmo-dco"]["position"] == "gap"  # not dropped
    assert by_id["dmo-dco"]["suppressed"] == {
        "kind": "external", "reason": "Accepted by the board",
        "source": "sendcheck-suppressions.yml, entry 1 (line 2)", "expires": "2027-01-31"}
    assert "suppressed" not in by_id["local-offer"]  # left out when not suppressed


def test_the_suppressions_option_and_a_glob(folder, capsys):
    suppressions(folder, "suppressions:\n  - rule: dmo-dco\n    file: 'drafts/*.md'\n"
                         "    reason: Other folder\n", name="accepted.yml")
    assert "suppressed" not in findings(capsys, "--suppressions", "accepted.yml")["dmo-dco"]
    suppressions(folder, "suppressions:\n  - rule: dmo-dco\n    file: '*.md'\n"
                         "    reason: Every draft\n", name="accepted.yml")
    assert findings(capsys, "--suppressions", "accepted.yml")["dmo-dco"]["suppressed"]


def test_section_narrows_an_entry(folder, capsys):
    suppressions(folder, entries("dmo-dco", extra="    section: Local offer\n"))
    assert "suppressed" not in findings(capsys)["dmo-dco"]
    suppressions(folder, entries("dmo-dco", extra="    section: designated OFFICERS\n"))
    assert findings(capsys)["dmo-dco"]["suppressed"]["reason"] == "Accepted by the board"


@pytest.mark.parametrize("text, words", [
    ("suppressions:\n  - rule: dmo-dco\n    file: draft.md\n",
     "entry 1 (line 2), rule dmo-dco, file draft.md: no reason given"),
    ("suppressions:\n  - rule: dmo-dco\n    file: draft.md\n    reason: '  '\n",
     "no reason given"),
    (entries("local-offer", "dmo-dco", extra="    expires: 2026-11-01\n"),
     "entry 1 (line 2), rule local-offer, file draft.md: expired on 2026-11-01 (as of 2026-11-24)"),
    (entries("no-such-rule"), "unknown rule id 'no-such-rule'"),
    (entries("dmo-dco", extra="    owner: SEND lead\n"), "unknown key 'owner'"),
    ("suppressions: [\n", "not valid YAML"),
])
def test_a_bad_entry_exits_2_naming_the_file_and_entry(folder, capsys, text, words):
    suppressions(folder, text)
    code, out, err = run_main(capsys, "draft.md", *AS_OF)
    assert code == 2 and out == ""
    assert err.startswith("sendcheck: error: sendcheck-suppressions.yml") and words in err
    assert len(err.strip().splitlines()) == 1


def test_expiry_is_judged_against_as_of(folder, capsys):
    suppressions(folder, entries("dmo-dco", extra="    expires: 2026-12-31\n"))
    assert findings(capsys)["dmo-dco"]["suppressed"]
    code, _, err = run_main(capsys, "draft.md", "--as-of", "2027-01-05")
    assert code == 2 and "expired on 2026-12-31" in err


def test_an_inline_comment_suppresses_in_source(folder, capsys):
    text = CI_DRAFT.replace("## Waiting times\n", "## Waiting times\n\n<!-- sendcheck: ignore "
                         "waiting-times, dmo-dco reason=\"Recovery plan agreed in May\" -->\n")
    (folder / "draft.md").write_text(text, encoding="utf-8")
    by_id = findings(capsys)
    for rule_id in ("waiting-times", "dmo-dco"):
        assert by_id[rule_id]["suppressed"] == {
            "kind": "inSource", "reason": "Recovery plan agreed in May", "source": "draft.md:13"}
    assert "Recovery plan" not in json.dumps([e["text"] for f in by_id.values()
                                              for e in f["evidence"]])  # still not text


def test_a_bad_inline_comment_is_an_error_for_that_file_only(folder, capsys):
    (folder / "bad.md").write_text(CI_DRAFT + "\n<!-- sendcheck: ignore dmo-dco -->\n",
                                   encoding="utf-8")
    code, out, err = run_main(capsys, "bad.md", "draft.md", "--format", "json", *AS_OF)
    assert code == 2
    assert "bad.md: line 15: sendcheck comment: no reason given" in err
    assert json.loads(out)["document"]["path"] == "draft.md"  # the other one is still checked
    (folder / "bad.md").write_text(
        CI_DRAFT + '\n<!-- sendcheck: ignore dmo-dco reason="x" expires="2026-01-01" -->\n',
        encoding="utf-8")
    code, _, err = run_main(capsys, "bad.md", *AS_OF)
    assert code == 2 and "expired on 2026-01-01" in err


def test_alerts_can_be_suppressed(folder, capsys):
    suppressions(folder, "suppressions:\n  - rule: alert/below-benchmark\n    file: draft.md\n"
                         "    reason: The recovery trajectory is in the appendix\n")
    code, out, err = run_main(capsys, "draft.md", "--format", "json", *AS_OF)
    assert code == 0, err
    alerts = json.loads(out)["alerts"]
    assert alerts and all(a["suppressed"]["kind"] == "external" for a in alerts
                          if a["kind"] == "below-benchmark")


def test_terminal_names_suppressed_findings_without_detail(folder, capsys):
    suppressions(folder, entries("waiting-times"))
    code, out, _ = run_main(capsys, "draft.md", *AS_OF)
    assert code == 0
    attention = out.split("Needs attention", 1)[1].split("Not covered", 1)[0]
    assert "(waiting-times)" not in attention and "(dmo-dco)" in attention
    assert "Accepted, not listed above: waiting-times" in out


@pytest.mark.parametrize("pattern, path, matches", [
    ("*.md", "drafts/sef.md", True),
    ("sef.md", "drafts/sef.md", True),
    ("drafts/*.md", "drafts/sef.md", True),
    ("drafts/*.md", "other/sef.md", False),
    ("**/sef.md", "sef.md", True),
    ("./drafts/sef.md", "drafts/sef.md", True),
    ("*.docx", "drafts/sef.md", False),
])
def test_file_globs(pattern, path, matches):
    assert file_matches(pattern, path) is matches


def test_finding_field_is_optional():
    finding = Finding(rule_id="x", title="X", status="missing", position="not-stated", score=0)
    assert "suppressed" not in finding.model_dump(exclude_none=True)
