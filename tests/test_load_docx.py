"""Word documents built here with python-docx, plus raw WordprocessingML where Word features
(tracked changes, content controls, text boxes) have no python-docx API."""

from __future__ import annotations

import hashlib

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from sendcheck.errors import InputError
from sendcheck.load import load_document

W = nsdecls("w")
EXTRA_NS = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:v="urn:schemas-microsoft-com:vml" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
TRACK = 'w:id="{}" w:author="Reviewer" w:date="2024-05-01T10:00:00Z"'


def append_runs(paragraph, xml: str) -> None:
    """Append raw run-level XML (runs, w:ins, w:sdt, ...) to a python-docx paragraph."""
    wrapper = parse_xml(f'<w:p {W} {EXTRA_NS}>{xml}</w:p>')
    for child in list(wrapper):
        paragraph._p.append(child)


def append_block(document, xml: str) -> None:
    """Insert raw block-level XML into the body, before the final section properties."""
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(xml))


def text_of(path) -> str:
    return " | ".join(block.text for block in load_document(str(path)).blocks)


@pytest.fixture
def draft(tmp_path):
    document = docx.Document()
    document.add_heading("SEND self-evaluation 2024", level=0)
    document.add_heading("Waiting times", level=1)
    document.add_paragraph("Waits for autism assessment fell to 40 weeks.")
    document.add_heading("Autism pathway", level=2)
    document.add_paragraph("Families are supported while they wait.")
    document.add_paragraph("Drop-in sessions run weekly", style="List Bullet")
    document.add_heading("Local offer", level=1)
    document.add_paragraph("The local offer was reviewed in March 2024.")
    path = tmp_path / "draft.docx"
    document.save(path)
    return path


def test_headings_trail_and_locations(draft):
    blocks = load_document(str(draft)).blocks
    kinds = [(b.kind, b.level, b.text) for b in blocks]
    assert kinds[:3] == [("heading", 1, "SEND self-evaluation 2024"), ("heading", 1, "Waiting times"),
                         ("paragraph", None, "Waits for autism assessment fell to 40 weeks.")]
    wait = next(b for b in blocks if b.text.startswith("Families"))
    assert wait.headings == ["Waiting times", "Autism pathway"]
    assert wait.location.section == "Waiting times > Autism pathway"
    assert [b.location.paragraph for b in blocks] == list(range(1, len(blocks) + 1))
    sub = next(b for b in blocks if b.text == "Autism pathway")
    assert sub.headings == ["Waiting times"] and sub.location.section == "Waiting times"
    offer = next(b for b in blocks if b.text.startswith("The local offer"))
    assert offer.headings == ["Local offer"]
    item = next(b for b in blocks if b.kind == "list-item")
    assert item.text == "Drop-in sessions run weekly"
    assert item.headings == ["Waiting times", "Autism pathway"]


def test_document_identity(draft):
    document = load_document(str(draft))
    assert document.format == "docx"
    assert document.path == str(draft)
    assert document.sha256 == hashlib.sha256(draft.read_bytes()).hexdigest()


def test_outline_level_in_style_chain_and_paragraph_is_a_heading(tmp_path):
    document = docx.Document()
    base = document.styles.add_style("SEF Section", 1)
    base.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="0"/>'))
    derived = document.styles.add_style("SEF Section Blue", 1)
    derived.base_style = base
    document.add_paragraph("Leadership", style="SEF Section Blue")
    document.add_paragraph("Leaders know the area well.")
    direct = document.add_paragraph("Governance")
    direct._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="1"/>'))
    document.add_paragraph("The board meets monthly.")
    path = tmp_path / "outline.docx"
    document.save(path)
    blocks = load_document(str(path)).blocks
    assert [(b.kind, b.level) for b in blocks] == [("heading", 1), ("paragraph", None),
                                                   ("heading", 2), ("paragraph", None)]
    assert blocks[3].headings == ["Leadership", "Governance"]


