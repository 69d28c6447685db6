"""``--annotate OUT.docx``: the draft with the findings as Word comments, and the input untouched.

Comments are checked by reading the copy back with python-docx and by walking its XML: one
comment per evidence passage plus the summary, each anchored in the block the report locates
the passage in (tracked insertions included), and nothing else in the document changed.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import zipfile
from datetime import date

import docx
import pytest
from lxml import etree

from sendcheck.annotate import _text_runs, block_elements
from sendcheck.api import Options, check
from sendcheck.load import load_document
from sendcheck.load.word import paragraph_text

from conftest import EXAMPLES

AS_OF = date(2026, 11, 24)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from sendcheck.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=180, cwd=cwd)


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def report_of(path):
    return next(check([str(path)], Options(as_of=AS_OF))).report


def body_text(path) -> str:
    """The document's text with every comment mark removed: what must stay unchanged."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for element in root.iter(w(tag)):
            element.getparent().remove(element)
    for reference in list(root.iter(w("commentReference"))):
        run_element = reference.getparent()
        run_element.getparent().remove(run_element)
    return etree.tostring(root, method="c14n").decode()


@pytest.fixture(scope="module")
def medium_annotated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("annotate")
    draft = folder / "draft.docx"
    shutil.copyfile(EXAMPLES / "medium.docx", draft)
    before = sha(draft)
    result = run(str(draft), "--annotate", str(folder / "reviewed.docx"), "--as-of", "2026-11-24")
    assert result.returncode in (0, 1), result.stderr
    assert sha(draft) == before
    return draft, folder / "reviewed.docx", report_of(draft)


def test_one_comment_per_evidence_passage_plus_a_summary(medium_annotated):
    draft, reviewed, report = medium_annotated
    passages = sum(len(f.evidence) for f in report.findings)
    comments = list(docx.Document(str(reviewed)).comments)
    assert len(comments) == passages + 1
    assert all(c.author == "sendcheck" and c.initials == "SC" for c in comments)


def test_summary_comment_lists_missing_criteria_and_alerts(medium_annotated):
    _, reviewed, report = medium_annotated
    document = docx.Document(str(reviewed))
    summary = next(iter(document.comments)).text
    assert f"{report.score} out of 100" in summary
    assert "judged as of 24 November 2026" in summary
    for finding in report.findings:
        if finding.status == "missing":
            assert finding.title in summary
    assert f"Also check ({len(report.alerts)})" in summary
    for alert in report.alerts:
        assert alert.message[1:] in summary
    # anchored at the start: the first comment mark in the body is the summary's
    root = document.element.body
    first = next(root.iter(w("commentRangeStart")))
    assert first.get(w("id")) == str(next(iter(document.comments)).comment_id)


def test_evidence_comments_carry_title_stance_advice_and_a_precedent(medium_annotated):
    _, reviewed, report = medium_annotated
    texts = [c.text for c in docx.Document(str(reviewed)).comments][1:]
    index = 0
    for finding in report.findings:
        for evidence in finding.evidence:
            text = texts[index]
            index += 1
            assert text.startswith(f"sendcheck: {finding.title} ({finding.rule_id})")
            assert "This passage reads as:" in text
            if finding.advice:
                assert "What to do: " + finding.advice in text
            if finding.citations:
                cited = finding.citations[0]
                assert cited.quote in text and cited.area in text and "Crown copyright" in text


def _anchored_text(root, comment_id: str) -> str:
    """The text between a comment's range start and end, tracked deletions left out."""
    collecting, parts = False, []
    for element in root.iter():
        if element.tag == w("commentRangeStart") and element.get(w("id")) == comment_id:
            collecting = True
        elif element.tag == w("commentRangeEnd") and element.get(w("id")) == comment_id:
            break
        elif collecting and element.tag == w("t"):
            if not any(a.tag in (w("del"), w("moveFrom")) for a in element.iterancestors()):
                parts.append(element.text or "")
    return "".join(parts)


def _keys(text: str) -> str:
    return "".join(ch.lower() for ch in text if ch.isalnum())


def test_comments_are_anchored_on_their_passages(medium_annotated):
    _, reviewed, report = medium_annotated
    document = docx.Document(str(reviewed))
    root = document.element.body
    ids = [str(c.comment_id) for c in document.comments][1:]
    passages = [e for f in report.findings for e in f.evidence]
    exact = 0
    for comment_id, evidence in zip(ids, passages):
        anchored = _anchored_text(root, comment_id)
        assert anchored, evidence.text
        if _keys(evidence.text) in _keys(anchored):
            exact += 1
        else:  # a RAG rating read with its row label: the comment covers the cell
            assert evidence.location.table is not None, evidence.text
    assert exact >= len(passages) - 12


def test_comments_anchor_inside_tracked_insertions(medium_annotated):
    _, reviewed, _ = medium_annotated
    root = docx.Document(str(reviewed)).element.body
    in_insertion = [start for start in root.iter(w("commentRangeStart"))
                    if any(a.tag == w("ins") for a in start.iterancestors())]
    assert in_insertion, "medium.docx has evidence in tracked insertions"
    # the comment reference itself stays outside the insertion, so it is not part of the change
    for reference in root.iter(w("commentReference")):
        assert not any(a.tag in (w("ins"), w("del")) for a in reference.iterancestors())


def test_the_document_is_otherwise_unchanged(medium_annotated):
    draft, reviewed, _ = medium_annotated
    assert body_text(reviewed) == body_text(draft)
    assert load_document(str(reviewed)).blocks == [
        block for block in load_document(str(draft)).blocks]


