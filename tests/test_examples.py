"""Keep the shipped example drafts (examples/) in step with their Markdown sources.

If a test here fails after you edited examples/src/*.md, run ``python examples/build.py`` and
commit the rebuilt .docx files.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _load_build_module():
    spec = importlib.util.spec_from_file_location("sendcheck_examples_build", EXAMPLES / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


build_module = _load_build_module()
NAMES = list(build_module.SOURCES)

WORD_LIMITS = {"strong": (1800, 2500), "weak": (1000, 1500), "medium": (1300, 1800)}


# --- reading a .docx --------------------------------------------------------------------------


def _run_text(r) -> str:
    parts = []
    for el in r:
        if el.tag == W + "t":
            parts.append(el.text or "")
        elif el.tag == W + "tab":
            parts.append("\t")
        elif el.tag in (W + "br", W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _para_text(p, marked: bool = True) -> str:
    """Text of a w:p. marked=True shows revisions as {++ins++}/{--del--}; False accepts them."""
    out = []
    for child in p:
        if child.tag == W + "r":
            out.append(_run_text(child))
        elif child.tag == W + "hyperlink":
            out.extend(_run_text(r) for r in child.iter(W + "r"))
        elif child.tag == W + "ins":
            inner = "".join(_run_text(r) for r in child.iter(W + "r"))
            out.append(f"{{++{inner}++}}" if marked else inner)
        elif child.tag == W + "del" and marked:
            inner = "".join(t.text or "" for t in child.iter(W + "delText"))
            out.append(f"{{--{inner}--}}")
    return "".join(out)


def blocks(path: Path, marked: bool = True) -> list[tuple]:
    """The document as (kind, style or cell position, text) in body order, tables included."""
    document = docx.Document(str(path))
    result = []
    for child in document.element.body:
        if child.tag == W + "p":
            style = Paragraph(child, document._body).style.name
            result.append(("p", style, _para_text(child, marked)))
        elif child.tag == W + "tbl":
            for r, tr in enumerate(child.iter(W + "tr")):
                for c, tc in enumerate(tr.iter(W + "tc")):
                    text = "\n".join(_para_text(p, marked) for p in tc.iter(W + "p"))
                    result.append(("cell", f"{r},{c}", text))
    return result


def accepted_text(path: Path) -> str:
    """Plain text with all tracked changes accepted."""
    return "\n".join(text for _, _, text in blocks(path, marked=False))


def word_count(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9£%][\w'’%.,-]*", text))


# --- the built documents match their sources ----------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_committed_docx_matches_source(name, tmp_path):
    example = build_module.SOURCES[name]
    assert example.out.exists(), f"{example.out.name} missing: run python examples/build.py"
    fresh = build_module.build(example.src, tmp_path / f"{name}.docx")
    expected, committed = blocks(fresh), blocks(example.out)
    for i, (want, got) in enumerate(zip(expected, committed)):
        assert want == got, (
            f"{name}.docx differs from src/{name}.md at block {i}: run python examples/build.py\n"
            f"  source:    {want}\n  committed: {got}"
        )
    assert len(expected) == len(committed), (
        f"{name}.docx has {len(committed)} blocks, src/{name}.md gives {len(expected)}: "
        "run python examples/build.py"
    )


def test_build_is_deterministic(tmp_path):
    example = build_module.SOURCES["medium"]
    first = build_module.build(example.src, tmp_path / "a.docx").read_bytes()
    second = build_module.build(example.src, tmp_path / "b.docx").read_bytes()
    assert first == second


@pytest.mark.parametrize("name", NAMES)
def test_core_properties(name):
    example = build_module.SOURCES[name]
    props = docx.Document(str(example.out)).core_properties
    assert props.author == build_module.AUTHOR
    assert props.title.startswith("Eastmoor")
    assert props.created == example.created
    assert props.modified == example.modified


@pytest.mark.parametrize("name", NAMES)
def test_word_counts(name):
    low, high = WORD_LIMITS[name]
    words = word_count(accepted_text(build_module.SOURCES[name].out))
    assert low <= words <= high, f"{name}: {words} words, expected {low}-{high}"


# --- what each example is for -------------------------------------------------------------------


def test_medium_has_real_tracked_changes():
    document = docx.Document(str(build_module.SOURCES["medium"].out))
    body = document.element.body
    marks = list(body.iter(W + "ins")) + list(body.iter(W + "del"))

    def in_cell(el) -> bool:
        return any(a.tag == W + "tc" for a in el.iterancestors())

    kinds = {(m.tag.removeprefix(W), in_cell(m)) for m in marks}
    assert ("ins", False) in kinds and ("del", False) in kinds, "revisions in a body paragraph"
    assert ("ins", True) in kinds, "an insertion inside a table cell"

    ids = []
    for mark in marks:
        ids.append(mark.get(W + "id"))
        assert mark.get(W + "author")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", mark.get(W + "date"))
        assert mark.getparent().tag == W + "p", "w:ins/w:del sit directly in a paragraph"
        runs = list(mark.iter(W + "r"))
        assert runs
        if mark.tag == W + "del":
            assert list(mark.iter(W + "delText")) and not list(mark.iter(W + "t"))
        else:
            assert list(mark.iter(W + "t"))
    assert len(ids) == len(set(ids)), "revision ids are unique"

    accepted = accepted_text(build_module.SOURCES["medium"].out)
    assert "median wait for an autism assessment was 61 weeks" in accepted
    assert "now meet the 18-week standard" not in accepted
    assert "post is vacant" not in accepted


def test_medium_starts_with_rag_table():
    rows = [b for b in blocks(build_module.SOURCES["medium"].out, marked=False) if b[0] == "cell"]
    header = [text for kind, pos, text in rows if pos.startswith("0,")]
    assert header == ["Area of focus", "Rating", "Summary"]
    ratings = [text for kind, pos, text in rows if pos.endswith(",1") and not pos.startswith("0,")]
    assert len(ratings) >= 10 and set(ratings) <= {"Red", "Amber", "Green"}
    assert {"Red", "Amber", "Green"} <= set(ratings)


def test_strong_has_a_heading_per_criterion():
    headings = [b for b in blocks(build_module.SOURCES["strong"].out) if b[1] == "Heading 3"]
    assert len(headings) == 20


def test_strong_has_no_personal_data():
    text = accepted_text(build_module.SOURCES["strong"].out)
    source = build_module.SOURCES["strong"].src.read_text(encoding="utf-8")
    for content in (text, source):
        assert not re.search(r"\b\d{10}\b", content), "10-digit number (NHS number?)"
        assert not re.search(r"\b\d{3}[ -]\d{3}[ -]\d{4}\b", content), "spaced NHS number?"
        assert "@" not in content, "email address"
        assert not re.search(r"date of birth|\bDOB\b|\bd\.o\.b\b", content, re.I)


def test_weak_leaves_criteria_out():
    text = accepted_text(build_module.SOURCES["weak"].out).lower()
    for term in (
        "alternative provision", "other than at school", "looked after", "care leaver",
        "youth justice", "home educat", "short break", "direct payment", "personal budget",
        "annual health check", "therap", "supported internship", "adulthood", "post-16",
        "key stage", "attainment", "outcomes",
    ):
        assert term not in text, f"weak.md should leave out whatever '{term}' speaks to"
    for admission in ("vacant since", "over two years", "last reviewed in 2021", "have risen"):
        assert admission in text
