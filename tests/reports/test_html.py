"""The HTML report: self-contained, escaped, and tolerant of missing figures; checked as text and
then in a real headless Chromium (charts drawn, no request leaves the page, no injected script
runs).

The browser tests need Chromium (``bash scripts/install-chromium.sh``) and the ``websockets``
package (``pip install -e '.[test]'``).  Without them they are skipped, except on CI (``$CI`` set),
where they fail instead.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from tests.reports.sample import EVIDENCE_URL, IMG, JS_URL, SCRIPT, sample_metrics, sample_report

from twoway.audit import AuditReport
from twoway.reports.html import CONTENT_SECURITY_POLICY, close_bidi, http_url, render_html

# Attributes that make a browser fetch something.
LOADING_ATTRIBUTES = frozenset(
    {
        "src",
        "srcset",
        "poster",
        "data",
        "action",
        "formaction",
        "background",
        "manifest",
        "codebase",
        "archive",
        "ping",
        "lowsrc",
        "dynsrc",
        "imagesrcset",
    }
)


class Page(HTMLParser):
    """Every start tag of a document, with its attributes, and the text of its SVG charts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.svg_text: list[str] = []
        self._svg_depth = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "svg":
            self._svg_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._svg_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._svg_depth:
            self.svg_text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(sample_report())


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return Page(html)


# --- the file as text ---------------------------------------------------------------------------


def test_csp_meta_comes_first(page: Page, html: str) -> None:
    metas = [
        m
        for m in page.all("meta")
        if (m.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert [m["content"] for m in metas] == [CONTENT_SECURITY_POLICY]
    assert CONTENT_SECURITY_POLICY.startswith(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )
    # A CSP meta only governs what comes after it: it must precede the styles and the body.
    assert html.index("Content-Security-Policy") < html.index("<style") < html.index("<body")


def test_nothing_to_load_and_no_script(page: Page, html: str) -> None:
    for tag in (
        "script",
        "link",
        "iframe",
        "frame",
        "object",
        "embed",
        "base",
        "form",
        "img",
        "image",
        "video",
        "audio",
        "source",
        "track",
        "use",
        "input",
        "meta",
    ):
        for attrs in page.all(tag):
            if tag == "use":  # SVG markers: references inside the same chart
                assert (attrs.get("xlink:href") or "").startswith("#"), attrs
            elif tag == "meta":
                assert "refresh" not in (attrs.get("http-equiv") or "").lower()
            else:
                pytest.fail(f"<{tag} {attrs}> in the report")
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert name not in LOADING_ATTRIBUTES, (tag, name, value)
            if name in ("href", "xlink:href") and tag != "a":
                assert (value or "").startswith("#"), (tag, name, value)
            if name == "style":
                assert "url(" not in (value or "").replace("url(#", ""), (tag, value)
    css = html[html.index("<style>") : html.index("</style>")]
    assert "@import" not in css
    assert "url(" not in css.replace("url(#", "")
    assert "@font-face" not in css


def test_only_http_links(page: Page) -> None:
    hrefs = [attrs.get("href") for attrs in page.all("a")]
    assert hrefs, "the evidence posts should be linked"
    assert all(href and re.match(r"https?://", href) for href in hrefs), hrefs
    assert EVIDENCE_URL in hrefs
    assert all(attrs.get("rel") == "noopener noreferrer nofollow" for attrs in page.all("a"))


def test_data_text_is_escaped(html: str, page: Page) -> None:
    assert "<script" not in html.lower()
    assert "onerror=" not in "".join(f"{k}={v}" for _, a in page.tags for k, v in a.items())
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;" in html
    # The javascript: address is shown, as text only; so is the data: one.
    assert "javascript:window.__pwned=1</span>" in html
    assert 'href="javascript:' not in html
    assert 'href="data:' not in html


def test_control_characters_are_dropped() -> None:
    report = sample_report()
    audit = report.accounts[0]
    audit.cue_cards[0] = type(audit.cue_cards[0])(
        kind="question", text="Ask\x1b[31m away\x00\x7f\x85 now", based_on="#bikes\x08"
    )
    html = render_html(report)
    assert "Ask[31m away now" in html
    assert "Based on #bikes<" in html
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", html)


def test_charts_carry_no_data_text(page: Page) -> None:
    assert len(page.all("svg")) == 4
    text = " ".join(page.svg_text)
    for value in ("pwned", "millbrook", "Millbrook", "script", "onerror", "@"):
        assert value not in text


def test_ids_are_unique(page: Page) -> None:
    ids = [attrs["id"] for _, attrs in page.tags if attrs.get("id")]
    assert len(ids) == len(set(ids))


def test_same_report_same_bytes(html: str) -> None:
    assert render_html(sample_report()) == html


def test_sections(html: str) -> None:
    for heading in (
        "How the score adds up",
        "Key figures and targets",
        "What to do next",
        "Conversation starters",
        "Missed conversations",
        "Charts",
        "Example posts by intent",
        "All figures",
    ):
        assert f">{heading}</h2>" in html
    assert "8 of 40" in html
    assert "Promoter" in html
    assert "at most 20%" in html


def test_null_metric_shows_its_reason(html: str) -> None:
    assert "not available: no inbound messages in the inputs (add the conversation CSV)" in html
    assert "not available: the archive has no reply counts" in html


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"weekly": None, "weekly_reason": "fewer than two weeks of posts"},
            "not available: fewer than two weeks of posts",
        ),
        ({"hour_weekday": None, "hour_weekday_reason": "no posts"}, "not available: no posts"),
        (
            {"hour_weekday": [[1, 2]]},
            "not available: the hour-by-weekday table is not 7 rows of 24 numbers",
        ),
        (
            {
                "reply_latency_histogram": None,
                "reply_latency_histogram_reason": "no replies to others",
            },
            "not available: no replies to others",
        ),
        (
            {"reply_latency_histogram": {"edges": [0, 10], "counts": [1, 2, 3]}},
            "not available: the latency histogram&#39;s edges and counts do not match",
        ),
        (
            {"kind_share": None, "intent_share": None, "kind_share_reason": "no posts"},
            "not available: kind share: no posts; intent share: not computed",
        ),
        ({"weekly": "soon"}, "not available: the weekly series is empty or malformed"),
        ({"two_way_share": "lots"}, "not available: unexpected value &#39;lots&#39;"),
        (
            {"ica_share": None, "ica_share_reason": "no posts that are not reposts"},
            "not available: no posts that are not reposts",
        ),
    ],
)
def test_missing_or_odd_metrics(change: dict[str, Any], expected: str) -> None:
    metrics = sample_metrics()
    for name, value in change.items():
        metrics[name] = value
    if "intent_share" in change:
        del metrics["intent_share"]
    assert expected in render_html(sample_report(metrics))


