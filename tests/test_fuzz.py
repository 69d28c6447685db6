"""Fuzzing with hypothesis: no input, however odd, ends in a traceback.

- The engine: any text read as one paragraph gives a valid report (scores 0..100, one finding
  per criterion, every quoted passage taken from the text) that every reporter can render.
- The command line: any bytes under any supported suffix (and on standard input), and real
  drafts with bytes flipped, cut or inserted, give a report (exit 0 or 1) or exit 2 with one
  line naming the file; the input is never modified.
- Odd but valid content (right-to-left text, emoji, NUL bytes, byte-order marks, tables
  nested 30 deep, empty headings, a document that is one table) is read, or refused clearly.

Examples are derandomized and no example database is kept, so CI runs the same examples every
time. ``SENDCHECK_FUZZ_SCALE=20 pytest tests/test_fuzz.py`` runs twenty times as many.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import warnings
import xml.etree.ElementTree as ET
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from functools import cache
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendcheck.api import Options, check_document
from sendcheck.cli import main
from sendcheck.errors import InputError
from sendcheck.load import SUPPORTED_SUFFIXES
from sendcheck.load.builder import DocumentBuilder, TableCell
from sendcheck.models import Report
from sendcheck.report import RenderOptions, formats, render
from sendcheck.ruletest import example_document

from conftest import CI_DRAFT, CORPUS, EXAMPLES

AS_OF = date(2026, 11, 24)
SCALE = float(os.environ.get("SENDCHECK_FUZZ_SCALE", "1"))


def fuzz_settings(examples: int) -> settings:
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None,
                    derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


@cache
def options_and_pack():
    options = Options(as_of=AS_OF)
    return options, options.pack()


def normalise(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# The engine


SEF_PIECES = [
    *[line for line in CI_DRAFT.splitlines() if line],
    "Children wait 61 weeks for an autism assessment, against the NICE standard of 13 weeks.",
    "The Designated Clinical Officer post is vacant.", "EHCPs issued within 20 weeks: 48%",
    "against 50.3% in England", "in 2019/20", "by March 2027", "since 31 February 2026",
    "last reviewed in May 2021", "Red", "Amber", "Green", "RAG:", "Where we need to improve:",
    "The initial inspection found that:", "Parents told us", "You said, we did",
    "rose from 12% to 9,999,999,999,999,999,999,999%", "-5%", "1e999", "9" * 400, "0.0.0.0",
    "Q5 2026", "2026-13-45", "year 0", "9999", "£1,000,000", "½", "Ⅻ", "٣٤٥", "१२३",
    "not", "no", "however,", "but", "although", "some", "beginning to", "plans to",
]
ODD_PIECES = [
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x1f", "\x7f", "\x85",
    "\u00ad", "\u200b", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066", "\u2028", "\u2029",
    "\ufeff", "\ufffd", "\ufffe", "\uffff", "\U0010ffff", "e\u0301\u0301\u0301",
    "انتظار الأطفال 61 أسبوعاً للتقييم", "ילדים ממתינים 61 שבועות", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🔴🟠🟢",
    "ＥＨＣＰ", "ﬁnancial", "İstanbul", "ß", "ǅ", "\r\n", "\r", "\n" * 50, "\t" * 20,
    " " * 500, "x" * 5000, "-" * 2000, "." * 300, "(" * 300, "<script>alert(1)</script>",
    "]]>", "&#0;", "{{ x }}", "{% raw %}", "*_`|#>[]()!", "\\", "'\"",
]
texts = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(SEF_PIECES), st.sampled_from(ODD_PIECES),
                  st.text(max_size=30), st.text(st.characters(codec="utf-8"), max_size=30)),
        st.sampled_from([" ", "", "\n", "\n\n", ". ", ", ", "\t"]),
    ),
    max_size=40,
).map(lambda parts: "".join(piece + sep for piece, sep in parts))


def assert_valid_report(report: Report, source: str, pack) -> None:
    assert Report.model_validate_json(report.model_dump_json()) == report
    assert 0 <= report.score <= 100
    ids = [finding.rule_id for finding in report.findings]
    assert sorted(ids) == sorted(pack.ids())
    text = normalise(source)
    for finding in report.findings:
        assert 0 <= finding.score <= 100
        for evidence in finding.evidence:
            assert normalise(evidence.text) in text, evidence.text
    for alert in report.alerts:
        assert normalise(alert.text) in text, alert.text


def assert_renders(report: Report, pack) -> None:
    """Every reporter takes the report; the machine-readable ones stay parseable."""
    for name in formats():
        out = io.StringIO()
        render(name, [report], out, RenderOptions(pack=pack))
        written = out.getvalue()
        assert written
        written.encode("utf-8")  # no lone surrogates: the output can be written as UTF-8
        if name in ("json", "sarif"):
            json.loads(written)
        elif name == "jsonl":  # lines end at "\n" only: U+2028 may stay in a string
            for line in written.removesuffix("\n").split("\n"):
                json.loads(line)
        elif name == "junit":
            ET.fromstring(written.encode("utf-8"))


@fuzz_settings(1000)
@given(text=texts)
def test_any_text_gives_a_valid_report(text):
    options, pack = options_and_pack()
    report = check_document(example_document(text), options, pack)
    assert_valid_report(report, text, pack)


@fuzz_settings(150)
@given(text=texts)
def test_any_text_renders_in_every_format(text):
    options, pack = options_and_pack()
    assert_renders(check_document(example_document(text), options, pack), pack)


cell_texts = st.one_of(st.sampled_from(["Red", "Amber", "Green", "RAG", "", "Waiting times",
                                        "Local offer", "Designated officers", "-", "✓"]),
                       texts)
cells = st.builds(TableCell, cell_texts, col_span=st.integers(-2, 120),
                  row_span=st.integers(-2, 50))
tables = st.lists(st.lists(cells, max_size=6), max_size=6)
steps = st.one_of(
    st.tuples(st.just("heading"), texts, st.integers(-1, 12)),
    st.tuples(st.sampled_from(["paragraph", "list_item"]), texts),
    st.tuples(st.just("table"), tables),
    st.tuples(st.just("nested"), tables, tables),
)


@fuzz_settings(150)
@given(plan=st.lists(steps, max_size=12))
def test_any_document_structure_gives_a_valid_report(plan):
    """Headings at any level (a trail for context), list items, and tables with any spans,
    nested tables and RAG ratings (quoted with their row's label), through the real builder."""
    builder = DocumentBuilder("<fuzz>", "docx", "")
    for kind, *args in plan:
        if kind == "heading":
            builder.heading(args[0], args[1])
        elif kind == "nested":
            outer, inner = args
            if outer and outer[0]:
                outer[0][0].nested.append(inner)
            builder.table(outer)
        else:
            getattr(builder, kind)(*args)
    try:
        document = builder.build()
    except InputError:
        return  # no words: refused, as it should be
    options, pack = options_and_pack()
    report = check_document(document, options, pack)
    texts_read = [block.text for block in document.blocks]
    labels = [f"{b.row_header}: {b.text}" for b in document.blocks if b.row_header]
    assert_valid_report(report, "\n".join(texts_read + labels), pack)


@pytest.mark.parametrize("text", [
    "", " ", "\n" * 10_000, "x" * 100_000, "9" * 20_000, "Waits fell. " * 5_000,
    "( " * 20_000, "🔴 " * 20_000, "a\u0301" * 20_000, "\x00" * 10_000,
    "The DCO post is vacant; " * 3_000,
], ids=["empty", "space", "newlines", "long-token", "long-number", "many-sentences",
        "brackets", "emoji", "combining", "nul", "one-long-sentence"])
def test_extreme_text_gives_a_valid_report(text):
    options, pack = options_and_pack()
    report = check_document(example_document(text), options, pack)
    assert_valid_report(report, text, pack)


# ---------------------------------------------------------------------------------------------
# The command line, on bytes


def run_cli(path: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    """``sendcheck PATH --format json`` in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        with redirect_stdout(out), redirect_stderr(err), \
                warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            main([path, "--format", "json", "--as-of", AS_OF.isoformat()])
    except SystemExit as exit_:
        code = exit_.code
    else:
        code = None
    finally:
        sys.stdin = saved
    # A warning would reach the user's terminal as lines of noise on stderr.
    shown = [f"{w.category.__name__}: {w.message}" for w in warned]
    return code, out.getvalue(), err.getvalue() + "".join(f"warning: {w}\n" for w in shown)


def assert_checked_or_refused(code, out: str, err: str, shown: str) -> None:
    assert "Traceback" not in err and "Traceback" not in out
    assert code in (0, 1, 2), (code, err)
    if code == 2:
        assert out == ""
        assert err.count("\n") == 1 and err.startswith(f"sendcheck: error: {shown}: "), err
        assert "internal error" not in err, err
    else:
        report = json.loads(out)
        assert report["document"]["path"] == shown and 0 <= report["score"] <= 100
        assert err == ""


def check_bytes_via_cli(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.write_bytes(data)
    before = hashlib.sha256(data).hexdigest()
    code, out, err = run_cli(str(path))
    assert_checked_or_refused(code, out, err, str(path))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    path.unlink()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


MAGIC = [b"", b"PK\x03\x04", b"%PDF-1.4\n", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"<html><body>",
         b"<!DOCTYPE html>", b"<?xml version='1.0'?>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
         b"# Heading\n\n", b"| a | b |\n|---|---|\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]
suffixes = st.sampled_from(SUPPORTED_SUFFIXES)


@fuzz_settings(500)
@given(suffix=suffixes, magic=st.sampled_from(MAGIC), body=st.binary(max_size=2048))
def test_any_bytes_under_any_suffix_give_a_report_or_exit_2(folder, suffix, magic, body):
    check_bytes_via_cli(folder, f"draft{suffix}", magic + body)


@fuzz_settings(200)
@given(magic=st.sampled_from(MAGIC), body=st.binary(max_size=2048))
def test_any_bytes_on_standard_input_give_a_report_or_exit_2(magic, body):
    code, out, err = run_cli("-", stdin=magic + body)
    assert_checked_or_refused(code, out, err, "<stdin>")


TOKENS = [b"\x00", b"\xff", b"\r", b"\n\n", b"<", b">", b"&#1;", b"&amp;", b"&#xD800;",
          b"<table>", b"<td rowspan=9999 colspan=9999>x", b"</p>", b"<p>", b"<!--", b"]]>",
          b"|", b"| a |\n|---|\n", b"# ", b"```\n", b"\xef\xbb\xbf", b"\xff\xfe",
          "\u202e\u05d0 \U0001f600".encode(), b"endstream", b"endobj", b"obj", b"<<", b">>",
          b"/FlateDecode", b"stream\n", b"trailer", b"xref", b"%%EOF", b"PK\x01\x02",
          b"PK\x05\x06", b"<w:tbl>", b"<w:tr><w:tc>", b"</w:tc></w:tr>", b"<w:p>", b"</w:p>",
          b'<w:pStyle w:val="Heading1"/>', b"<w:t>", b"</w:t>", b'<w:gridSpan w:val="99999"/>',
          b'<w:vMerge w:val="continue"/>', b'<w:outlineLvl w:val="-3"/>',
          b"<!DOCTYPE d [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", b"&e;"]


@st.composite
def mutations(draw, data: bytes) -> bytes:
    """``data`` with a few bytes flipped, runs cut, repeated or inserted, or the end cut off."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["flip", "cut", "insert", "token", "repeat", "truncate"]))
        if op == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            del data[at:at + draw(st.integers(1, 64))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif op == "token":
            data[at:at] = draw(st.sampled_from(TOKENS)) * draw(st.integers(1, 3))
        elif op == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 256))] * draw(st.integers(1, 8))
        elif op == "truncate":
            del data[at:]
    return bytes(data)


