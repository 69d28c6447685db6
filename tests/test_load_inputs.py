"""Naming inputs, standard input, and every kind of input that must be refused, and how."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import sys
import time
import zipfile
import zlib

import docx
import pypdfium2 as pdfium
import pytest

from sendcheck.errors import InputError
from sendcheck.load import SUPPORTED_SUFFIXES, expand_inputs, load_document
from sendcheck.load.files import MAX_BYTES

from conftest import pdf_file


def docx_bytes(text: str = "The DCO has been in post since 2019.") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(trailer: bytes = b"", content: bytes = b"BT /F1 12 Tf 72 700 Td (Waits fell.) Tj ET",
              extra: bytes = b"") -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(content), extra, content),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"41" * 32, b"42" * 32)]
    return pdf_file(objects, trailer)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def declared_size_bomb() -> bytes:
    """A small zip whose directory claims a 300 MB document.xml (never inflated to find out)."""
    data = bytearray(zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"x" * 100}))
    at = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, at + 24, 300 * 1024 * 1024)
    return bytes(data)


def scanned_pdf() -> bytes:
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def stream_bomb_pdf() -> bytes:
    """A PDF of a few hundred kilobytes whose page content inflates to about 80 MB."""
    content = zlib.compress(b"BT /F1 1 Tf " + b"(abcdefghij) Tj 0.5 -0.7 Td " * 3_000_000 + b"ET", 9)
    return pdf_bytes(content=content, extra=b"/Filter /FlateDecode ")


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
BAD_INPUTS = {
    "empty.docx": (b"", "the file is empty"),
    "empty.txt": (b"", "the file is empty"),
    "blank.md": (b"\xef\xbb\xbf  \n\t\n", "the file is empty"),
    "empty.pdf": (b"", "the file is empty"),
    "notes.rtf": (b"{\\rtf1 text}", r"unsupported file type \(\.rtf\); supported types are \.docx, "),
    "no-suffix": (b"text", "unsupported file type"),
    "legacy.doc": (OLE, "legacy .doc or a password-protected file; save it as .docx"),
    "protected.docx": (OLE, "legacy .doc or a password-protected file"),
    "renamed.pdf": (OLE, "legacy .doc or a password-protected file"),
    "renamed.txt": (OLE, "legacy .doc or a password-protected file"),
    "plain.docx": (b"This is just text saved with the wrong suffix.", r"not a zip archive"),
    "archive.docx": (zip_bytes({"data.csv": b"a,b\n1,2\n"}), "not a Word document"),
    "broken.docx": (zip_bytes({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"}),
                    "damaged or unsupported Word file"),
    "ratio-bomb.docx": (zip_bytes({"[Content_Types].xml": b"<Types/>",
                                   "word/document.xml": b"\0" * (30 * 1024 * 1024)}),
                        r"compressed more than 100:1 \(a zip bomb\?\)"),
    "size-bomb.docx": (declared_size_bomb(), r"unpacks to more data .* \(a zip bomb\?\)"),
    "entries-bomb.docx": (b"PK\x01\x02" * 10_001, "far more parts than a Word document"),
    "~$draft.docx": (b"\x05lock", "Word lock file"),
    "corrupt.pdf": (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", "not a readable PDF"),
    "encrypted.pdf": (pdf_bytes(b"/Encrypt 6 0 R /ID [<0011223344556677> <0011223344556677>] "),
                      "password-protected PDF"),
    "scan.pdf": (scanned_pdf(), r"has no text layer \(a scan\?\); export it from Word or run OCR"),
    "bomb.pdf": (stream_bomb_pdf(), "more page content than any self-evaluation"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not text"),
    "huge.md": (b"line\n" * 400_000, "far more text than a self-evaluation"),
    "markup.html": (b"<p>x</p>" * 100_000, "far more text than a self-evaluation"),
    "nothing.html": (b"<html><body><script>var x = 1;</script></body></html>", "has no text"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_refused_quickly_and_left_unchanged(tmp_path, name):
    content, reason = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(content)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = os.stat(path).st_mtime_ns
    started = time.perf_counter()
    with pytest.raises(InputError, match=reason) as caught:
        load_document(str(path))
    assert time.perf_counter() - started < 3
    assert caught.value.path == str(path) and str(caught.value).startswith(f"{path}: ")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert os.stat(path).st_mtime_ns == mtime


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="memory cap needs Linux")
def test_pdf_costing_too_much_memory_is_refused_and_parent_memory_stays_small(tmp_path):
    """Under the stream budget, yet a page pdfium would need gigabytes for: the child is capped."""
    import resource

    content = zlib.compress(b"BT /F1 1 Tf " + b"(abcdefghij) Tj 0.5 -0.7 Td " * 1_000_000 + b"ET", 9)
    path = tmp_path / "costly.pdf"
    path.write_bytes(pdf_bytes(content=content, extra=b"/Filter /FlateDecode "))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputError, match="too costly to read: the PDF reader ran out of its 768 MB"):
        load_document(str(path))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100


def test_file_too_large_refused_before_reading(tmp_path):
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    started = time.perf_counter()
    with pytest.raises(InputError, match="larger than 100 MB"):
        load_document(str(path))
    assert time.perf_counter() - started < 1


def test_standard_input_too_large():
    class Endless(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"a" * len(buffer)
            return len(buffer)

    with pytest.raises(InputError, match=r"<stdin>: is larger than 100 MB"):
        load_document("-", io.BufferedReader(Endless()))


def test_missing_path_and_folder():
    with pytest.raises(InputError, match="no such file or folder") as caught:
        load_document("/no/such/draft.docx")
    assert caught.value.path == "/no/such/draft.docx"
    with pytest.raises(InputError, match="is a folder"):
        load_document(os.path.dirname(__file__))


@pytest.mark.parametrize(("name", "content", "fmt"), [
    ("docx", docx_bytes(), "docx"),
    ("pdf", pdf_bytes(), "pdf"),
    ("html", b"  <!DOCTYPE html><html><body><p>Waits fell.</p></body></html>", "html"),
    ("html-fragment", b"<div><p>Waits fell.</p></div>", "html"),
    ("markdown", b"# Waiting times\n\nWaits fell.\n", "markdown"),
    ("text", b"Waits fell.\n", "text"),
])
def test_standard_input_is_sniffed(name, content, fmt):
    document = load_document("-", io.BytesIO(content))
    assert document.format == fmt
    assert document.path == "<stdin>"
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert any("Waits fell." in block.text or "DCO" in block.text for block in document.blocks)


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "the file is empty"),
    (OLE, "legacy .doc"),
    (zip_bytes({"a.txt": b"x"}), "not a Word document"),
])
def test_standard_input_refusals_name_stdin(content, reason):
    with pytest.raises(InputError, match=reason) as caught:
        load_document("-", io.BytesIO(content))
    assert caught.value.path == "<stdin>"


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == (".docx", ".md", ".markdown", ".txt", ".text", ".pdf", ".html",
                                  ".htm")


def test_expand_inputs(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ["b/z.md", "a.docx", "b/c.PDF", "notes.rtf", ".secret.txt", "~$a.docx",
                 ".hidden/x.txt", "page.htm"]:
        (tmp_path / name).write_bytes(b"x")
    explicit = tmp_path / "notes.rtf"
    found = expand_inputs(["-", str(tmp_path), str(explicit)])
    assert found == ["-", str(tmp_path / "a.docx"), str(tmp_path / "b" / "c.PDF"),
                     str(tmp_path / "b" / "z.md"), str(tmp_path / "page.htm"), str(explicit)]


def test_expand_inputs_refusals(tmp_path):
    with pytest.raises(InputError, match="no such file or folder") as caught:
        expand_inputs([str(tmp_path / "missing.docx")])
    assert caught.value.path == str(tmp_path / "missing.docx")
    (tmp_path / "only.rtf").write_bytes(b"x")
    with pytest.raises(InputError, match=r"no files of a supported type \(\.docx, ") as caught:
        expand_inputs([str(tmp_path)])
    assert caught.value.path == str(tmp_path)
