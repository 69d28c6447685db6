"""Precedents: the store format, the built-in seed letters, import, the CLI, and citations.

The corpus of 35 published PDFs is exercised in ``test_precedents_corpus.py``. Nothing here
writes outside pytest's temporary folders: every test that could touch a user store points
``SENDCHECK_HOME`` at one.
"""

from __future__ import annotations

import json
import re
import time
from datetime import date

import pytest
from click.testing import CliRunner

from sendcheck.api import Options, check_document
from sendcheck.cli import cli
from sendcheck.errors import SendcheckError
from sendcheck.load import load_document
from sendcheck.precedents import cite, library
from sendcheck.precedents.build_seeds import build, seed_config
from sendcheck.precedents.cite import (STRENGTH_FINDINGS, WEAKNESS_FINDINGS, Citer, citer_for,
                                       parse_reference)
from sendcheck.precedents.metadata import extract, parse_range, revisit_progress
from sendcheck.precedents.model import LICENCE, Precedent
from sendcheck.precedents.store import BUILTIN_DIR, builtin, read_store

from conftest import EXAMPLES, SEEDS, seed

AS_OF = date(2026, 11, 24)
SPEC_LIST_FIELDS = ["id", "area", "kind", "inspection_start", "inspection_end", "published",
                    "outcome", "source"]

# The table in ../shared/seeds/README.md, and the inspection dates each letter states.
SEED_LETTERS = {
    "swindon-2021-11-revisit": dict(
        area="Swindon", kind="revisit", inspection_start="2021-10-11",
        inspection_end="2021-10-13", published="2021-11-15", outcome="sufficient-progress",
        progress=(8, 8)),
    "wiltshire-2018-03": dict(
        area="Wiltshire", kind="inspection-2016", inspection_start="2018-01-29",
        inspection_end="2018-02-02", published="2018-03-13", outcome="no-wsoa", progress=None),
    "south-gloucestershire-2020-02-revisit": dict(
        area="South Gloucestershire", kind="revisit", inspection_start="2020-02-10",
        inspection_end="2020-02-12", published="2020-02-13", outcome="insufficient-progress",
        progress=(6, 8)),
    "warwickshire-2021-09": dict(
        area="Warwickshire", kind="inspection-2016", inspection_start="2021-07-12",
        inspection_end="2021-07-16", published="2021-09-14", outcome="wsoa", progress=None),
}

SYNTHETIC_2023 = """Local area partnership report

Area SEND inspection of Testshire Local Area Partnership

Inspection dates: 3 to 7 March 2025 Dates of previous inspection: 1 to 5 May 2017

Inspection outcome

The local area partnership's arrangements lead to inconsistent experiences and outcomes for
children and young people with special educational needs and/or disabilities (SEND).

What is the area partnership doing that is effective?

- The local offer is up to date, easy to use and was reviewed with the parent carer forum in
  January 2025.

What does the area partnership need to do better?

- Testshire has had no designated clinical officer (DCO) in post since April 2024. As a
  result, health advice for EHC plans is not quality assured.

Areas for improvement

Leaders should appoint a designated clinical officer without delay.

Local area partnership details

Testshire Council, County Hall, Testtown TT1 1TT
"""


def normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An empty user store: SENDCHECK_HOME in a temporary folder."""
    monkeypatch.setenv("SENDCHECK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def invoke(*args):
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- the built-in store -------------------------------------------------------------------


def test_builtin_store_is_the_four_seed_letters_with_their_metadata():
    records = builtin()
    assert set(records) == set(SEED_LETTERS)  # the "You said, we did" page is not a letter
    for precedent_id, expected in SEED_LETTERS.items():
        record = records[precedent_id]
        got = record.summary()
        for key in ("area", "kind", "inspection_start", "inspection_end", "published",
                    "outcome"):
            assert got[key] == expected[key], (precedent_id, key)
        progress = (record.progress.sufficient, record.progress.total) if record.progress \
            else None
        assert progress == expected["progress"], precedent_id


def test_builtin_records_carry_source_and_licence_and_valid_passages():
    for record in builtin().values():
        assert record.licence == LICENCE
        assert record.source and record.area in record.source
        assert [p.n for p in record.passages] == list(range(1, len(record.passages) + 1))
        for passage in record.passages:
            assert passage.text == normalised(passage.text)
            for sentence in passage.sentences:
                assert passage.text[sentence.start:sentence.end].strip()
        text = " ".join(p.text for p in record.passages)
        for boilerplate in ("Agora", "Cumberland Place", "Yours sincerely", "enquiries@",
                            "NG1 6HJ", "Dear "):
            assert boilerplate not in text, (record.id, boilerplate)


def test_builtin_json_files_are_one_record_each_named_by_id():
    files = sorted(BUILTIN_DIR.glob("*.json"))
    assert len(files) == len(SEED_LETTERS)
    for path in files:
        assert Precedent.model_validate_json(path.read_bytes()).id == path.stem


def test_seed_structure_findings():
    records = builtin()
    warwickshire = records["warwickshire-2021-09"]
    wsoa = [p.text for p in warwickshire.passages if p.section == "significant-weakness"]
    assert len(wsoa) == 5  # the five areas of significant weakness of the WSOA
    assert wsoa[-1] == "the quality of the online local offer."
    swindon = records["swindon-2021-11-revisit"]
    quoted = next(p for p in swindon.passages if "lack of a designated medical officer" in p.text)
    assert quoted.section == "history"  # the original weakness, not the current position
    south_glos = records["south-gloucestershire-2020-02-revisit"]
    annual = next(p for p in south_glos.passages if "annual review process" in p.text)
    assert annual.section == "insufficient-progress"
    wiltshire = records["wiltshire-2018-03"]
    dmo = next(p for p in wiltshire.passages if "does not currently have a dedicated DMO/DCO"
               in p.text)
    assert dmo.section == "area-for-development"
    assert dmo.criteria["dmo-dco"].finding == "area-for-development"


def test_builtin_store_is_in_step_with_the_seed_texts():
    """build_seeds gives the committed metadata, passages and sections (the tags depend on the
    rules: rebuild with `python -m sendcheck.precedents.build_seeds ../shared/seeds`)."""
    seed("000")
    built = {name: json.loads(text) for name, text in build(SEEDS).items()}
    assert set(built) == {f"{pid}.json" for pid in SEED_LETTERS}
    for name, data in built.items():
        committed = json.loads((BUILTIN_DIR / name).read_text(encoding="utf-8"))
        for key in ("id", "area", "kind", "inspection_start", "inspection_end", "published",
                    "outcome", "progress", "source", "licence", "sha256"):
            assert data[key] == committed[key], (name, key)
        assert [(p["text"], p["section"]) for p in data["passages"]] == \
            [(p["text"], p["section"]) for p in committed["passages"]], name


def test_seed_references_are_the_letters_own_words():
    from sendcheck.precedents import builtin_references

    records = builtin()
    citer = Citer(library(store="/nonexistent/sendcheck-test-store"))
    for rule_id, references in builtin_references().items():
        for reference in references:
            precedent_id, phrase = parse_reference(reference)
            assert precedent_id in records, reference
            assert any(normalised(phrase) in p.text for p in records[precedent_id].passages), \
                reference
            cited = citer.citations(rule_id, "weakness", 10, [reference])
            assert any(c.precedent_id == precedent_id and normalised(phrase) in c.quote
                       for c in cited), reference
    assert "001_b6f1685574d9271c.txt" in seed_config()
    assert "skip" in seed_config()["001_b6f1685574d9271c.txt"]


# --- metadata from text -------------------------------------------------------------------


@pytest.mark.parametrize("text, start, end", [
    ("Between 29 January 2018 and 2 February 2018, Ofsted", "2018-01-29", "2018-02-02"),
    ("Inspection dates: 17 to 21 June 2024", "2024-06-17", "2024-06-21"),
    ("14 to 18 October 2024", "2024-10-14", "2024-10-18"),
    ("29 January 2024 to 02 February 2024", "2024-01-29", "2024-02-02"),
    ("Between 10 and 12 February 2020", "2020-02-10", "2020-02-12"),
    ("Between 12 July and 16 July 2021", "2021-07-12", "2021-07-16"),
    ("23 September to 27 September 2024", "2024-09-23", "2024-09-27"),
    ("30 December to 3 January 2020", "2019-12-30", "2020-01-03"),
    ("1st \u2013 5th March 2019", "2019-03-01", "2019-03-05"),
])
def test_date_ranges(text, start, end):
    found = parse_range(text)
    assert found is not None
    assert (found[0].isoformat(), found[1].isoformat()) == (start, end)


def test_metadata_of_unseen_letter_wordings():
    letter = extract([
        "Joint local area special educational needs and/or disabilities inspection in "
        "Bracknell Forest",
        "Between 6 March 2017 and 10 March 2017, Ofsted and the Care Quality Commission (CQC) "
        "conducted a joint inspection of the local area of Bracknell Forest.",
        "Her Majesty's Chief Inspector (HMCI) has determined that a Written Statement of Action "
        "(WSOA) is required because of significant areas of weakness in the area's practice."])
    assert (letter.kind, letter.area, letter.outcome) == ("inspection-2016", "Bracknell Forest",
                                                          "wsoa")
    assert letter.inspection_start == date(2017, 3, 6)
    revisit = extract([
        "12 May 2022", "Dear Ms Smith", "Joint area SEND revisit in the Isle of Wight",
        "Between 4 and 6 April 2022, Ofsted and the Care Quality Commission (CQC) revisited the "
        "area of the Isle of Wight to decide whether sufficient progress has been made.",
        "The area has made sufficient progress in addressing two of the three significant "
        "weaknesses identified at the initial inspection. The area has not made sufficient "
        "progress in addressing one significant weakness."])
    assert (revisit.kind, revisit.area, revisit.outcome, revisit.progress) == \
        ("revisit", "Isle of Wight", "insufficient-progress", (2, 3))
    assert revisit.published == date(2022, 5, 12)
    report = extract([
        "Area SEND inspection of the Royal Borough of Kingston upon Thames Local", "Area "
        "Partnership", "Inspection dates: 2 to 6 December 2024", "Inspection outcome",
        "There are widespread and/or systemic failings leading to significant concerns"])
    assert (report.kind, report.area, report.outcome) == \
        ("area-send-2023", "Royal Borough of Kingston upon Thames", "systemic-failings")


def test_revisit_progress_from_verdicts():
    verdicts = ["The area has made sufficient progress in addressing this significant weakness.",
                "The area has not made sufficient progress to improve this area of weakness."]
    assert revisit_progress(verdicts) == (1, 2)


def test_a_letter_not_from_ofsted_is_refused(tmp_path):
    from sendcheck.errors import InputError
    from sendcheck.precedents.importer import import_letter

    path = tmp_path / "notes.txt"
    path.write_text("Our SEND self-evaluation\n\nWe have a DCO in post since 2020.\n")
    with pytest.raises(InputError, match="notes.txt"):
        import_letter(str(path))


def test_you_said_we_did_seed_is_not_a_letter():
    from sendcheck.errors import InputError
    from sendcheck.precedents.importer import import_letter

    with pytest.raises(InputError):
        import_letter(str(seed("001")))


# --- import and the CLI -----------------------------------------------------------------


def test_import_list_show_search(tmp_path, home):
    letter = tmp_path / "testshire.txt"
    letter.write_text(SYNTHETIC_2023)
    store = tmp_path / "store"
    code, out, err = invoke("precedents", "import", str(letter), "--store", str(store))
    assert code == 0, err
    assert "testshire-2025-03" in out and "new" in out
    record = read_store(store)["testshire-2025-03"]
    assert (record.area, record.kind, record.outcome) == ("Testshire", "area-send-2023",
                                                          "inconsistent")
    assert record.inspection_start == date(2025, 3, 3) and record.published is None
    sections = {p.section for p in record.passages}
    assert {"strength", "area-for-development", "area-for-improvement"} <= sections
    assert not any("County Hall" in p.text for p in record.passages)  # back matter left out
    dco = next(p for p in record.passages if "no designated clinical officer" in p.text)
    assert dco.criteria["dmo-dco"].finding == "area-for-development"

    code, out, _ = invoke("precedents", "list", "--format", "json", "--store", str(store))
    assert code == 0
    listed = json.loads(out)
    assert all(list(item) == SPEC_LIST_FIELDS for item in listed)
    assert {item["id"] for item in listed} == {*SEED_LETTERS, "testshire-2025-03"}
    mine = next(item for item in listed if item["id"] == "testshire-2025-03")
    assert mine == {"id": "testshire-2025-03", "area": "Testshire", "kind": "area-send-2023",
                    "inspection_start": "2025-03-03", "inspection_end": "2025-03-07",
                    "published": None, "outcome": "inconsistent", "source": record.source}

    code, out, _ = invoke("precedents", "list", "--store", str(store))
    assert code == 0 and "testshire-2025-03" in out and "wiltshire-2018-03" in out
    code, out, _ = invoke("precedents", "show", "testshire-2025-03", "--store", str(store))
    assert code == 0 and "designated clinical officer" in out and "Open Government" in out
    code, out, _ = invoke("precedents", "search", "designated clinical", "--store", str(store))
    assert code == 0 and "testshire-2025-03" in out
    assert not (home / "precedents").exists()  # --store wins over SENDCHECK_HOME


def test_reimport_updates_never_duplicates(tmp_path, home):
    letter = tmp_path / "testshire.txt"
    letter.write_text(SYNTHETIC_2023)
    assert invoke("precedents", "import", str(letter))[0] == 0
    code, out, _ = invoke("precedents", "import", str(letter))
    assert code == 0 and "unchanged" in out
    letter.write_text(SYNTHETIC_2023.replace("without delay", "as a matter of urgency"))
    code, out, _ = invoke("precedents", "import", str(letter))
    assert code == 0 and "updated" in out
    files = list((home / "precedents").glob("*.json"))
    assert [f.name for f in files] == ["testshire-2025-03.json"]
    assert "as a matter of urgency" in files[0].read_text()


def test_unreadable_file_is_reported_and_the_rest_imported(tmp_path, home):
    good = tmp_path / "testshire.txt"
    good.write_text(SYNTHETIC_2023)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 this is not really a PDF")
    notes = tmp_path / "notes.txt"
    notes.write_text("Minutes of the SEND board.\n")
    code, out, err = invoke("precedents", "import", str(broken), str(good), str(notes),
                            str(tmp_path / "missing.pdf"))
    assert code == 0
    assert "testshire-2025-03" in out
    errors = [line for line in err.splitlines() if line]
    assert len(errors) == 3 and all(line.startswith("sendcheck: error: ") for line in errors)
    assert any("broken.pdf" in line for line in errors)
    assert any("notes.txt" in line for line in errors)


def test_exit_2_only_when_nothing_imported(tmp_path, home):
    notes = tmp_path / "notes.txt"
    notes.write_text("Minutes of the SEND board.\n")
    code, out, err = invoke("precedents", "import", str(notes))
    assert code == 2 and "notes.txt" in err and "0 imported" in out
    assert not (home / "precedents").exists() or not list((home / "precedents").iterdir())


def test_show_unknown_id_is_one_line_exit_2(home):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", "from sendcheck.cli import main; main()",
                             "precedents", "show", "no-such-letter"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no-such-letter" in result.stderr


def test_corrupt_user_record_is_one_line_error(tmp_path, home):
    (home / "precedents").mkdir(parents=True)
    (home / "precedents" / "bad.json").write_text("{not json")
    with pytest.raises(SendcheckError, match="bad.json"):
        library()


# --- citations ------------------------------------------------------------------------------


def report_for(name: str, **options):
    return check_document(load_document(str(EXAMPLES / f"{name}.docx")),
                          Options(as_of=AS_OF, **options))


def letter_texts(lib) -> dict[str, list[str]]:
    return {pid: [p.text for p in record.passages] for pid, record in lib.records.items()}


def test_weak_draft_every_core_gap_has_a_quoted_precedent(home):
    report = report_for("weak")
    pack = Options().pack()
    core = {c.id for c in pack.criteria if c.core}
    gaps = [f for f in report.findings if f.position == "gap" and f.rule_id in core]
    assert gaps, "the weak example reports gaps"
    for finding in gaps:
        assert finding.citations, finding.rule_id
        for citation in finding.citations:
            assert citation.area and re.fullmatch(r"\d{4}-\d{2}-\d{2}", citation.date)
            assert citation.quote and citation.source
            assert citation.finding in WEAKNESS_FINDINGS, (finding.rule_id, citation.finding)


def test_dmo_vacancy_is_matched_with_wiltshire_2018(home):
    report = report_for("weak")
    dmo = next(f for f in report.findings if f.rule_id == "dmo-dco")
    assert dmo.position == "gap"
    wiltshire = next(c for c in dmo.citations if c.precedent_id == "wiltshire-2018-03")
    assert (wiltshire.area, wiltshire.date, wiltshire.kind, wiltshire.outcome) == \
        ("Wiltshire", "2018-02-02", "inspection-2016", "no-wsoa")
    assert "designated medical officer" in wiltshire.quote


@pytest.mark.parametrize("name", ["weak", "medium", "strong"])
def test_every_citation_is_verbatim_and_fits_the_position(name, home):
    report = report_for(name)
    texts = letter_texts(library())
    for finding in report.findings:
        assert len(finding.citations) <= 3
        ids = [c.precedent_id for c in finding.citations]
        assert len(ids) == len(set(ids)), "at most one citation per letter"
        for citation in finding.citations:
            quote = normalised(citation.quote)
            assert any(quote in normalised(text) for text in texts[citation.precedent_id]), \
                citation
            wanted = STRENGTH_FINDINGS | {"strength"} if finding.position == "strength" and \
                finding.status != "missing" else WEAKNESS_FINDINGS
            assert citation.finding in wanted, (finding.rule_id, finding.position, citation)
            assert citation.finding != "history"


def test_seed_quotes_are_in_the_letter_files(home):
    """Beyond the stored passages: each quote is in the published text itself."""
    seed("000")
    report = report_for("weak")
    files = {name: normalised((SEEDS / name).read_text())
             for name in seed_config() if "skip" not in seed_config()[name]}
    for citation in (c for f in report.findings for c in f.citations):
        assert any(normalised(citation.quote) in text for text in files.values()), citation


def test_citations_are_deterministic_and_configurable(home):
    first = report_for("medium").model_dump()
    assert first == report_for("medium").model_dump()
    none = report_for("medium", citations=0)
    assert all(not f.citations for f in none.findings)
    one = report_for("medium", citations=1)
    assert max(len(f.citations) for f in one.findings) == 1


def test_user_store_and_builtin_store_combine(tmp_path, home):
    letter = tmp_path / "testshire.txt"
    letter.write_text(SYNTHETIC_2023)
    assert invoke("precedents", "import", str(letter))[0] == 0
    lib = library()
    assert set(lib.records) == {*SEED_LETTERS, "testshire-2025-03"}
    assert lib.origin["testshire-2025-03"] == "user"
    assert lib.origin["wiltshire-2018-03"] == "built-in"
    draft = tmp_path / "draft.md"
    draft.write_text("# Designated clinical officer\n\nThe DCO post has been vacant since March "
                     "2026 and we have no designated medical officer.\n")
    report = check_document(load_document(str(draft)), Options(as_of=AS_OF))
    dmo = next(f for f in report.findings if f.rule_id == "dmo-dco")
    cited = {c.precedent_id for c in dmo.citations}
    assert {"testshire-2025-03", "wiltshire-2018-03"} <= cited


def test_cli_check_shows_citations_compactly(home):
    code, out, _ = invoke("check", str(EXAMPLES / "weak.docx"), "--as-of", AS_OF.isoformat())
    assert code == 0
    attention = out.split("Needs attention", 1)[1]
    assert "Inspectors elsewhere: Wiltshire, 2018-02-02" in attention
    code, out, _ = invoke("check", str(EXAMPLES / "weak.docx"), "--as-of", AS_OF.isoformat(),
                          "--format", "json", "--citations", "2")
    report = json.loads(out)
    cited = [c for f in report["findings"] for c in f["citations"]]
    assert cited and max(len(f["citations"]) for f in report["findings"]) <= 2
    assert all({"precedent_id", "area", "date", "quote", "finding"} <= set(c) for c in cited)


def test_loading_and_citing_is_fast(home):
    from sendcheck.precedents import store

    report = report_for("weak")
    pack = Options().pack()
    builtin.cache_clear()
    store._LIBRARIES.clear()
    started = time.perf_counter()
    lib = library()
    cited = cite(report.findings, pack)
    citer_for(lib)
    assert time.perf_counter() - started < 0.2
    assert any(f.citations for f in cited)


# --- the letter formats: rules/letters.yaml -----------------------------------------------------


def _broken_letters(tmp_path, old: str, new: str) -> tuple[str, int]:
    """A copy of the shipped letters.yaml with ``old`` (a whole line) replaced by ``new``, and
    the 1-based number of that line."""
    from sendcheck.precedents.letters import letters_file

    lines = letters_file().read_text(encoding="utf-8").splitlines()
    index = lines.index(old)
    lines[index] = new
    path = tmp_path / "letters.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path), index + 1


def test_shipped_letters_file_is_valid_and_compiled():
    from sendcheck.precedents.letters import letters_file, load_letters

    letters = load_letters()
    assert letters.source == str(letters_file())
    assert set(letters.kinds) == {"inspection-2016", "revisit", "area-send-2023"}
    assert load_letters() is letters  # loaded once


@pytest.mark.parametrize("old, new, message", [
    ("  back_matter:", "  back_mater:", "back_mater"),  # a misspelt key
    ("    - section: strength", "    - section: strenght", "section"),  # not a section
    ("      - joint local area {send} inspection in [the] {area}",
     "      - joint local area {sned} inspection in [the] {area}", "{sned}"),  # unknown term
    ("        - has made sufficient progress against this",
     "        - has made sufficient [progress against this", "unbalanced"),
    ("  opening: [between, from]", "  opening: [between, from", "not valid YAML"),
    ("      patterns: ['what is it like to be a child or young person\\b.*\\?']",
     "      patterns: ['what is it like (to be a child']", "regular expression"),
    ("    unstated_outcome: no-wsoa", "    unstated_outcome: positive", "unstated_outcome"),
])
def test_malformed_letters_file_names_file_and_line(tmp_path, old, new, message):
    from sendcheck.errors import RuleFileError
    from sendcheck.precedents.letters import load_letters

    path, line = _broken_letters(tmp_path, old, new)
    with pytest.raises(RuleFileError) as caught:
        load_letters(path)
    error = caught.value
    assert error.path == path
    if message == "not valid YAML":  # the parser notices at the end of the flow sequence
        assert error.line is not None and error.line >= line
    else:
        assert error.line == line, str(error)
    assert str(error).startswith(f"{path}:{error.line}: ") and message in str(error)


def test_missing_letters_file_is_a_rule_file_error(tmp_path):
    from sendcheck.errors import RuleFileError
    from sendcheck.precedents.letters import load_letters

    with pytest.raises(RuleFileError, match="letters.yaml"):
        load_letters(str(tmp_path / "letters.yaml"))


def test_phrase_notation():
    from sendcheck.precedents.letters import Phrases, phrase_regex

    terms = {"send": ["SEND", "special educational needs and/or disabilities (SEND)"]}
    title = re.compile(phrase_regex("joint [local] area {send} inspection in [the] {area} local "
                                    "area", terms), re.I)
    found = title.search("JOINT AREA special educational needs and/or\ndisabilities(SEND) "
                         "inspection in the Isle of Wight Local Area")
    assert found and found["area"] == "Isle of Wight"
    assert not title.search("Joint local area SEND inspections in Wiltshire")
    so = Phrases(["so", "as a result"], {})
    assert so.match("So, leaders ...") and so.match("As a result, ...")
    assert not so.match("Some leaders ...")  # a phrase ends where a word does
    assert Phrases(["area SEND inspection report:"], {}).search("coArea SEND inspection report: X")
    assert not Phrases([], {}).search("anything")  # an empty list matches nothing
    with pytest.raises(ValueError, match="neither a term nor a slot"):
        phrase_regex("{nothing} here", terms)
    with pytest.raises(ValueError, match="no words that are not optional"):
        phrase_regex("[only optional]", terms)
