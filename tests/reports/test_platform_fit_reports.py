"""The reports of an owner's platforms (``--as``): the terminal table and advice, the HTML section
(escaped, self-contained, its chart free of data text, checked in Chromium when there is one),
and the JSON ``platform_fit`` object as docs/report-json.md documents it."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from rich.console import Console
from tests.reports.platform_sample import EVIL_HANDLE, EVIL_OWNER, owner_account, sample_fit
from tests.reports.test_html import CHART_BOXES, Page
from tests.reports.test_json import key_paths

from twoway.audit import AuditReport
from twoway.platform_fit import PLATFORM_FIGURES, TABLE, PlatformFit, platform_fit
from twoway.reports.html import render_html
from twoway.reports.json import dumps, report_json
from twoway.reports.terminal import render_audit

DOCS = Path(__file__).resolve().parents[2] / "docs" / "report-json.md"
WHEN = datetime(2024, 4, 1, 12, 0, tzinfo=UTC)


def owner_of(fit: PlatformFit) -> AuditReport:
    return AuditReport(accounts=[fit.audit], generated_at=WHEN, inputs=["x.zip", "m.zip"])


@pytest.fixture(scope="module")
def fit() -> PlatformFit:
    return sample_fit()


# --- terminal -------------------------------------------------------------------------------------


def terminal(fit: PlatformFit) -> str:
    console = Console(record=True, width=200, color_system=None, highlight=False)
    render_audit(owner_of(fit), console, platform_fit=fit)
    return console.export_text()


def test_terminal_table_and_advice(fit: PlatformFit) -> None:
    text = terminal(fit)
    rows = {line.split("│")[1].strip(): line for line in text.splitlines() if "│" in line}
    cells = [c.strip() for c in rows[f"X {EVIL_HANDLE}"].split("│")[2:-1]]
    assert cells == ["40 (74%)", "7.0", "0%", "0%", "3 (from 3 people)", "n/a", "3 (7%)"]
    cells = [c.strip() for c in rows["Mastodon bakery@social.example"].split("│")[2:-1]]
    assert cells == ["8 (15%)", "7.0", "0%", "0%", "41 (from 30 people)", "n/a", "41 (93%)"]
    cells = [c.strip() for c in rows["Bluesky bakery.bsky.social"].split("│")[2:-1]]
    assert cells == ["6 (11%)", "6.0", "0%", "n/a", "n/a", "n/a", "n/a"]
    flat = " ".join(text.split())
    assert (
        "n/a answered, messages in on Bluesky: no inbound messages: mentions and replies from "
        "others come only with inputs that hold them (the customer-conversation CSV, live pulls)"
    ) in flat
    assert "n/a replies/post on X, Mastodon and Bluesky: the source gives no reply counts" in flat
    assert (
        "Where your audience talks back Your audience talks back on Mastodon (41 of 44 "
        "messages, 93%), but 74% of your posts go to X, where 3 messages came back (7%). "
        "Next: Answer on Mastodon first, and move effort there from X."
    ) in flat
    assert "- Bluesky: the data holds no messages from others and no reply counts" in flat


def test_terminal_shows_names_as_text(fit: PlatformFit) -> None:
    text = terminal(fit)
    assert f"{EVIL_OWNER} on Bluesky, Mastodon and X" in " ".join(text.split())
    assert EVIL_HANDLE in text  # markup shown as typed: neither styled nor a link
    assert "\x1b" not in text


def test_best_platform_in_bold_only_where_platforms_differ(fit: PlatformFit) -> None:
    assert fit.leads("heard") == ("mastodon",)
    assert fit.leads("messages_in") == ("mastodon",)
    assert fit.leads("two_way_share") == ()  # 0% everywhere: no one is best
    assert fit.leads("posts") == ()  # volume has no better side
    assert fit.leads("conversation_rate") == ()  # nobody has it
    console = Console(record=True, width=200, force_terminal=True, highlight=False)
    render_audit(owner_of(fit), console, platform_fit=fit)
    styled = console.export_text(styles=True)
    assert "\x1b[1m41\x1b[0m" in styled


# --- HTML -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def html(fit: PlatformFit) -> str:
    return render_html(owner_of(fit), platform_fit=fit)


def test_html_section(html: str) -> None:
    start = html.index('<section class="platforms"')
    section = html[start : html.index("</section>", start)]
    assert ">Platforms</h2>" in section
    headings = re.findall(r'<th scope="col" class="num">([^<]+)</th>', section)
    label = {f.name: f.label for f in PLATFORM_FIGURES}
    assert headings == [label[name] for name, _ in TABLE]
    assert headings[-1] == "Messages and replies that came back"
    assert (
        '<strong title="the best platform on this figure">41</strong> <small>(from 30 people)</small>'
        in section
    )
    assert "3 <small>(7%)</small>" in section
    assert section.count('<span class="na">n/a</span>') == 6 + 3  # cells, then the reasons
    assert (
        "Your audience talks back on Mastodon (41 of 44 messages, 93%), but 74% of your posts "
        "go to X, where 3 messages came back (7%)."
    ) in section
    assert (
        "<strong>Next step:</strong> Answer on Mastodon first, and move effort there from X."
        in section
    )


def test_html_escapes_names(html: str) -> None:
    page = Page(html)
    assert page.all("script") == []
    assert page.all("img") == []
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;[link=file:///etc]x[/]" in html
    assert (
        "<title>twoway audit: &lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt; [bold red]Bakery[/]</title>"
        in html
    )
    ids = [attrs["id"] for _, attrs in page.tags if attrs.get("id")]
    assert len(ids) == len(set(ids))


def test_html_chart_carries_platform_names_and_numbers_only(html: str) -> None:
    page = Page(html)
    start = html.index('id="account-1-platform-chart"')
    chart = Page(html[start : html.index("</figure>", start)])
    text = " ".join(chart.svg_text)
    assert "Mastodon" in text
    assert "93%" in text
    assert "n/a" in text  # Bluesky
    for value in ("pwned", "bakery", "Bakery", "script", "@"):
        assert value not in " ".join(page.svg_text)


@pytest.mark.parametrize("without_counts", [0, 1, 3])
def test_html_chart_keeps_every_platform_inside_its_axes(
    monkeypatch: pytest.MonkeyPatch, without_counts: int
) -> None:
    """Each platform has a band of its own, whether both bars are drawn or one bar and "n/a":
    the last platform's label and its n/a once sat on the x axis, under the ticks."""
    from matplotlib.figure import Figure

    from twoway.reports import charts
    from twoway.reports.html import platforms_chart

    drawn: list[Figure] = []

    def render(key: str, size: object, draw: Any, label: str) -> str:
        figure = Figure()
        draw(figure)
        drawn.append(figure)
        return "<svg></svg>"

    monkeypatch.setattr(charts, "_render", render)
    accounts = [
        owner_account(
            platform, f"bakery-{platform}", posts=5, messages=0 if n < without_counts else 4
        )
        for n, platform in enumerate(("x", "mastodon", "bluesky"))
    ]
    platforms_chart(platform_fit(accounts, "Bakery"))
    (axes,) = drawn[0].axes
    assert axes.get_ylim() == (-0.5, 2.5)
    low, high = axes.get_ylim()
    for text in axes.texts:
        assert low < text.get_position()[1] < high, text.get_text()
    assert [t.get_text() for t in axes.texts].count("n/a") == without_counts


