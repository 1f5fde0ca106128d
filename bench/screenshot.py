"""Screenshot of the web app for the README: ask an example question, open a citation.

Starts the app on the seeds (with a temporary index) in this process, drives Debian's
chromium with Playwright and writes a 1400×1000 PNG:

    .venv/bin/python bench/screenshot.py                # → docs/screenshot.png
    .venv/bin/python bench/screenshot.py --question "…" --citation 2 --out /tmp/shot.png
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
QUESTION = "我们做养老机器人，有什么支持？"
SCROLL_CHAT_TOP = """() => {
  for (const element of document.querySelectorAll('#chat *')) {
    const style = getComputedStyle(element);
    if (element.scrollHeight > element.clientHeight + 4 && /(auto|scroll)/.test(style.overflowY)) element.scrollTop = 0;
  }
}"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--citation", type=int, default=2, help="which marker [n] to click")
    parser.add_argument("--corpus", default=str(ROOT / "seeds"))
    return parser.parse_args()


def capture(url: str, question: str, citation: int, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
        page.goto(url)
        page.fill("#question textarea", question)
        page.click("#send")
        page.wait_for_selector("#cite-panel a.cite-card", timeout=30_000)
        page.wait_for_timeout(500)
        markers = page.locator("#chat a.cite-marker")
        markers.nth(min(citation, markers.count()) - 1).click()
        page.wait_for_selector("#source-view #src-hl", timeout=10_000)
        page.evaluate(SCROLL_CHAT_TOP)  # show the question above its answer
        page.wait_for_timeout(800)  # smooth scrolling settles
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()


def main() -> int:
    args = parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: run `make browser` first", file=sys.stderr)
        return 1
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from rag.config import load_settings
    from rag.app.service import PolicyService
    from rag.app.web.server import start_in_background

    with tempfile.TemporaryDirectory() as index:
        settings = load_settings({"corpus": args.corpus, "index": index}, environ={})
        demo, url = start_in_background(PolicyService(settings))
        started = time.perf_counter()
        try:
            capture(url, args.question, args.citation, Path(args.out))
        finally:
            demo.close()
    print(f"wrote {args.out} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
