"""Huge and hostile inputs: checked, or refused with exit 2 and a clear message, in bounded
memory (under 1.5 GB) and time.

Each input is built here, then checked by ``sendcheck`` in a child process whose peak resident
memory is measured (``ru_maxrss`` of a wrapper's children: the largest process among the check
and the PDF reader it forks). The time ceiling is generous, to catch a check that hangs, not to
measure speed (that is ``benchmarks/speed.py``'s job). Tests over about 10 seconds are marked
``slow``; they still run by default (``pytest -m "not slow"`` leaves them out).
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import pdf_file
from test_fuzz import docx_bytes, p, rezip

resource = pytest.importorskip("resource", reason="peak memory is measured with getrusage")

MAX_PEAK_MB = 1536
MAX_SECONDS = 120
AS_OF = "2026-11-24"

MEASURE = """\
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call(sys.argv[2:])
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
peak_mb = peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, else KB
open(sys.argv[1], "w").write(f"{code} {peak_mb:.0f} {seconds:.2f}")
"""


def sendcheck(path: Path) -> tuple[int, dict | None, str]:
    """Check ``path`` in a child process; (exit code, JSON report or None, stderr), after
    asserting the memory and time bounds. The figures are printed (``pytest -s``)."""
    out = path.with_name(path.name + ".json")
    measured = path.with_name(path.name + ".measured")
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(measured),
         sys.executable, "-c", "from sendcheck.cli import main; main()",
         str(path), "--format", "json", "--as-of", AS_OF, "-o", str(out)],
        capture_output=True, text=True, timeout=MAX_SECONDS * 2, check=False,
    )
    code, peak_mb, seconds = measured.read_text().split()
    code, peak_mb, seconds = int(code), int(peak_mb), float(seconds)
    print(f"\n{path.name}: {path.stat().st_size / 1e6:.2f} MB in, exit {code}, "
          f"peak {peak_mb} MB, {seconds:.1f} s")
    assert "Traceback" not in result.stderr, result.stderr
    assert peak_mb < MAX_PEAK_MB, f"{path.name}: peak {peak_mb} MB"
    assert seconds < MAX_SECONDS, f"{path.name}: {seconds:.0f} s"
    if code == 2:
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(f"sendcheck: error: {path}: "), result.stderr
        assert "internal error" not in result.stderr and not out.exists()
        return code, None, result.stderr
    assert code in (0, 1), result.stderr
    return code, json.loads(out.read_text(encoding="utf-8")), result.stderr


def checked(path: Path) -> dict:
    code, report, err = sendcheck(path)
    assert code in (0, 1), err
    return report


def refused(path: Path, reason: str) -> None:
    code, _, err = sendcheck(path)
    assert code == 2 and reason in err, err


WORDS = ("the local offer was relaunched in September 2026 and 4,200 families used it; children "
         "wait 61 weeks for an autism assessment against the NICE standard of 13 weeks; the "
         "designated clinical officer post is vacant; parents told us").split()


def paragraphs(words: int, per_paragraph: int = 80, seed: int = 1) -> list[str]:
    pick = random.Random(seed).choice
    return [" ".join(pick(WORDS) for _ in range(per_paragraph)) + "."
            for _ in range(words // per_paragraph)]


def sentences(characters: int) -> str:
    """One paragraph of short sentences: the most sentences per character."""
    sentence = "Waits fell to 12 weeks in 2026. "
    return (sentence * (characters // len(sentence) + 1))[:characters].strip()


def table_rows(cells: int, columns: int = 4) -> list[list[str]]:
    header = ["Area", "What the draft says", "RAG", "Reviewed"][:columns]
    return [header] + [[f"Area {r}", f"Children wait {r % 60} weeks for an assessment",
                        ("Red", "Amber", "Green")[r % 3], "March 2026"][:columns]
                       for r in range(cells // columns - 1)]


# ---------------------------------------------------------------------------------------------
# Large, but a draft: checked


@pytest.mark.slow
def test_a_million_word_text_file_is_checked(tmp_path):
    path = tmp_path / "million.txt"
    path.write_text("\n\n".join(paragraphs(1_000_000)) + "\n", encoding="utf-8")
    assert checked(path)["document"]["words"] >= 990_000


@pytest.mark.slow
def test_a_million_word_word_document_is_checked(tmp_path):
    path = tmp_path / "million.docx"
    path.write_bytes(docx_bytes("".join(p(text) for text in paragraphs(1_000_000))))
    assert checked(path)["document"]["words"] >= 990_000


def word_table(rows: list[list[str]]) -> str:
    return "<w:tbl>" + "".join("<w:tr>" + "".join(f"<w:tc>{p(cell)}</w:tc>" for cell in row)
                               + "</w:tr>" for row in rows) + "</w:tbl>"


@pytest.mark.parametrize("suffix", [".docx", ".md", ".html"])
def test_a_ten_thousand_cell_table_is_checked(tmp_path, suffix):
    rows = table_rows(10_000)
    path = tmp_path / f"table{suffix}"
    if suffix == ".docx":
        path.write_bytes(docx_bytes(p("Waiting times", "Heading1") + word_table(rows)))
    elif suffix == ".md":
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        lines.insert(1, "|---|---|---|---|")
        path.write_text("# Waiting times\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    else:
        path.write_text("<h1>Waiting times</h1><table>" + "".join(
            "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
            + "</table>", encoding="utf-8")
    report = checked(path)
    rows_quoted = {e["location"].get("row") for f in report["findings"] for e in f["evidence"]}
    assert rows_quoted - {None}, "evidence from the table's cells"


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_a_200000_character_paragraph_is_checked(tmp_path, suffix):
    text = sentences(200_000)
    path = tmp_path / f"long{suffix}"
    if suffix == ".docx":
        path.write_bytes(docx_bytes(p(text)))
    else:
        path.write_text(text + "\n", encoding="utf-8")
    assert checked(path)["document"]["words"] == len(text.split())


def test_a_paragraph_of_half_a_million_sentence_characters_is_checked(tmp_path):
    """Reading a block used to rescan all its matches for each of its sentences: minutes for
    one paragraph this long."""
    path = tmp_path / "longest.txt"
    path.write_text(sentences(490_000) + "\n", encoding="utf-8")
    checked(path)


@pytest.mark.slow
def test_many_long_paragraphs_are_checked(tmp_path):
    path = tmp_path / "long-paragraphs.txt"
    path.write_text("\n\n".join([sentences(200_000)] * 16) + "\n", encoding="utf-8")
    checked(path)


@pytest.mark.slow
def test_a_2000_page_pdf_is_checked(tmp_path):
    lines = b"".join(b"(Children wait %d weeks for an assessment, against 13 weeks in England.)"
                     b" Tj 0 -14 Td " % n for n in range(40))
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf_of_pages(2000, b"BT /F1 11 Tf 72 720 Td " + lines + b"ET"))
    assert checked(path)["document"]["words"] > 500_000


def pdf_of_pages(pages: int, content: bytes) -> bytes:
    """A PDF of ``pages`` pages that all draw the same content stream."""
    kids = b" ".join(b"%d 0 R" % (5 + n) for n in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objects += [(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
                 b"/Resources << /Font << /F1 4 0 R >> >> >>")] * pages
    return pdf_file(objects)


# ---------------------------------------------------------------------------------------------
# Hostile: refused, or read with their demands capped


def test_a_paragraph_too_long_for_the_language_pipeline_is_refused(tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_text(" ".join(paragraphs(1_000_000)) + "\n", encoding="utf-8")
    refused(path, "has a paragraph or table cell of more than 500,000 characters")


W_DEFAULT = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def word_with_document_xml(xml: bytes) -> bytes:
    return rezip(docx_bytes(p("x")), {"word/document.xml": xml})


def bare_nodes(nodes: int, seed: int = 6) -> bytes:
    """A document.xml of ``nodes`` empty paragraphs, each with a text node after it, and just
    enough noise to stay under the 100:1 compression ratio that is refused outright."""
    noise = random.Random(seed).choices
    groups = ["<p/>x" * 16 + "".join(noise("abcdefghijklmnop", k=3)) for _ in range(nodes // 16)]
    return (f'<?xml version="1.0" encoding="UTF-8"?><document xmlns="{W_DEFAULT}"><body>'
            '<p><r><t>Waits fell to 12 weeks.</t></r></p>' + "".join(groups)
            + "</body></document>").encode()


def test_word_xml_bomb_is_refused_before_parsing(tmp_path):
    """1.5 MB of zip, 40 MB of bare XML nodes: parsed, it took 2 GB and 100 seconds."""
    path = tmp_path / "nodes.docx"
    path.write_bytes(word_with_document_xml(bare_nodes(7_700_000)))
    assert path.stat().st_size < 2_000_000
    refused(path, "holds more XML than any Word document (a zip bomb?)")


def test_word_xml_just_under_the_node_limit_is_read_in_bounded_memory(tmp_path):
    from sendcheck.load.word import MAX_XML_NODES

    template = zipfile.ZipFile(io.BytesIO(docx_bytes(p("x"))))
    others = sum(data.count(b"<") + data.count(b"=") for name in template.namelist()
                 if name != "word/document.xml" for data in [template.read(name)])
    path = tmp_path / "under-the-limit.docx"
    path.write_bytes(word_with_document_xml(bare_nodes(MAX_XML_NODES - others - 100)))
    checked(path)


@pytest.mark.parametrize("name", ["ratio-bomb.docx", "size-bomb.docx"])
def test_zip_bombs_are_refused_in_bounded_memory(tmp_path, name):
    from test_load_inputs import BAD_INPUTS

    path = tmp_path / name
    path.write_bytes(BAD_INPUTS[name][0])
    refused(path, "(a zip bomb?)")


def test_word_column_spans_are_capped(tmp_path):
    """gridSpan is a number in the file: two billion once took minutes per cell to lay out."""
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="2000000000"/></w:tcPr>{p("Green")}</w:tc>'
    body = p("The local offer was relaunched in 2026.") + \
        f"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"-7\"/></w:tcPr>{p('Local offer')}" \
        f"</w:tc>{cell * 3}</w:tr><w:tr><w:trPr><w:gridBefore w:val=\"2000000000\"/></w:trPr>" \
        f"{cell}</w:tr></w:tbl>"
    path = tmp_path / "spans.docx"
    path.write_bytes(docx_bytes(body))
    checked(path)


def test_html_table_spans_that_multiply_are_refused(tmp_path):
    """64 KB of cells with rowspan=1000 colspan=100 asked for a grid of 1.8 GB."""
    path = tmp_path / "spans.html"
    path.write_text("<p>Waits fell to 12 weeks.</p><table><tr>"
                    + "<td colspan=100 rowspan=1000>x" * 2000 + "<tr>" * 1000 + "</table>",
                    encoding="utf-8")
    refused(path, "merged cells span more rows and columns than any self-evaluation's")


@pytest.mark.parametrize("row", ["|", "|a"], ids=["empty-cells", "cells"])
def test_markdown_table_of_millions_of_cells_is_refused(tmp_path, row):
    """5 MB of ``|`` became five million cells and 1.9 GB."""
    path = tmp_path / "cells.md"
    path.write_text("Waits fell to 12 weeks.\n\n| a |\n|---|\n" + row * (5_000_000 // len(row))
                    + "\n", encoding="utf-8")
    refused(path, "has more than 200,000 table cells")


def test_pdf_stream_bomb_is_refused_in_bounded_memory(tmp_path):
    content = zlib.compress(b"BT /F1 1 Tf " + b"(abcdefghij) Tj 0.5 -0.7 Td " * 3_000_000
                            + b"ET", 9)
    path = tmp_path / "bomb.pdf"
    length = b"<< /Length %d" % len(content)
    path.write_bytes(pdf_of_pages(1, content).replace(length, length + b" /Filter /FlateDecode"))
    refused(path, "more page content than any self-evaluation")


def test_a_block_longer_than_the_loaders_allow_cannot_be_made():
    """The API takes Documents made anywhere; a block the pipeline could not read (spaCy
    refuses over a million characters) is refused when it is made, with pydantic's message."""
    from pydantic import ValidationError

    from sendcheck.models import MAX_BLOCK_CHARS, Block, Location

    Block(kind="paragraph", text="x" * MAX_BLOCK_CHARS, location=Location(paragraph=1))
    with pytest.raises(ValidationError, match="at most 500000 characters"):
        Block(kind="paragraph", text="x" * (MAX_BLOCK_CHARS + 1), location=Location(paragraph=1))