def _seed_files() -> dict[str, bytes]:
    seeds = {path.name: path.read_bytes() for path in sorted(EXAMPLES.glob("*.docx"))}
    seeds.update({f"{path.stem}.md": path.read_bytes()
                  for path in sorted((EXAMPLES / "src").glob("*.md"))})
    seeds["draft.txt"] = CI_DRAFT.encode()
    seeds["draft.html"] = ("<html><body>" + "".join(
        f"<h2>{line[3:]}</h2>" if line.startswith("## ") else f"<p>{line}</p>"
        for line in CI_DRAFT.splitlines() if line) + "<table><tr><th>Area</th><th>RAG</th></tr>"
        "<tr><td>Local offer</td><td>Green</td></tr></table></body></html>").encode()
    pdfs = sorted((CORPUS / "pdf").glob("*.pdf"), key=lambda p: p.stat().st_size)
    if pdfs:
        seeds[pdfs[0].name] = pdfs[0].read_bytes()
    return seeds


SEEDS = _seed_files()


@fuzz_settings(300)
@given(data=st.data(), name=st.sampled_from(sorted(SEEDS)))
def test_damaged_real_files_give_a_report_or_exit_2(folder, data, name):
    check_bytes_via_cli(folder, name, data.draw(mutations(SEEDS[name])))