def test_no_metrics_at_all() -> None:
    html = render_html(sample_report({}))
    assert html.count("not available: not computed for this account") >= 6
    assert "<svg" not in html


def test_no_accounts() -> None:
    report = sample_report()
    empty = AuditReport(accounts=[], generated_at=report.generated_at, inputs=[])
    assert "<h1>No accounts</h1>" in render_html(empty)


def test_two_accounts_keep_chart_ids_apart() -> None:
    report = sample_report()
    report.accounts.append(copy.copy(report.accounts[0]))
    page = Page(render_html(report))
    assert len(page.all("svg")) == 8
    ids = [attrs["id"] for _, attrs in page.tags if attrs.get("id")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://x.com/a/status/1", True),
        ("http://example.org/p?q=1&r=2", True),
        ("HTTPS://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("file:///etc/passwd", False),
        ("//evil.example/x", False),
        ("https://", False),
        ("https://exa mple.org/", False),
        ("https://example.org/\nx", False),
        ("at://did:plc:abc/app.bsky.feed.post/3k", False),
        (None, False),
        ("", False),
    ],
)
def test_http_url(url: str | None, linked: bool) -> None:
    assert http_url(url) == (url if linked else None)


RLO, LRE, PDF, RLI, FSI, PDI = "\u202e", "\u202a", "\u202c", "\u2067", "\u2068", "\u2069"


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("plain name", "plain name"),
        (f"Evil {RLO}Co", f"Evil {RLO}Co{PDF}"),
        (f"{RLO}{LRE}deep", f"{RLO}{LRE}deep{PDF}{PDF}"),
        (f"{RLI}isolated", f"{RLI}isolated{PDI}"),
        (f"{RLO}a{PDF} closed", f"{RLO}a{PDF} closed"),
        (f"{RLI}a{PDI} closed", f"{RLI}a{PDI} closed"),
        (f"{FSI}{RLO}x{PDI}", f"{FSI}{RLO}x{PDI}"),  # the isolate's end closes what it holds
        (f"{RLO}x{PDI}", f"{RLO}x{PDI}{PDF}"),  # a stray end closes nothing
        (f"{RLI}{RLO}x", f"{RLI}{RLO}x{PDF}{PDI}"),
        ("שלום עולם", "שלום עולם"),
    ],
)
def test_close_bidi(text: str, closed: str) -> None:
    assert close_bidi(text) == closed


def test_a_right_to_left_override_in_a_name_cannot_reverse_the_handle() -> None:
    """A display name ending in U+202E would show the handle after it backwards
    (``@evil`` as ``live@``); the report closes it at the end of the name."""
    report = sample_report()
    audit = report.accounts[0]
    report.accounts[0] = dataclasses.replace(
        audit, account=dataclasses.replace(audit.account, display_name=f"Evil {RLO}Co")
    )
    html = render_html(report)
    assert f'<h1>Evil {RLO}Co{PDF} <span class="handle">@millbrookbikes</span></h1>' in html


