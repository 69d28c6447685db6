"""Gates and configuration: sendcheck.toml or [tool.sendcheck] in pyproject.toml, validated
strictly, the command line winning, and `sendcheck config show` saying where each value came
from."""

from __future__ import annotations

import json

import pytest


from conftest import AS_OF, SHORT_DRAFT, run_main


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.md").write_text(SHORT_DRAFT, encoding="utf-8")
    return tmp_path


def rule_ids(capsys, *args: str) -> list[str]:
    code, out, err = run_main(capsys, "draft.md", "--format", "json", *AS_OF, *args)
    assert code == 0, err
    return [f["rule_id"] for f in json.loads(out)["findings"]]


def test_fail_under_on_the_command_line(folder, capsys):
    assert run_main(capsys, "draft.md", "--format", "json", *AS_OF, "--fail-under", "101")[0] == 1
    assert run_main(capsys, "draft.md", "--format", "json", *AS_OF, "--fail-under", "0")[0] == 0


def test_fail_under_and_fail_on_from_config(folder, capsys):
    (folder / "sendcheck.toml").write_text("fail_under = 101\n", encoding="utf-8")
    assert run_main(capsys, "draft.md", "--format", "json", *AS_OF)[0] == 1
    # the command line wins over the file
    assert run_main(capsys, "draft.md", "--format", "json", *AS_OF, "--fail-under", "0")[0] == 0
    (folder / "sendcheck.toml").write_text('fail_on = "gap"\n', encoding="utf-8")
    assert run_main(capsys, "draft.md", "--format", "json", *AS_OF)[0] == 1
    (folder / "sendcheck.toml").write_text('fail_on = "gap"\nignore = ["dmo-dco", '
                                           '"governance-leadership"]\n', encoding="utf-8")
    assert run_main(capsys, "draft.md", "--format", "json", *AS_OF)[0] == 0


def test_ignore_in_sendcheck_toml_removes_the_criterion(folder, capsys):
    assert "dmo-dco" in rule_ids(capsys)
    (folder / "sendcheck.toml").write_text('ignore = ["dmo-dco"]\n', encoding="utf-8")
    ids = rule_ids(capsys)
    assert "dmo-dco" not in ids and len(ids) >= 19


def test_select_in_pyproject_keeps_only_it(folder, capsys):
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "sef"\n\n[tool.sendcheck]\nselect = ["local-offer"]\n',
        encoding="utf-8")
    assert rule_ids(capsys) == ["local-offer"]
    assert rule_ids(capsys, "--select", "dmo-dco") == ["dmo-dco"]  # the command line wins


def test_sendcheck_toml_is_preferred_to_pyproject(folder, capsys):
    (folder / "pyproject.toml").write_text('[tool.sendcheck]\nselect = ["local-offer"]\n',
                                           encoding="utf-8")
    (folder / "sendcheck.toml").write_text('select = ["dmo-dco"]\n', encoding="utf-8")
    assert rule_ids(capsys) == ["dmo-dco"]


def test_a_pyproject_without_the_table_is_no_configuration(folder, capsys):
    (folder / "pyproject.toml").write_text('[project]\nname = "sef"\n', encoding="utf-8")
    assert len(rule_ids(capsys)) >= 20


def test_config_option_points_at_a_file(folder, capsys):
    (folder / "ci").mkdir()
    (folder / "ci" / "strict.toml").write_text('select = "local-offer, dmo-dco"\n'
                                               'as_of = 2026-11-24\n', encoding="utf-8")
    code, out, err = run_main(capsys, "draft.md", "--format", "json", "--config", "ci/strict.toml")
    assert code == 0, err
    report = json.loads(out)
    assert [f["rule_id"] for f in report["findings"]] == ["dmo-dco", "local-offer"]
    assert report["as_of"] == "2026-11-24"
    code, _, err = run_main(capsys, "draft.md", "--config", "ci/missing.toml")
    assert code == 2 and "ci/missing.toml" in err