def rezip(original: bytes, replace: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(original))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item.filename, replace.get(item.filename)
                             or source.read(item.filename))
    return out.getvalue()


DOCX_PARTS = ["word/document.xml", "word/document.xml", "word/document.xml", "word/styles.xml",
              "word/numbering.xml", "[Content_Types].xml", "word/_rels/document.xml.rels",
              "_rels/.rels"]


@fuzz_settings(200)
@given(data=st.data(), name=st.sampled_from(sorted(EXAMPLES.glob("*.docx"))),
       part=st.sampled_from(DOCX_PARTS))
def test_damaged_word_xml_gives_a_report_or_exit_2(folder, data, name, part):
    """Bytes changed inside a part, then zipped again: the XML, not the zip, is damaged."""
    original = name.read_bytes()
    xml = zipfile.ZipFile(io.BytesIO(original)).read(part)
    check_bytes_via_cli(folder, name.name, rezip(original, {part: data.draw(mutations(xml))}))


# ---------------------------------------------------------------------------------------------
# Odd but valid content

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RTL = "ينتظر الأطفال 61 أسبوعاً لتقييم التوحد. הילדים ממתינים 61 שבועות."
EMOJI = "Parents told us 👍🏽 the local offer is easier to use 🔴➡️🟢 since September 2026."