def test_an_account_without_posts_in_the_window_gets_no_score() -> None:
    """A score of 0 and the archetype Broadcaster would read as a verdict on the account."""
    report = sample_report({"posts": {"count": 0, "first": None, "last": None}})
    audit = report.accounts[0]
    report.accounts[0] = dataclasses.replace(audit, labels=[])
    report = dataclasses.replace(report, since=datetime(2030, 1, 1, tzinfo=UTC))
    html = render_html(report)
    assert "No posts in this period, so there is nothing to score or coach." in html
    assert "from 1 Jan 2030 · 0 posts" in html
    for gone in ("social score", "How the score adds up", "Conversation starters", "Charts"):
        assert gone not in html
    # The people who wrote in are still listed.
    assert "see the missed conversations below" in html
    assert ">Missed conversations</h2>" in html


def test_rules_of_thumb_read_as_sentences_in_all_figures() -> None:
    """They were "pass true, by 0.2, detail promotion is …": code, not English."""
    metrics = sample_metrics()
    metrics["rule_80_20"] = {
        "pass": True,
        "by": 0.04,
        "detail": "promotion is 16% of posts: the rule allows at most 20%",
    }
    metrics["rule_of_thirds"] = {"pass": False, "by": -0.2, "detail": "interaction 61%"}
    html = render_html(sample_report(metrics))
    assert "<td>kept: promotion is 16% of posts: the rule allows at most 20%</td>" in html
    assert "<td>not kept: interaction 61%</td>" in html
    assert "pass true" not in html


def test_templates_are_package_data() -> None:
    from importlib.resources import files

    templates = files("twoway.reports") / "templates"
    for name in ("report.html.j2", "account.html.j2", "macros.html.j2", "report.css"):
        assert (templates / name).is_file(), name


# --- in a real browser --------------------------------------------------------------------------


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


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory, html: str) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


def _open(browser: Any, path: Path) -> str:
    url = path.as_uri()
    browser.open(url)
    return url


def _problems(browser: Any) -> list[str]:
    """Console errors, blocked loads and CSP violations the page reported."""
    found = []
    for event in browser.events:
        params = event.get("params", {})
        if event["method"] == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            found.append(params["entry"]["text"])
        elif event["method"] == "Audits.issueAdded":
            found.append(str(params["issue"]["code"]))
        elif event["method"] in ("Runtime.exceptionThrown", "Network.loadingFailed"):
            found.append(str(params)[:300])
    return found


CHART_BOXES = """
[...document.querySelectorAll('figure.chart svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  return {width: box.width, height: box.height,
          shapes: svg.querySelectorAll('path, rect, use').length,
          labels: [...svg.querySelectorAll('text')].filter(t => t.getBBox().width > 0).length};
})
"""


def test_browser_draws_the_charts(browser: Any, report_file: Path) -> None:
    _open(browser, report_file)
    assert browser.evaluate("document.readyState") == "complete"
    charts = browser.evaluate(CHART_BOXES)
    assert len(charts) == 4
    for chart in charts:
        assert chart["width"] > 200, chart
        assert chart["height"] > 100, chart
        assert chart["shapes"] > 10, chart
        assert chart["labels"] > 5, chart
    heights = browser.evaluate("document.documentElement.scrollHeight")
    assert heights > 2000


def test_no_request_leaves_the_page(browser: Any, report_file: Path) -> None:
    url = _open(browser, report_file)
    assert browser.requests() == [url]
    assert _problems(browser) == []


def test_injected_script_never_runs(browser: Any, report_file: Path) -> None:
    _open(browser, report_file)
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert (
        browser.evaluate(
            "document.querySelectorAll('script, [onerror], iframe, object, embed, img').length"
        )
        == 0
    )
    text = browser.evaluate("document.body.innerText")
    assert SCRIPT in text
    assert IMG in text
    assert JS_URL in text
    protocols = browser.evaluate("[...document.links].map(a => a.protocol)")
    assert protocols
    assert set(protocols) <= {"http:", "https:"}