@pytest.mark.parametrize("name, text, label", [
    ("sendcheck.toml", "fail_under = 50\ncolour = true\n", "sendcheck.toml, line 2"),
    ("pyproject.toml", "[tool.sendcheck]\nfail-under = 50\n", "pyproject.toml [tool.sendcheck]"),
])
def test_an_unknown_key_exits_2_naming_it_and_the_file(folder, capsys, name, text, label):
    (folder / name).write_text(text, encoding="utf-8")
    code, out, err = run_main(capsys, "draft.md", *AS_OF)
    key = "colour" if "colour" in text else "fail-under"
    assert code == 2 and out == ""
    assert err.startswith(f"sendcheck: error: {label}") and f"unknown key {key!r}" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    if key == "fail-under":
        assert "did you mean 'fail_under'" in err


@pytest.mark.parametrize("text, words", [
    ('fail_on = "sometimes"\n', "fail_on"),
    ("fail_under = 300\n", "fail_under"),
    ('format = "xml"\n', "format"),
    ("select = [\n", "not valid TOML"),
    ('select = ["no-such-rule"]\n', "no-such-rule"),
])
def test_a_wrong_value_exits_2(folder, capsys, text, words):
    (folder / "sendcheck.toml").write_text(text, encoding="utf-8")
    code, _, err = run_main(capsys, "draft.md", *AS_OF)
    assert code == 2 and words in err


def test_format_and_output_from_config(folder, capsys):
    (folder / "sendcheck.toml").write_text('format = "sarif"\noutput = "out/report.sarif"\n',
                                           encoding="utf-8")
    (folder / "out").mkdir()
    assert run_main(capsys, "draft.md", *AS_OF)[0] == 0
    log = json.loads((folder / "out" / "report.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"


def test_paths_in_a_config_file_are_relative_to_it(folder, capsys):
    (folder / "ci").mkdir()
    (folder / "ci" / "sendcheck.toml").write_text('suppressions = "accepted.yml"\n',
                                                  encoding="utf-8")
    (folder / "ci" / "accepted.yml").write_text(
        "- {rule: dmo-dco, file: draft.md, reason: Agreed}\n", encoding="utf-8")
    code, out, err = run_main(capsys, "draft.md", "--format", "json", *AS_OF,
                         "--config", "ci/sendcheck.toml")
    assert code == 0, err
    dmo = next(f for f in json.loads(out)["findings"] if f["rule_id"] == "dmo-dco")
    assert dmo["suppressed"]["reason"] == "Agreed"


def test_config_show_prints_values_and_where_they_came_from(folder, capsys):
    (folder / "pyproject.toml").write_text('[tool.sendcheck]\nfail_under = 60\n'
                                           'ignore = ["dmo-dco"]\n', encoding="utf-8")
    code, out, _ = run_main(capsys, "config", "show")
    assert code == 0
    lines = {line.split("=")[0].strip(): line for line in out.splitlines() if "=" in line}
    assert "60" in lines["fail_under"] and "# pyproject.toml [tool.sendcheck]" in lines["fail_under"]
    assert '["dmo-dco"]' in lines["ignore"]
    assert lines["format"].endswith("# default") and '"terminal"' in lines["format"]
    code, out, _ = run_main(capsys, "config", "show", "--json")
    data = json.loads(out)
    assert data["settings"]["fail_under"] == {"value": 60,
                                              "source": "pyproject.toml [tool.sendcheck]"}
    assert data["config_file"].endswith("pyproject.toml")


def test_config_show_with_nothing_configured(folder, capsys):
    code, out, _ = run_main(capsys, "config", "show")
    assert code == 0 and "none found" in out
    assert all(line.rstrip().endswith("# default") for line in out.splitlines()[1:])


def test_the_pre_commit_hook():
    import re

    import yaml

    from conftest import ROOT

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "sendcheck" and hook["entry"] == "sendcheck"
    files = re.compile(hook["files"])
    assert all(files.search(name) for name in ("sef.md", "drafts/sef.docx", "notes.txt"))
    assert not any(files.search(name) for name in ("sef.pdf", "README.rst", "sef.docx.bak"))
