"""The HTML report opened in a real browser: headless Chromium from Debian's packages.

Chromium is driven directly from the command line (no driver library): ``--dump-dom`` gives the
page as the browser built it, ``--screenshot`` and ``--print-to-pdf`` show it renders and prints,
and ``--log-net-log`` records every network request, so the test can prove the page itself asks
for nothing (Chromium's own background traffic is told apart by its origin, and a probe page that
does load something shows the check would catch it). Skipped when Chromium is not installed.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
from datetime import date

import pypdfium2
import pytest

from sendcheck.api import Options, check
from sendcheck.report import RenderOptions, render

from conftest import EXAMPLES
from test_html import HOSTILE, hostile_docx

CHROMIUM = next((path for path in (shutil.which("chromium"), shutil.which("chromium-browser"),
                                   shutil.which("google-chrome")) if path), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium is not installed (apt-get install chromium): the HTML report was "
           "not opened in a browser",
)
AS_OF = date(2026, 11, 24)


def chromium(tmp_path, page, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}", *args,
               page.as_uri()]
    env = {**os.environ, "HOME": str(tmp_path)}
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def write_html(tmp_path, *paths) -> object:
    reports = [o.report for o in check([str(p) for p in paths], Options(as_of=AS_OF))]
    out = io.StringIO()
    render("html", reports, out, RenderOptions())
    page = tmp_path / "report.html"
    page.write_text(out.getvalue(), encoding="utf-8")
    return page


def page_requests(net_log) -> list[str]:
    """URLs the page asked the network for: requests whose origin is the file:// page.

    Chromium's own background requests (update checks, the clock) carry no page origin."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] != start or "url" not in params:
            continue
        from_page = "file://" in params.get("network_isolation_key", "") or \
            params.get("initiator") not in (None, "not an origin")
        if from_page and not params["url"].startswith(("file:", "data:")):
            urls.append(params["url"])
    return urls


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_hostile_text_is_shown_as_text_and_nothing_is_requested(tmp_path):
    page = write_html(tmp_path, hostile_docx(tmp_path / "draft.docx"))
    net_log = tmp_path / "net.json"
    dom = chromium(tmp_path, page, f"--log-net-log={net_log}", "--dump-dom").stdout
    assert "<script" not in dom.lower() and "<img" not in dom.lower()
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in dom
    assert page_requests(net_log) == []
    shot = tmp_path / "hostile.png"
    chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1200,2000")
    assert png_size(shot) == (1200, 2000)
    assert HOSTILE not in page.read_text(encoding="utf-8")


def test_the_network_check_catches_a_page_that_loads_something(tmp_path):
    probe = tmp_path / "probe.html"
    probe.write_text('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/probe.png">'
                     '</body></html>', encoding="utf-8")
    net_log = tmp_path / "net.json"
    chromium(tmp_path, probe, f"--log-net-log={net_log}", "--dump-dom")
    assert page_requests(net_log) == ["http://127.0.0.1:9/probe.png"]


def test_medium_report_renders_and_prints(tmp_path):
    page = write_html(tmp_path, EXAMPLES / "medium.docx")
    dom = chromium(tmp_path, page, "--dump-dom").stdout
    assert dom.count('<article class="card') == 20
    assert dom.count('<g class="row">') == 20
    shot = tmp_path / "medium.png"
    chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1200,2000")
    assert png_size(shot) == (1200, 2000)
    assert shot.stat().st_size > 50_000  # a page of text and bars, not a blank
    pdf = tmp_path / "medium.pdf"
    chromium(tmp_path, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    printed = pypdfium2.PdfDocument(str(pdf))
    assert len(printed) >= 3  # the cards flow over several A4 pages
    text = printed[0].get_textpage().get_text_range()
    assert "Overall readiness" in text


def test_several_reports_render_in_one_page(tmp_path):
    page = write_html(tmp_path, EXAMPLES / "strong.docx", EXAMPLES / "weak.docx")
    dom = chromium(tmp_path, page, "--dump-dom").stdout
    assert dom.count('<section class="report"') == 2
    assert dom.index('<section class="summary"') < dom.index('<section class="report"')