def test_a_short_wholly_bold_paragraph_heads_what_follows(tmp_path):
    document = docx.Document()
    document.add_heading("Waiting times", 2)
    document.add_paragraph().add_run("What we need to improve").bold = True
    document.add_paragraph("Autism waits are 61 weeks.")
    document.add_paragraph().add_run("What is working well").style = "Strong"  # bold style
    document.add_paragraph("Families get a call every term.")
    document.add_paragraph().add_run("We have no DMO in post.").bold = True  # a sentence
    partly = document.add_paragraph("Partly ")
    partly.add_run("bold").bold = True
    unbolded = document.add_paragraph()
    unbolded.add_run("Not bold in a bold style").style = "Strong"
    unbolded.runs[0].bold = False
    path = tmp_path / "bold.docx"
    document.save(path)
    blocks = load_document(str(path)).blocks
    assert [(b.kind, b.level) for b in blocks] == [
        ("heading", 2), ("heading", 3), ("paragraph", None), ("heading", 3),
        ("paragraph", None), ("paragraph", None), ("paragraph", None), ("paragraph", None)]
    assert blocks[2].headings == ["Waiting times", "What we need to improve"]
    assert blocks[4].headings == ["Waiting times", "What is working well"]


def test_numbered_paragraphs_are_list_items(tmp_path):
    document = docx.Document()
    numbered = document.add_paragraph("Recruit a DCO")
    numbered._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
    document.add_paragraph("Publish the plan", style="List Number")
    unnumbered = document.add_paragraph("Not a list")
    unnumbered._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'))
    path = tmp_path / "lists.docx"
    document.save(path)
    assert [b.kind for b in load_document(str(path)).blocks] == ["list-item", "list-item",
                                                                  "paragraph"]


