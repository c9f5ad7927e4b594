"""The lineage pages of the Dagster UI, opened in headless Chromium (Debian's package, driven by
Playwright; `.ci/run` installs it, no browser is downloaded by a test tool)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # end to end: runs the real graph

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(tmp_path: Path):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        try:
            yield browser.new_page(viewport={"width": 1800, "height": 1100})
        finally:
            browser.close()


def screenshot_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("TERTIAL_SCREENSHOTS", tmp_path / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def dismiss_welcome(page) -> None:
    skip = page.get_by_role("button", name="Skip")
    if skip.count():
        skip.click()


def test_lineage_pages_render_in_a_browser(webserver: int, page, tmp_path: Path):
    base = f"http://127.0.0.1:{webserver}"
    folder = screenshot_folder(tmp_path)
    page.goto(f"{base}/asset-groups")
    page.get_by_text("Global asset lineage").first.wait_for(timeout=60_000)
    page.get_by_text("ingestion", exact=True).first.wait_for(timeout=60_000)
    dismiss_welcome(page)
    for group in ("sources", "ingestion", "staging", "marts", "reports", "exports"):
        assert page.get_by_text(group, exact=True).count() >= 1, group
    page.screenshot(path=str(folder / "global_lineage.png"))
    page.goto(
        f"{base}/assets/monthly_report_xlsx?view=lineage&lineageScope=upstream&lineageDepth=10"
    )
    page.get_by_text("rpt_monthly_result").first.wait_for(timeout=60_000)
    dismiss_welcome(page)
    page.screenshot(path=str(folder / "monthly_report_lineage.png"))
    for name in ("monthly_report_xlsx", "rpt_monthly_result", "fct_result_ytd", "dim_uppdrag"):
        assert page.get_by_text(name).count() >= 1, name
    assert (folder / "monthly_report_lineage.png").stat().st_size > 10_000
