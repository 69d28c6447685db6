"""Baselines: `sendcheck baseline create` records the findings; `check --baseline` marks each
finding new, worse, unchanged or better, keyed by criterion and normalised passage text (not
paragraph numbers), and only new or worse findings fail --fail-on."""

from __future__ import annotations

import json

import pytest

from sendcheck import baseline

from conftest import AS_OF, SHORT_DRAFT, run_main


DMO_FILLED = ("A Designated Medical Officer has been in post since May 2026 and 95% of health "
              "advice was returned within six weeks in 2026.")
LOCAL_OFFER_GAP = ("The local offer has not been updated since 2023 and parents tell us it is "
                   "hard to use.")


@pytest.fixture
def folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.md").write_text(SHORT_DRAFT, encoding="utf-8")
    code, out, err = run_main(capsys, "baseline", "create", "draft.md", *AS_OF)
    assert code == 0, err
    assert out == "" and "wrote sendcheck-baseline.json" in err
    return tmp_path


def edit(folder, old: str, new: str) -> None:
    path = folder / "draft.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def replace_local_offer(folder) -> None:
    text = (folder / "draft.md").read_text(encoding="utf-8")
    before, _ = text.split("## Local offer\n")
    (folder / "draft.md").write_text(f"{before}## Local offer\n\n{LOCAL_OFFER_GAP}\n",
                                     encoding="utf-8")


def check(capsys, *args: str) -> tuple[int, dict[str, dict]]:
    code, out, err = run_main(capsys, "draft.md", "--format", "json", *AS_OF, "--fail-on", "gap",
                         "--baseline", "sendcheck-baseline.json", *args)
    assert code in (0, 1), err
    return code, {f["rule_id"]: f for f in json.loads(out)["findings"]}


def test_the_baseline_file(folder):
    data = json.loads((folder / "sendcheck-baseline.json").read_text(encoding="utf-8"))
    assert data["sendcheck_baseline"] == 1 and data["as_of"] == "2026-11-24"
    dmo = data["documents"]["draft.md"]["findings"]["dmo-dco"]
    assert dmo["status"] == "evidenced" and dmo["position"] == "gap" and len(dmo["gaps"]) == 1
    assert set(dmo) == {"status", "position", "score", "gaps"}  # no paragraph or line number


def test_an_unchanged_draft_passes_the_gates_it_failed(folder, capsys):
    assert run_main(capsys, "draft.md", *AS_OF, "--fail-on", "gap")[0] == 1
    code, by_id = check(capsys)
    assert code == 0
    assert {f["baseline"] for f in by_id.values()} == {"unchanged"}
    assert by_id["dmo-dco"]["position"] == "gap"  # still reported, only marked


def test_edits_elsewhere_leave_findings_unchanged(folder, capsys):
    edit(folder, "## Designated officers\n",
         "## Introduction\n\nThis draft was agreed by the partnership board.\n\n"
         "## Designated officers\n")
    edit(folder, "has been vacant", "has been  VACANT")  # case and spacing: same passage
    code, by_id = check(capsys)
    assert code == 0 and by_id["dmo-dco"]["baseline"] == "unchanged"


def test_a_new_gap_fails(folder, capsys):
    replace_local_offer(folder)
    code, by_id = check(capsys)
    assert code == 1
    assert by_id["local-offer"]["position"] == "gap"
    assert by_id["local-offer"]["baseline"] == "worse"
    assert by_id["dmo-dco"]["baseline"] == "unchanged"


def test_a_new_gap_passage_in_a_criterion_already_a_gap_is_worse(folder, capsys):
    edit(folder, "since March 2026.", "since March 2026. The Designated Clinical Officer post "
                                      "also remains unfilled and no interim cover is in place.")
    code, by_id = check(capsys)
    assert by_id["dmo-dco"]["position"] == "gap" and by_id["dmo-dco"]["baseline"] == "worse"
    assert code == 1


def test_a_criterion_newly_covered_as_a_gap_is_worse(folder, capsys):
    (folder / "draft.md").write_text(
        SHORT_DRAFT + "\n## Exclusions\n\nSuspensions of pupils with EHC plans remain too high.\n",
        encoding="utf-8")
    code, by_id = check(capsys)
    assert by_id["exclusions-attendance"]["baseline"] == "worse" and code == 1


def test_an_improvement_is_better(folder, capsys):
    edit(folder, "The area currently has no Designated Medical Officer, and the Designated "
                 "Clinical Officer post has been vacant since March 2026.", DMO_FILLED)
    code, by_id = check(capsys)
    assert code == 0 and by_id["dmo-dco"]["baseline"] == "better"


def test_a_document_not_in_the_baseline_is_all_new(folder, capsys):
    (folder / "other.md").write_text(SHORT_DRAFT, encoding="utf-8")
    code, out, _ = run_main(capsys, "other.md", "--format", "json", *AS_OF, "--fail-on", "gap",
                       "--baseline", "sendcheck-baseline.json")
    assert code == 1
    assert {f["baseline"] for f in json.loads(out)["findings"]} == {"new"}


def test_sarif_and_junit_show_the_baseline(folder, capsys):
    replace_local_offer(folder)
    code, out, _ = run_main(capsys, "draft.md", "--format", "sarif", *AS_OF,
                       "--baseline", "sendcheck-baseline.json")
    states = {r["ruleId"]: r.get("baselineState")
              for r in json.loads(out)["runs"][0]["results"]}
    assert states["local-offer"] == "updated" and states["dmo-dco"] == "unchanged"
    code, out, _ = run_main(capsys, "draft.md", "--format", "junit", *AS_OF,
                       "--baseline", "sendcheck-baseline.json")
    assert 'type="gap"' in out and "unchanged since the baseline" in out


def test_the_baseline_from_config(folder, capsys):
    (folder / "sendcheck.toml").write_text('baseline = "sendcheck-baseline.json"\n'
                                           'fail_on = "gap"\n', encoding="utf-8")
    assert run_main(capsys, "draft.md", *AS_OF)[0] == 0


@pytest.mark.parametrize("content, words", [
    (None, "baseline file not found"),
    ("{", "not a readable baseline"),
    ('{"documents": {}}', "not a sendcheck baseline"),
])
def test_a_bad_baseline_exits_2(folder, capsys, content, words):
    if content is not None:
        (folder / "bad.json").write_text(content, encoding="utf-8")
    code, _, err = run_main(capsys, "draft.md", *AS_OF, "--baseline", "bad.json")
    assert code == 2 and "bad.json" in err and words in err


def test_baseline_create_refuses_unreadable_inputs(folder, capsys):
    code, _, err = run_main(capsys, "baseline", "create", "draft.md", "missing.md", "-o", "b.json")
    assert code == 2 and "missing.md" in err and not (folder / "b.json").exists()


def test_normalise_ignores_case_spacing_and_punctuation():
    assert baseline.normalise("  The DMO post is “vacant”.\n") == "the dmo post is vacant"
    assert baseline.fingerprint("dmo-dco", "No DMO.") == baseline.fingerprint("dmo-dco", "no dmo")
    assert baseline.fingerprint("dmo-dco", "No DMO.") != baseline.fingerprint("outcomes", "no dmo")


def test_a_strength_turned_mixed_is_worse(folder, capsys):
    edit(folder, "in October 2026.", f"in October 2026. {LOCAL_OFFER_GAP}")
    code, by_id = check(capsys)
    assert by_id["local-offer"]["position"] == "mixed"
    assert by_id["local-offer"]["baseline"] == "worse"
    assert code == 0  # --fail-on gap: a mixed position is not a gap