def docx_bytes(body: str) -> bytes:
    """A Word document from python-docx's template with ``body`` as the raw XML of its body."""
    document = docx.Document()
    buffer = io.BytesIO()
    document.save(buffer)
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    return rezip(buffer.getvalue(), {"word/document.xml": xml.encode("utf-8")})


def p(text: str, style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def nested_tables(depth: int, innermost: str) -> str:
    xml = p(innermost)
    for level in range(depth, 0, -1):
        xml = f"<w:tbl><w:tr><w:tc>{p(f'Level {level}')}{xml}<w:p/></w:tc></w:tr></w:tbl>"
    return xml


def check_file(tmp_path, capsys, name: str, data: bytes):
    """(exit code, report or None, stderr) of ``sendcheck FILE --format json``."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SystemExit) as exit_:
        main([str(path), "--format", "json", "--as-of", AS_OF.isoformat()])
    out, err = capsys.readouterr()
    assert_checked_or_refused(exit_.value.code, out, err, str(path))
    assert path.read_bytes() == data
    return exit_.value.code, (json.loads(out) if out else None), err


def quoted(report) -> list[str]:
    return [e["text"] for f in report["findings"] for e in f["evidence"]]


def test_right_to_left_and_emoji_text_in_word_is_read_as_written(tmp_path, capsys):
    body = p("Waiting times", "Heading1") + p(RTL) + p(EMOJI) + \
        p("Children wait 61 weeks for an autism assessment, against 13 weeks in England.")
    code, report, _ = check_file(tmp_path, capsys, "rtl.docx", docx_bytes(body))
    assert code == 0 and report["document"]["words"] > 20
    assert any("61 weeks" in text for text in quoted(report))
    assert all(text in (RTL, EMOJI) or "\ufffd" not in text for text in quoted(report))


@pytest.mark.parametrize("raw", ["\x01", "\x0b", "&#1;", "&#0;", "\x00", "&#xFFFE;"])
def test_characters_xml_forbids_in_word_xml_are_refused_clearly(tmp_path, capsys, raw):
    """python-docx cannot write them; a damaged or hand-made file may still hold them."""
    body = p("The DCO has been in post since 2019.") + p(f"Waits{raw}fell.")
    code, _, err = check_file(tmp_path, capsys, "control.docx", docx_bytes(body))
    assert code == 2 and "damaged or unsupported Word file" in err


def test_word_table_nested_30_deep_is_read_to_the_bottom(tmp_path, capsys):
    innermost = "The Designated Clinical Officer post has been vacant since March 2026."
    body = p("Designated officers", "Heading1") + nested_tables(30, innermost)
    code, report, _ = check_file(tmp_path, capsys, "nested.docx", docx_bytes(body))
    assert code == 0 and any(text.endswith(innermost) for text in quoted(report))


def test_empty_headings_and_a_heading_only_document(tmp_path, capsys):
    body = p("", "Heading1") + p("   ", "Heading2") + p("Local offer", "Heading1") + \
        '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr></w:p>' + \
        p("The local offer was relaunched in September 2026.")
    code, report, _ = check_file(tmp_path, capsys, "empty-headings.docx", docx_bytes(body))
    assert code == 0
    assert "The local offer was relaunched in September 2026." in quoted(report)
    headings = "".join(p(title, f"Heading{n % 3 + 1}") for n, title in enumerate(
        ["Local offer", "Waiting times", "Designated officers", "Co-production", "Transitions"]))
    code, report, _ = check_file(tmp_path, capsys, "headings.docx", docx_bytes(headings))
    assert code == 0 and report["document"]["words"] == 8


def test_a_document_that_is_one_table(tmp_path, capsys):
    rows = [("Area", "Position", "RAG")] + [
        (f"Area {n}: waiting times", f"Children wait {n} weeks for an autism assessment.",
         ("Red", "Amber", "Green")[n % 3]) for n in range(1, 200)]
    xml = "<w:tbl>" + "".join("<w:tr>" + "".join(f"<w:tc>{p(cell)}</w:tc>" for cell in row)
                              + "</w:tr>" for row in rows) + "</w:tbl>"
    code, report, _ = check_file(tmp_path, capsys, "table.docx", docx_bytes(xml))
    assert code == 0
    locations = [e["location"] for f in report["findings"] for e in f["evidence"]]
    assert locations and all(loc["table"] == 1 and loc["row"] >= 2 for loc in locations)


NUL_AFTER_SNIFF = b"x" * 9000  # the binary check looks at the first 8 KB only


@pytest.mark.parametrize(("name", "data"), [
    ("bom.md", b"\xef\xbb\xbf# Local offer\n\nThe local offer was relaunched in 2026.\n"),
    ("bom.txt", b"\xef\xbb\xbfThe local offer was relaunched in 2026.\n"),
    ("utf16.md", "\ufeff# Local offer\n\nThe local offer was relaunched in 2026.\n"
     .encode("utf-16-le")),
    ("utf16be.txt", "\ufeffThe local offer was relaunched in 2026.\n".encode("utf-16-be")),
    ("bom-inside.md", "# Local\ufeff offer\n\nThe local\ufeff offer was relaunched.\n".encode()),
    ("nul-late.md", b"# Local offer\n\n" + NUL_AFTER_SNIFF + (b"\n\nThe local offer was "
     b"relaunched.\x00\n\nA \x000\x00 and \x001\x00 \\* here.\n")),
    ("nul-late.txt", b"The local offer was relaunched.\n\n" + NUL_AFTER_SNIFF + b"\x00\x00\n"),
    ("nul-late.html", b"<p>The local offer was relaunched.</p><p>" + NUL_AFTER_SNIFF +
     b"\x00</p>"),
    ("rtl.md", f"# الانتظار\n\n{RTL}\n\n{EMOJI}\n".encode()),
    ("crlf.md", (b"# Local offer\r\n\r\nThe local offer was relaunched.\r\n| a | b |\r\n"
                 b"|---|---|\r\n| Red | x |\r\n")),
    ("empty-headings.md", b"#\n\n##   \n\n# \xe2\x80\x8b\n\nThe local offer was relaunched.\n"),
    ("headings-only.md", b"# Local offer\n## Waiting times\n### Designated officers\n"),
])
def test_odd_text_files_are_read(tmp_path, capsys, name, data):
    code, report, err = check_file(tmp_path, capsys, name, data)
    assert code == 0, err
    assert report["document"]["words"] > 0


def test_nul_bytes_at_the_start_of_text_are_refused_as_binary(tmp_path, capsys):
    code, _, err = check_file(tmp_path, capsys, "nul.md", b"# Local offer\x00\n")
    assert code == 2 and "binary data, not text" in err


def test_markdown_with_nul_bytes_keeps_its_text(tmp_path):
    """NUL is U+FFFD in Markdown (CommonMark); it must not be taken for the reader's own
    placeholders for escaped characters."""
    from sendcheck.load import load_document

    path = tmp_path / "nul.md"
    path.write_bytes(NUL_AFTER_SNIFF + b"\n\nAn \\* and a \x000\x00 and \x009\x00.\n")
    text = load_document(str(path)).blocks[-1].text
    assert text == "An * and a \ufffd0\ufffd and \ufffd9\ufffd."


def test_html_tables_nested_30_deep_are_read_to_the_bottom(tmp_path, capsys):
    innermost = "The Designated Clinical Officer post has been vacant since March 2026."
    html = "<h1>Designated officers</h1>" + "<table><tr><td><p>Level</p>" * 30 + innermost + \
        "</td></tr></table>" * 30
    code, report, _ = check_file(tmp_path, capsys, "nested.html", html.encode())
    assert code == 0 and any(text.endswith(innermost) for text in quoted(report))


def test_control_characters_in_a_draft_do_not_break_xml_reports(tmp_path, capsys):
    """Text files, and their names, may hold control characters XML cannot hold; JUnit output
    must still parse."""
    path = tmp_path / "control\x01\x1b.txt"
    path.write_bytes(b"The Designated \x01Clinical\x1b Officer post has been vacant since "
                     b"March 2026.\x0b\n\nWaits \x7ffell.\n")
    with pytest.raises(SystemExit):
        main([str(path), "--format", "junit", "--junit-fail-on", "gap,missing,mixed,partial",
              "--as-of", AS_OF.isoformat()])
    out, _ = capsys.readouterr()
    suites = ET.fromstring(out.encode("utf-8"))
    assert suites.find("testsuite").get("name") == str(tmp_path / "control.txt")
