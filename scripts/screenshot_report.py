"""Write ``docs/images/report.png``: a screenshot of the HTML report of the bundled example.

Runs ``twoway audit examples/corner-bakery-x-archive.zip --html …`` and opens the result in a
headless Chromium (the same small DevTools client the report tests use, tests/reports/cdp.py),
then saves a PNG of the top of the page (``--full-page`` for all of it).  Needs Chromium
(``bash scripts/install-chromium.sh``) and the test extra (``pip install -e '.[test]'``)::

    python scripts/screenshot_report.py
    python scripts/screenshot_report.py --html some-report.html --full-page -o /tmp/report.png
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "corner-bakery-x-archive.zip"
OUTPUT = ROOT / "docs" / "images" / "report.png"

sys.path.insert(0, str(ROOT))
from tests.reports.cdp import Chromium, find_chromium  # noqa: E402


def render_example(html: Path) -> None:
    """The example's audit as HTML, through the real command."""
    command = [sys.executable, "-m", "twoway", "audit", str(EXAMPLE), "--html", str(html)]
    print("+", " ".join(command), file=sys.stderr)
    done = subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
    if done.returncode not in (0, 1) or not html.is_file():
        raise SystemExit(f"twoway audit failed with exit code {done.returncode}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="screenshot this report instead of the example's")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help="PNG to write")
    parser.add_argument("--width", type=int, default=1000, help="viewport width in CSS pixels")
    parser.add_argument("--height", type=int, default=1500, help="viewport height in CSS pixels")
    parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not the top")
    args = parser.parse_args(argv)

    executable = find_chromium()
    if executable is None:
        raise SystemExit("chromium not found: run `sudo bash scripts/install-chromium.sh`")
    with tempfile.TemporaryDirectory() as folder:
        html = args.html
        if html is None:
            html = Path(folder) / "report.html"
            render_example(html)
        with Chromium(executable, width=args.width, height=args.height) as browser:
            browser.emulate(args.width, args.height, scale=args.scale)
            browser.open(html.resolve().as_uri())
            requests = browser.requests()
            if requests != [html.resolve().as_uri()]:
                raise SystemExit(f"the report asked for more than itself: {requests}")
            args.output.parent.mkdir(parents=True, exist_ok=True)
            browser.screenshot(args.output, full_page=args.full_page)
    print(f"wrote {args.output} ({args.output.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