def test_html_same_fit_same_bytes(fit: PlatformFit, html: str) -> None:
    assert render_html(owner_of(fit), platform_fit=fit) == html


def test_html_without_a_fit_has_no_platforms_section(fit: PlatformFit) -> None:
    assert 'class="platforms"' not in render_html(owner_of(fit))


# --- JSON -----------------------------------------------------------------------------------------


def test_json_platform_fit_keys_are_documented(fit: PlatformFit) -> None:
    written = orjson.loads(dumps(owner_of(fit), platform_fit=fit))
    assert list(written) == [
        "schema_version", "generated_at", "inputs", "window", "time_zone", "accounts",
        "platform_fit",
    ]  # fmt: skip
    assert "platform_fit" not in report_json(owner_of(fit))
    text = DOCS.read_text(encoding="utf-8")
    keys = {path.rsplit(".", 1)[-1] for path in key_paths(written["platform_fit"])}
    keys -= {f.name for f in PLATFORM_FIGURES}  # the figures' names: documented in platform-fit.md
    assert sorted(key for key in keys if f"`{key}`" not in text) == []
    platform_doc = (DOCS.parent / "platform-fit.md").read_text(encoding="utf-8")
    assert [f.name for f in PLATFORM_FIGURES if f"| `{f.name}` |" not in platform_doc] == []


def documented_example() -> dict[str, Any]:
    blocks = re.findall(r"^```json\n(.*?)^```", DOCS.read_text(encoding="utf-8"), re.M | re.S)
    (block,) = [b for b in blocks if '"platform_fit"' in b]
    return orjson.loads(block)  # type: ignore[no-any-return]


def test_the_documented_example_has_the_shape_of_the_output() -> None:
    fit = platform_fit(
        [
            owner_account("x", "cornerbakery", posts=40, messages=3),
            owner_account("mastodon", "bakery@social.example", posts=8, messages=41),
        ],
        "Corner Bakery",
    )
    written = report_json(owner_of(fit), platform_fit=fit)
    example = documented_example()
    assert set(key_paths(example)) <= set(key_paths(orjson.loads(orjson.dumps(written))))
    assert example["platform_fit"]["advice"] == {
        "verdict": fit.advice.verdict,
        "reason": fit.advice.reason,
        "summary": fit.advice.summary,
        "action": fit.advice.action,
        "notes": list(fit.advice.notes),
        "talks_back": list(fit.advice.talks_back),
        "silent": list(fit.advice.silent),
        "text": fit.advice.text,
    }


# --- in a real browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    on_ci = bool(os.environ.get("CI"))
    try:
        from tests.reports.cdp import Chromium, find_chromium
    except ImportError as error:  # websockets missing
        if on_ci:
            pytest.fail(f"the browser tests need the test extra on CI: {error}")
        pytest.skip(f"browser tests need `pip install -e '.[test]'` ({error})")
    executable = find_chromium()
    if executable is None:
        if on_ci:
            pytest.fail("chromium not found on CI: run `bash scripts/install-chromium.sh` first")
        pytest.skip("chromium not found: run `sudo bash scripts/install-chromium.sh` to run these")
    with Chromium(executable) as chromium:
        yield chromium


def test_browser_draws_the_section_and_loads_nothing(
    browser: Any, tmp_path: Path, html: str
) -> None:
    path = tmp_path / "owner.html"
    path.write_text(html, encoding="utf-8")
    url = path.as_uri()
    browser.open(url)
    assert browser.requests() == [url]
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    charts = browser.evaluate(
        CHART_BOXES.replace("figure.chart svg", ".platforms figure.chart svg")
    )
    assert len(charts) == 1
    assert charts[0]["width"] > 200
    assert charts[0]["shapes"] > 5
    text = browser.evaluate("document.querySelector('.platforms').innerText")
    assert "Where your audience talks back" in text
    assert EVIL_HANDLE in text
    browser.emulate(390, 844, mobile=True, scale=2)
    try:
        browser.open(url)
        width = browser.evaluate("document.documentElement.clientWidth")
        assert browser.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        browser.send("Emulation.clearDeviceMetricsOverride")
