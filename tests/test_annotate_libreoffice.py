"""The annotated copy opens in a real word processor: LibreOffice Writer, headless.

LibreOffice converts it to PDF (it opens and lays out) and to OpenDocument, whose
``office:annotation`` elements show that it read every comment and its anchor, including the
ones on text inside tracked insertions. Skipped when LibreOffice is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import docx
import pytest

from conftest import EXAMPLES

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-writer): the annotated "
           ".docx was not opened in a word processor",
)


def convert(tmp_path, source, target_format: str):
    folder = tmp_path / target_format
    folder.mkdir(exist_ok=True)
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        [SOFFICE, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile}",
         "--convert-to", target_format, "--outdir", str(folder), str(source)],
        capture_output=True, text=True, timeout=240, env={**os.environ, "HOME": str(tmp_path)},
    )
    converted = folder / f"{source.stem}.{target_format}"
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr
    return converted


@pytest.mark.parametrize("name", ["medium", "weak"])
def test_libreoffice_opens_the_annotated_copy_with_every_comment(tmp_path, name):
    reviewed = tmp_path / f"{name}-reviewed.docx"
    result = subprocess.run(
        [sys.executable, "-c", "from sendcheck.cli import main; main()",
         str(EXAMPLES / f"{name}.docx"), "--annotate", str(reviewed), "--as-of", "2026-11-24",
         "--format", "json", "--output", str(tmp_path / "report.json")],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode in (0, 1), result.stderr
    expected = len(list(docx.Document(str(reviewed)).comments))
    assert expected > 20

    pdf = convert(tmp_path, reviewed, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000

    odt = convert(tmp_path, reviewed, "odt")
    with zipfile.ZipFile(odt) as archive:
        content = archive.read("content.xml").decode("utf-8")
    assert content.count("<office:annotation ") + content.count("<office:annotation>") == expected
    assert content.count("<office:annotation-end ") == expected  # every comment has its range
    assert "sendcheck readiness review" in content
