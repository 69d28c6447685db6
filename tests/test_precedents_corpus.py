"""Importing the shared corpus: 35 published Area SEND reports as PDF (and 36 as text).

The expected metadata is the table in ../shared/corpus/README.md, read here with a parser of the
test's own. Skipped, with the reason, when ../shared/corpus is not beside the repository.
"""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest

from sendcheck.api import Options, check_document
from sendcheck.load import load_document
from sendcheck.precedents import library
from sendcheck.precedents.importer import default_compiled, import_letter
from sendcheck.precedents.store import write_record

from conftest import CORPUS, EXAMPLES

README = CORPUS / "README.md"
pytestmark = pytest.mark.skipif(not README.is_file(),
                                reason=f"the shared corpus is not at {CORPUS}")

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
OUTCOMES = {"typically positive": "positive", "inconsistent": "inconsistent",
            "widespread and/or systemic": "systemic-failings"}


def _dates(text: str) -> tuple[date, date]:
    """'18 to 22 November 2024', '20 March 2023 to 24 March 2023', '23 September to 27
    September 2024'."""
    first, second = (part.split() for part in text.lower().split(" to "))
    day2, month2, year2 = int(second[0]), MONTHS.index(second[1]) + 1, int(second[2])
    month1 = MONTHS.index(first[1]) + 1 if len(first) > 1 else month2
    year1 = int(first[2]) if len(first) > 2 else year2
    return date(year1, month1, int(first[0])), date(year2, month2, day2)


def _key(area: str) -> str:
    area = re.sub(r"^the\s+|\s+Local Area Partnership$", "", area.strip(), flags=re.I)
    return re.sub(r"[^a-z]", "", area.lower())


def expected_rows() -> dict[str, dict]:
    rows = {}
    if not README.is_file():
        return rows
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or not cells[0].startswith("letters/"):
            continue
        outcome = next(v for k, v in OUTCOMES.items() if cells[4].lower().startswith(k))
        start, end = _dates(cells[2])
        rows[Path(cells[0]).stem] = {"area": _key(cells[1]), "start": start, "end": end,
                                     "outcome": outcome}
    return rows


EXPECTED = expected_rows()
PDFS = sorted((CORPUS / "pdf").glob("*.pdf")) if README.is_file() else []


@pytest.fixture(scope="module")
def imported_pdfs():
    """Every corpus PDF imported once (the spaCy pipeline compiled first, timed apart)."""
    default_compiled()
    started = time.perf_counter()
    records = {path.stem: import_letter(str(path)) for path in PDFS}
    return records, time.perf_counter() - started


def test_the_table_and_the_pdfs_agree():
    assert len(EXPECTED) == 36 and len(PDFS) == 35
    assert {p.stem for p in PDFS} <= set(EXPECTED)


def test_importing_the_corpus_is_fast(imported_pdfs):
    _, seconds = imported_pdfs
    assert seconds < 20, f"importing {len(PDFS)} PDFs took {seconds:.1f} s"


@pytest.mark.parametrize("name", [p.stem for p in PDFS])
def test_pdf_metadata_matches_the_readme(name, imported_pdfs):
    record = imported_pdfs[0][name]
    expected = EXPECTED[name]
    assert record.kind == "area-send-2023"
    assert _key(record.area) == expected["area"]
    assert (record.inspection_start, record.inspection_end) == (expected["start"],
                                                                 expected["end"])
    assert record.outcome == expected["outcome"]
    assert record.published is None  # not stated in the report itself
    assert record.source and record.licence == "Open Government Licence v3.0"


def test_text_copies_give_the_same_metadata():
    """The pdftotext copies (hard-wrapped, running footers in) and Essex, which has no PDF."""
    for path in sorted((CORPUS / "letters").glob("*.txt")):
        record = import_letter(str(path))
        expected = EXPECTED[path.stem]
        assert _key(record.area) == expected["area"], path.name
        assert (record.inspection_start, record.inspection_end, record.outcome) == \
            (expected["start"], expected["end"], expected["outcome"]), path.name
        assert record.source.startswith(("data-to-insight", "happygeneralist")), path.name


def test_passages_are_findings_without_boilerplate(imported_pdfs):
    for name, record in imported_pdfs[0].items():
        sections = [p.section for p in record.passages]
        assert "strength" in sections and "area-for-development" in sections, name
        assert "area-for-improvement" in sections, name
        if record.outcome == "systemic-failings":
            assert "area-for-priority-action" in sections, name
        else:
            assert "area-for-priority-action" not in sections, name
        text = " ".join(p.text for p in record.passages)
        for boilerplate in ("Crown copyright", "Piccadilly Gate", "If you are not happy",
                            "eepurl", "Inspection dates:", "Lead inspector"):
            assert boilerplate not in text, (name, boilerplate)
        tagged = [p for p in record.passages if p.criteria]
        assert len(tagged) >= len(record.passages) // 3, name


def test_a_store_of_the_corpus_cites_verbatim(imported_pdfs, tmp_path, monkeypatch):
    monkeypatch.setenv("SENDCHECK_HOME", str(tmp_path))
    for record in imported_pdfs[0].values():
        write_record(tmp_path / "precedents", record)
    lib = library()
    assert len(lib.records) == 35 + 4
    report = check_document(load_document(str(EXAMPLES / "weak.docx")),
                            Options(as_of=date(2026, 11, 24)))
    texts = {pid: [" ".join(p.text.split()) for p in r.passages] for pid, r in lib.records.items()}
    cited = [c for f in report.findings for c in f.citations]
    assert len({c.precedent_id for c in cited}) > 4  # imported letters are cited too
    for citation in cited:
        quote = " ".join(citation.quote.split())
        assert any(quote in text for text in texts[citation.precedent_id]), citation
