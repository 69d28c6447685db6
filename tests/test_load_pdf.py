"""PDF loading: small PDFs written here byte by byte, and the real Ofsted reports in the corpus."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from sendcheck.errors import InputError
from sendcheck.load import load_document

CORPUS_PDF = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"
EFFECTIVE = "What is the area partnership doing that is effective?"


def make_pdf(pages) -> bytes:
    """A minimal valid PDF; each page is a list of (x, y, size, text, bold) lines in Helvetica."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                  b"/Encoding /WinAnsiEncoding >>",
               4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
                  b"/Encoding /WinAnsiEncoding >>"}
    kids = []
    number = 10
    for lines in pages:
        ops = []
        for x, y, size, text, bold in lines:
            escaped = text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(") \
                .replace(b")", b"\\)")
            ops.append(b"BT /F%d %g Tf %g %g Td (%s) Tj ET" % (2 if bold else 1, size, x, y, escaped))
        stream = b"\n".join(ops)
        objects[number + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        objects[number] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                           b"/Contents %d 0 R /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>"
                           % (number + 1))
        kids.append(number)
        number += 2
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def body(y: float, text: str) -> tuple:
    return (72, y, 11, text, False)


def page_furniture(number: int) -> list[tuple]:
    return [(72, 30, 9, "Swindon SEND self-evaluation, draft 3", False),
            (500, 30, 9, str(number), False)]


SEF_PAGES = [
    [(72, 780, 18, "Self-evaluation", True),
     (72, 750, 14, "Waiting times", True),
     body(725, "The median wait for an autism assessment fell from 60 weeks in 2022 to 40"),
     body(711, "weeks in 2024. Families receive support from the partner-"),
     body(697, "ship while they wait, including co-"),
     body(683, "production workshops."),
     body(655, "A second paragraph starts after a gap and is short."),
     body(627, "\u2022 Drop-in sessions run every week in three family hubs across the"),
     (86, 613, 11, "borough.", False),
     body(599, "\u2022 Parents can call the helpline."),
     (72, 570, 11, "How well do we know our area?", True),
     body(545, "We use data from health, education and care to find out where needs are"),
     body(531, "rising and where the gaps in provision are largest across the"),
     *page_furniture(1)],
    [body(780, "local area, and we share it with the parent carer forum."),
     body(752, "This paragraph is on page two."),
     *page_furniture(2)],
    [body(780, "Page three text keeps the footer repeated on most pages."),
     *page_furniture(3)],
]


@pytest.fixture
def sef_pdf(tmp_path):
    path = tmp_path / "sef.pdf"
    path.write_bytes(make_pdf(SEF_PAGES))
    return path


def test_headings_paragraphs_and_lists(sef_pdf):
    document = load_document(str(sef_pdf))
    assert document.format == "pdf"
    blocks = [(b.kind, b.level, b.text) for b in document.blocks]
    assert blocks[0] == ("heading", 1, "Self-evaluation")
    assert blocks[1] == ("heading", 2, "Waiting times")
    assert blocks[2][0] == "paragraph" and blocks[2][2].startswith("The median wait")
    assert blocks[3] == ("paragraph", None, "A second paragraph starts after a gap and is short.")
    assert blocks[4] == ("list-item", None, "Drop-in sessions run every week in three family hubs "
                                            "across the borough.")
    assert blocks[5] == ("list-item", None, "Parents can call the helpline.")
    assert blocks[6] == ("heading", 3, "How well do we know our area?")
    assert document.blocks[5].headings == ["Self-evaluation", "Waiting times"]


def test_hyphenated_line_breaks_are_rejoined(sef_pdf):
    text = load_document(str(sef_pdf)).blocks[2].text
    assert "partnership while" in text
    assert "co-production workshops" in text
    assert "\ufffe" not in text


def test_paragraph_continues_across_pages_and_records_its_first_page(sef_pdf):
    blocks = load_document(str(sef_pdf)).blocks
    spanning = next(b for b in blocks if b.text.startswith("We use data"))
    assert spanning.text.endswith("across the local area, and we share it with the parent carer forum.")
    assert spanning.location.page == 1
    assert spanning.headings == ["Self-evaluation", "Waiting times", "How well do we know our area?"]
    page_two = next(b for b in blocks if b.text == "This paragraph is on page two.")
    assert page_two.location.page == 2


def test_running_footer_and_page_numbers_dropped(sef_pdf):
    texts = [b.text for b in load_document(str(sef_pdf)).blocks]
    assert not any("draft 3" in text for text in texts)
    assert not any(re.fullmatch(r"\d+", text) for text in texts)


def test_text_only_headings_when_no_font_marks_them(tmp_path):
    path = tmp_path / "plain.pdf"
    path.write_bytes(make_pdf([[body(780, "Main findings"),
                                body(750, "Leaders have a clear and accurate view of the area and what"),
                                body(736, "it needs to improve next."),
                                body(708, "Another paragraph."),
                                ]]))
    blocks = load_document(str(path)).blocks
    assert (blocks[0].kind, blocks[0].text) == ("heading", "Main findings")
    assert blocks[1].headings == ["Main findings"]


def test_scanned_pdf_has_no_text_layer(tmp_path):
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    path = tmp_path / "scan.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match=r"has no text layer \(a scan\?\)") as caught:
        load_document(str(path))
    assert caught.value.path == str(path)


def corpus_pdfs() -> list[Path]:
    return sorted(CORPUS_PDF.glob("*.pdf")) if CORPUS_PDF.is_dir() else []


needs_corpus = pytest.mark.skipif(not corpus_pdfs(), reason=f"no PDF corpus at {CORPUS_PDF}")


@needs_corpus
def test_every_corpus_pdf_loads_cleanly():
    started = time.perf_counter()
    for path in corpus_pdfs():
        document = load_document(str(path))
        assert document.words > 1500, path
        assert any(EFFECTIVE in block.headings for block in document.blocks), path
        for block in document.blocks:
            assert not re.fullmatch(r"[\d\W]+", block.text), (path, block.text)
            assert "Area SEND inspection report:" not in block.text, (path, block.text)
            assert "\ufffe" not in block.text, (path, block.text)
    assert time.perf_counter() - started < 10


@needs_corpus
@pytest.mark.parametrize(("name", "present", "absent"), [
    ("bedford_2024-11_area-send.pdf", ["well-considered guidance", "effective co-working",
                                        "Muti-Agency Panel", "well-coordinated"], ["wellconsidered"]),
    ("enfield_2023-03_area-send.pdf", ["children", "leaders", "services"],
     ["chil-dren", "lead-ers", "ser-vices", "re-views"]),
    ("stoke-on-trent_2024-01_area-send.pdf", ["Stoke-on-Trent", "city-wide", "pre-referral"],
     ["citywide", "prereferral"]),
])
def test_corpus_hyphen_spot_checks(name, present, absent):
    path = CORPUS_PDF / name
    if not path.exists():
        pytest.skip(f"{path} is not in the corpus")
    text = " ".join(block.text for block in load_document(str(path)).blocks)
    for word in present:
        assert word in text
    for word in absent:
        assert word not in text


@needs_corpus
def test_corpus_blocks_under_the_effective_heading_are_its_bullets():
    document = load_document(str(CORPUS_PDF / "bedford_2024-11_area-send.pdf"))
    under = [b for b in document.blocks if b.headings and b.headings[-1] == EFFECTIVE]
    assert len(under) >= 8 and all(b.kind == "list-item" for b in under)
    assert under[0].text.startswith("The partnership is ambitious")
    assert under[0].location.page == 3