def test_safe_without_the_csp_too(browser: Any, tmp_path: Path, html: str) -> None:
    """The CSP is a second line: the escaping alone keeps scripts out and loads nothing."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
    assert meta.replace("'", "&#39;") in html
    path = tmp_path / "no-csp.html"
    path.write_text(html.replace(meta.replace("'", "&#39;"), ""), encoding="utf-8")
    url = _open(browser, path)
    assert browser.requests() == [url]
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert len(browser.evaluate(CHART_BOXES)) == 4


BAD = '<img src="http://127.0.0.1:9/pixel.png"><script>window.__pwned=1</script>'
"""What an escaping bug would let through.  Port 9 is one Chromium refuses to connect to."""


def test_the_checks_can_fail(browser: Any, tmp_path: Path) -> None:
    """A page that loads and runs things is caught by the same checks, so their silence above
    means something."""
    path = tmp_path / "bad.html"
    path.write_text(f"<!DOCTYPE html><html><head></head><body>{BAD}</body></html>", "utf-8")
    url = _open(browser, path)
    assert browser.requests() == [url, "http://127.0.0.1:9/pixel.png"]
    assert _problems(browser)
    assert browser.evaluate("window.__pwned") == 1


def test_the_reports_csp_stops_what_slips_through(browser: Any, tmp_path: Path, html: str) -> None:
    """The report's own CSP meta, as rendered, blocks a script and a remote image that got into
    its body: the script does not run and the image is refused before any connection."""
    path = tmp_path / "slipped.html"
    path.write_text(html.replace("<body>", "<body>" + BAD, 1), "utf-8")
    url = _open(browser, path)
    blocked = [
        e["params"]
        for e in browser.events
        if e["method"] == "Network.loadingFailed" and e["params"].get("blockedReason") == "csp"
    ]
    assert browser.requests() == [url, "http://127.0.0.1:9/pixel.png"]
    assert len(blocked) == 1
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    violations = [p for p in _problems(browser) if "Content Security Policy" in p]
    assert len(violations) == 2  # the image and the inline script


def test_fits_a_phone(browser: Any, report_file: Path) -> None:
    browser.emulate(390, 844, mobile=True, scale=2)
    try:
        _open(browser, report_file)
        width = browser.evaluate("document.documentElement.clientWidth")
        assert width == 390
        assert browser.evaluate("document.documentElement.scrollWidth") <= width
        for chart in browser.evaluate(CHART_BOXES):
            assert 200 < chart["width"] <= width
    finally:
        browser.send("Emulation.clearDeviceMetricsOverride")


def test_prints(browser: Any, report_file: Path) -> None:
    _open(browser, report_file)
    pdf = browser.send("Page.printToPDF", timeout=60, printBackground=False)["data"]
    assert len(pdf) > 10_000
    browser.send("Emulation.setEmulatedMedia", media="print")
    try:
        assert len(browser.evaluate(CHART_BOXES)) == 4
        assert all(c["width"] > 200 for c in browser.evaluate(CHART_BOXES))
    finally:
        browser.send("Emulation.setEmulatedMedia", media="")


def test_all_figures_show_every_share_as_a_percentage_and_times_readable() -> None:
    """Three shares read as 0.19, 0.38 and "Buffer 0.6", and reply times as "median 312.5,
    p90 2880" (minutes, unnamed), beside the percentages of the other shares."""
    metrics = sample_metrics()
    metrics["followerwonk_engagement"] = 0.1880952
    metrics["reply_concentration"] = 0.3793103
    metrics["first_response_minutes"] = {"median": 45.0, "p90": 1500.0}
    html = render_html(sample_report(metrics))
    figures = html.split(">All figures</h2>")[1]
    for name, shown in (
        ("followerwonk_engagement", "19%"),
        ("reply_concentration", "38%"),
        ("clients", "Buffer 60%, Twitter Web App 40%"),
        ("reply_latency_minutes", "median 5.2 h, p90 2 days, n 12"),
        ("first_response_minutes", "median 45 min, p90 25 h"),
    ):
        assert re.search(rf"<code>{name}</code></t[dh]>\s*<td>{re.escape(shown)}</td>", figures), (
            name
        )


def test_a_thin_account_is_flagged_beside_its_archetype() -> None:
    metrics = sample_metrics()
    metrics["posts"] = {**metrics["posts"], "count": 4}
    html = render_html(sample_report(metrics))
    assert (
        '<p class="caveat">Only 4 posts: too few to judge habits (the account rules need 20), so read the '
        "score and the archetype as a first impression, not a verdict.</p>"
    ) in html
    assert 'class="caveat"' not in render_html(sample_report())


def test_missed_conversations_beyond_twenty_point_to_the_json_report() -> None:
    """It said "see the JSON or CSV report", but the CSV holds the account's own posts only."""
    report = sample_report()
    audit = report.accounts[0]
    (first, _) = audit.missed_conversations
    missed = [dataclasses.replace(first, id=f"m{n}", author="bob") for n in range(21)]
    report.accounts[0] = dataclasses.replace(audit, missed_conversations=missed)
    html = render_html(report)
    assert "<p>… and 1 more (see the JSON report).</p>" in html
    assert "CSV report" not in html
