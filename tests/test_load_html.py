"""HTML pages: chrome dropped, headings, paragraphs, lists, tables and declared charsets."""

from __future__ import annotations

from sendcheck.load import load_document

PAGE = """<!DOCTYPE html>
<html><head><title>TITLE TEXT</title><style>p { color: red }</style>
<script>var secret = "SCRIPT TEXT";</script></head>
<body>
<header>SITE HEADER</header>
<nav><ul><li>Home</li><li>NAV LINK</li></ul></nav>
<main>
<h1>You said, we did</h1>
<p>Parents told us the <a href="/offer">local <b>offer</b></a> was hard to use.</p>
<h2>What we did</h2>
<div>Text held directly in a div.<div>Inner div text.</div>Tail text after the inner div.</div>
<ul><li>Rebuilt the website<ul><li>Nested item</li></ul></li><li><p>Item in a paragraph</p></li></ul>
<!-- HTML COMMENT -->
<noscript>NOSCRIPT TEXT</noscript>
<p hidden>HIDDEN TEXT</p>
<table>
<caption>Waiting times</caption>
<thead><tr><th>Pathway</th><th>2023</th><th>2024</th></tr></thead>
<tbody>
<tr><td>Autism</td><td>52 weeks</td><td>40 weeks</td></tr>
<tr><td rowspan="2">ADHD</td><td colspan="2">60 weeks</td></tr>
<tr><td>note<table><tr><td>Inner</td><td>cell</td></tr></table></td><td>55 weeks</td></tr>
</tbody></table>
</main>
<footer>SITE FOOTER</footer>
<template>TEMPLATE TEXT</template>
</body></html>"""


def load_page(tmp_path, html: str | bytes, name: str = "page.html"):
    path = tmp_path / name
    path.write_bytes(html.encode("utf-8") if isinstance(html, str) else html)
    return load_document(str(path))


def test_structure_and_dropped_chrome(tmp_path):
    document = load_page(tmp_path, PAGE)
    assert document.format == "html"
    texts = [(b.kind, b.text) for b in document.blocks]
    assert texts[:3] == [("heading", "You said, we did"),
                         ("paragraph", "Parents told us the local offer was hard to use."),
                         ("heading", "What we did")]
    assert ("paragraph", "Text held directly in a div.") in texts
    assert ("paragraph", "Inner div text.") in texts
    assert ("paragraph", "Tail text after the inner div.") in texts
    assert ("list-item", "Rebuilt the website") in texts
    assert ("list-item", "Nested item") in texts
    assert ("list-item", "Item in a paragraph") in texts
    assert ("paragraph", "Waiting times") in texts
    everything = " ".join(text for _, text in texts)
    for hidden in ("TITLE", "SCRIPT", "SITE HEADER", "NAV LINK", "COMMENT", "NOSCRIPT",
                   "HIDDEN", "SITE FOOTER", "TEMPLATE", "color"):
        assert hidden not in everything
    nested = next(b for b in document.blocks if b.text == "Nested item")
    assert nested.headings == ["You said, we did", "What we did"]


def test_a_wholly_bold_paragraph_heads_what_follows(tmp_path):
    blocks = load_page(tmp_path, "<h2>Waits</h2><p><strong>What we need to improve</strong></p>"
                                 "<p>Waits are 61 weeks.</p><p>Some <b>bold</b> here.</p>"
                                 "<p><b>We have no DMO in post.</b></p>").blocks
    assert [(b.kind, b.level) for b in blocks] == [
        ("heading", 2), ("heading", 3), ("paragraph", None), ("paragraph", None),
        ("paragraph", None)]
    assert blocks[2].headings == ["Waits", "What we need to improve"]


def test_table_headers_spans_and_nested_table(tmp_path):
    cells = [b for b in load_page(tmp_path, PAGE).blocks if b.kind == "table-cell"]
    by_text = {b.text: b for b in cells}
    autism = by_text["40 weeks"]
    assert (autism.location.table, autism.location.row, autism.location.column) == (1, 2, 3)
    assert autism.row_header == "Autism" and autism.column_header == "2024"
    spanned = by_text["55 weeks"]
    assert (spanned.location.row, spanned.location.column) == (4, 3)
    assert spanned.row_header == "ADHD" and spanned.column_header == "2024"
    assert by_text["note"].location.column == 2
    inner = by_text["cell"]
    assert inner.location.table == 2 and inner.row_header == "Inner"
    assert [b.text for b in cells].index("note") < [b.text for b in cells].index("Inner")


def test_declared_charset_and_fallback(tmp_path):
    text = "Parents\u2019 views \u2013 \u00a3200"
    declared = (f'<html><head><meta charset="windows-1252"></head><body><p>{text}</p></body></html>'
                ).encode("cp1252")
    assert load_page(tmp_path, declared, "a.html").blocks[0].text == text
    undeclared = f"<p>{text}</p>".encode("cp1252")
    assert load_page(tmp_path, undeclared, "b.htm").blocks[0].text == text
    latin = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>caf\xe9 \x93x\x94</p>'
    assert load_page(tmp_path, latin.encode("latin-1"), "c.html").blocks[0].text == "caf\u00e9 \u201cx\u201d"
