"""Remake docs/report.png: the HTML report of examples/medium.docx, as of 2026-11-24, in Chromium.

    python docs/screenshot.py            # needs headless Chromium (apt-get install chromium)

The page is rendered with the installed sendcheck and photographed by headless Chromium at
1200 pixels wide, showing the score, the chart of every criterion and the first cards.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from sendcheck.api import Options, check
from sendcheck.report import RenderOptions, render

ROOT = Path(__file__).resolve().parents[1]
WINDOW = "1200,2400"


def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("docs/screenshot.py: headless Chromium is needed (apt-get install chromium)")
    outcome = next(check([str(ROOT / "examples" / "medium.docx")],
                         Options(as_of=date(2026, 11, 24))))
    page = io.StringIO()
    render("html", [outcome.report], page, RenderOptions())
    # a relative path in the page, so the picture does not show where it was made
    html = page.getvalue().replace(str(ROOT / "examples"), "examples")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.html"
        source.write_text(html, encoding="utf-8")
        target = ROOT / "docs" / "report.png"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--hide-scrollbars",
                        f"--user-data-dir={Path(folder) / 'profile'}", f"--screenshot={target}",
                        f"--window-size={WINDOW}", source.as_uri()],
                       check=True, capture_output=True, timeout=120)
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