def test_tracked_changes_read_as_accepted(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("The DCO ")
    append_runs(paragraph,
                f'<w:ins {TRACK.format(1)}><w:r><w:t xml:space="preserve">has been in post </w:t></w:r></w:ins>'
                f'<w:del {TRACK.format(2)}><w:r><w:delText>post is vacant </w:delText></w:r></w:del>'
                '<w:r><w:t xml:space="preserve">since May 2019.</w:t></w:r>')
    moved = document.add_paragraph()
    append_runs(moved,
                f'<w:moveFrom {TRACK.format(3)}><w:r><w:t>OLDPLACE </w:t></w:r></w:moveFrom>'
                f'<w:moveTo {TRACK.format(4)}><w:r><w:t>Waits fell.</w:t></w:r></w:moveTo>')
    path = tmp_path / "tracked.docx"
    document.save(path)
    text = text_of(path)
    assert "The DCO has been in post since May 2019." in text
    assert "vacant" not in text and "OLDPLACE" not in text
    assert "Waits fell." in text


def test_hyperlinks_content_controls_fields_tabs_and_breaks(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("See the ")
    append_runs(paragraph,
                '<w:hyperlink w:anchor="offer"><w:r><w:t>local offer website</w:t></w:r></w:hyperlink>'
                '<w:r><w:t xml:space="preserve"> and </w:t></w:r>'
                '<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>control text</w:t></w:r></w:sdtContent></w:sdt>'
                '<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r>'
                '<w:t>Click or tap here to enter text.</w:t></w:r></w:sdtContent></w:sdt>'
                '<w:smartTag w:element="place"><w:r><w:t xml:space="preserve"> in Swindon</w:t></w:r></w:smartTag>'
                '<w:fldSimple w:instr=" DATE "><w:r><w:t xml:space="preserve"> today</w:t></w:r></w:fldSimple>'
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> page 7</w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
                '<w:r><w:tab/><w:t>tabbed</w:t><w:br/><w:t>broken</w:t></w:r>')
    append_block(document, f'<w:sdt {W}><w:sdtPr/><w:sdtContent><w:p><w:r>'
                           '<w:t>Block control paragraph.</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    path = tmp_path / "inline.docx"
    document.save(path)
    blocks = load_document(str(path)).blocks
    assert blocks[0].text == ("See the local offer website and control text in Swindon today "
                              "page 7 tabbed broken")
    assert blocks[1].text == "Block control paragraph."
    assert "Click or tap" not in text_of(path) and "PAGE" not in text_of(path)


def test_text_box_read_once_comments_and_header_not_read(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Key facts below.")
    box = "<w:txbxContent><w:p><w:r><w:t>2,345 EHC plans</w:t></w:r></w:p></w:txbxContent>"
    append_runs(paragraph,
                '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
                f'<wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>'
                f'<v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>'
                '</mc:AlternateContent></w:r>')
    commented = document.add_paragraph()
    run = commented.add_run("Exclusions are falling.")
    document.add_comment(run, text="SECRET REVIEWER NOTE", author="Reviewer")
    document.sections[0].header.paragraphs[0].text = "RUNNING HEADER"
    document.sections[0].footer.paragraphs[0].text = "RUNNING FOOTER"
    path = tmp_path / "boxes.docx"
    document.save(path)
    texts = [b.text for b in load_document(str(path)).blocks]
    assert texts == ["Key facts below.", "2,345 EHC plans", "Exclusions are falling."]


def test_tables_headers_merged_and_nested(tmp_path):
    document = docx.Document()
    document.add_heading("RAG rating", level=1)
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate([["Area", "2023", "2024"], ["EHC timeliness", "45%", "62%"],
                             ["Waits", "52 weeks", "40 weeks"], ["Notes", "", ""]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = table.cell(3, 1).merge(table.cell(3, 2))
    merged.text = "Both years audited"
    inner = table.cell(2, 2).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Pathway", "Weeks"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "ADHD", "60"
    path = tmp_path / "table.docx"
    document.save(path)
    cells = [b for b in load_document(str(path)).blocks if b.kind == "table-cell"]
    by_text = {b.text: b for b in cells}
    rate = by_text["62%"]
    assert (rate.location.table, rate.location.row, rate.location.column) == (1, 2, 3)
    assert rate.row_header == "EHC timeliness" and rate.column_header == "2024"
    assert rate.headings == ["RAG rating"] and rate.location.section == "RAG rating"
    assert by_text["Area"].row_header is None and by_text["Area"].column_header is None
    assert by_text["EHC timeliness"].row_header is None
    assert by_text["2023"].column_header is None
    assert [b.text for b in cells].count("Both years audited") == 1
    assert by_text["Both years audited"].location.column == 2
    adhd = by_text["60"]
    assert adhd.location.table == 2 and (adhd.location.row, adhd.location.column) == (2, 2)
    assert adhd.row_header == "ADHD" and adhd.column_header == "Weeks"
    order = [b.text for b in cells]
    assert order.index("40 weeks") < order.index("Pathway") < order.index("Notes")


def test_vertically_merged_cell_appears_once_and_labels_its_rows(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Service", "Wait"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "CAMHS"
    table.cell(1, 1).text, table.cell(2, 1).text = "12 weeks", "18 weeks"
    path = tmp_path / "vmerge.docx"
    document.save(path)
    cells = [b for b in load_document(str(path)).blocks if b.kind == "table-cell"]
    assert [b.text for b in cells] == ["Service", "Wait", "CAMHS", "12 weeks", "18 weeks"]
    assert cells[4].row_header == "CAMHS" and (cells[4].location.row, cells[4].location.column) == (3, 2)


def test_document_without_text_is_refused(tmp_path):
    path = tmp_path / "blank.docx"
    document = docx.Document()
    document.add_paragraph("   ")
    document.save(path)
    with pytest.raises(InputError, match="has no text") as caught:
        load_document(str(path))
    assert str(path) in str(caught.value)


def test_docm_is_not_supported(tmp_path):
    path = tmp_path / "macro.docm"
    docx.Document().save(path)
    with pytest.raises(InputError, match=r"unsupported file type \(\.docm\)"):
        load_document(str(path))


def test_table_of_contents_entries_are_not_read_twice(tmp_path):
    document = docx.Document()
    document.styles.add_style("toc 1", 1)
    document.add_paragraph("Waiting times\t4", style="toc 1")
    document.add_heading("Waiting times", level=1)
    document.add_paragraph("Waits fell.")
    path = tmp_path / "toc.docx"
    document.save(path)
    assert [b.text for b in load_document(str(path)).blocks] == ["Waiting times", "Waits fell."]