def test_block_numbering_matches_the_loader():
    for name in ("strong", "medium", "weak"):
        path = EXAMPLES / f"{name}.docx"
        blocks = load_document(str(path)).blocks
        elements = block_elements(docx.Document(str(path)))
        assert len(elements) == len(blocks)
        for block, element in zip(blocks, elements):
            kind = "tc" if block.kind == "table-cell" else "p"
            assert element.tag == w(kind), block.location


TEXT_BOX = (
    '<w:r xmlns:w="%s" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
    '<w:txbxContent><w:p><w:r><w:t>In a text box: families wait 61 weeks for an autism '
    'assessment in 2026, which remains too long.</w:t></w:r></w:p></w:txbxContent></v:textbox>'
    '</v:shape></w:pict></w:r>' % W)


def test_nested_tables_and_text_boxes_are_numbered_like_the_loader(tmp_path):
    document = docx.Document()
    document.add_heading("Waiting times", 1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Area"
    table.cell(0, 1).text = "Rating"
    table.cell(1, 0).text = "Waiting times"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Autism waits remain too long at 61 weeks in 2026."
    inner.cell(0, 1).text = "Red"
    host = document.add_paragraph("The median wait for an ADHD assessment is 79 weeks, which "
                                  "remains too long.")
    host._p.append(etree.fromstring(TEXT_BOX))
    path = tmp_path / "nested.docx"
    document.save(path)

    blocks = load_document(str(path)).blocks
    elements = block_elements(docx.Document(str(path)))
    assert [b.kind for b in blocks].count("table-cell") == 5  # the cell holding the inner table is empty
    assert blocks[-1].text.startswith("In a text box")
    assert len(elements) == len(blocks)
    for block, element in zip(blocks, elements):
        text = "".join(paragraph_text(r) for r in _text_runs(element))
        assert _keys(text) == _keys(block.text), block.location

    out = tmp_path / "out.docx"
    result = run(str(path), "--annotate", str(out), "--as-of", "2026-11-24")
    assert result.returncode in (0, 1), result.stderr
    report = report_of(path)
    passages = [e for f in report.findings for e in f.evidence]
    assert any(e.location.table == 2 for e in passages)  # the nested table
    assert any(e.text.startswith("In a text box") for e in passages)
    reread = docx.Document(str(out))
    assert len(list(reread.comments)) == len(passages) + 1
    for start in reread.element.body.iter(w("commentRangeStart")):  # Word keeps comments out
        assert not any(a.tag == w("txbxContent") for a in start.iterancestors())


def test_refuses_to_write_over_its_input(tmp_path):
    draft = tmp_path / "draft.docx"
    shutil.copyfile(EXAMPLES / "weak.docx", draft)
    before = draft.read_bytes()
    result = run(str(draft), "--annotate", str(draft))
    assert result.returncode == 2
    assert "would overwrite the draft" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert draft.read_bytes() == before
    # the same file by another name
    result = run("draft.docx", "--annotate", "./sub/../draft.docx", cwd=tmp_path)
    assert result.returncode == 2 and draft.read_bytes() == before
    (tmp_path / "link.docx").symlink_to(draft)
    result = run(str(draft), "--annotate", str(tmp_path / "link.docx"))
    assert result.returncode == 2 and draft.read_bytes() == before


@pytest.mark.parametrize("inputs, target, message", [
    (["examples/src/medium.md"], "out.docx", "works only on a Word .docx draft"),
    (["-"], "out.docx", "works only on a Word .docx draft"),
    (["examples/weak.docx", "examples/strong.docx"], "out.docx", "exactly one .docx"),
    (["examples/weak.docx"], "out.txt", "give a name ending in .docx"),
])
def test_refuses_what_it_cannot_annotate(tmp_path, inputs, target, message):
    root = EXAMPLES.parent
    result = subprocess.run(
        [sys.executable, "-c", "from sendcheck.cli import main; main()",
         *[str(root / i) if i != "-" else i for i in inputs], "--annotate", str(tmp_path / target)],
        capture_output=True, text=True, timeout=180, input="",
    )
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / target).exists()


def test_annotate_and_output_cannot_share_a_file(tmp_path):
    out = tmp_path / "same.docx"
    result = run(str(EXAMPLES / "weak.docx"), "--annotate", str(out), "--output", str(out))
    assert result.returncode == 2 and "same file" in result.stderr


def test_overwrites_an_earlier_annotated_copy_and_keeps_its_comments_count(tmp_path):
    out = tmp_path / "reviewed.docx"
    out.write_bytes(b"old")
    result = run(str(EXAMPLES / "weak.docx"), "--annotate", str(out), "--as-of", "2026-11-24")
    assert result.returncode in (0, 1), result.stderr
    report = report_of(EXAMPLES / "weak.docx")
    assert len(list(docx.Document(str(out)).comments)) == \
        sum(len(f.evidence) for f in report.findings) + 1
    assert not list(tmp_path.glob(".sendcheck-*"))  # no temporary file left behind


def test_existing_comments_are_kept(tmp_path):
    document = docx.Document(str(EXAMPLES / "weak.docx"))
    first = document.paragraphs[0].runs
    document.add_comment(first, text="An author's own comment", author="LANO", initials="LN")
    draft = tmp_path / "commented.docx"
    document.save(draft)
    out = tmp_path / "reviewed.docx"
    assert run(str(draft), "--annotate", str(out), "--as-of", "2026-11-24").returncode in (0, 1)
    comments = list(docx.Document(str(out)).comments)
    assert comments[0].text == "An author's own comment"
    ids = [c.comment_id for c in comments]
    assert len(set(ids)) == len(ids)
    report = report_of(draft)
    assert len(comments) == sum(len(f.evidence) for f in report.findings) + 2
