"""``twoway audit`` end to end, through the real command and the library: the terminal summary,
the JSON and CSV reports, windows, accounts, merging, refusals and hostile data."""

from __future__ import annotations

import csv
import io
import re
import shutil
import time
import zipfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

from support import FIXTURES, make_zip, x_archive_members
from twoway.audit import SCHEMA_VERSION, audit, audit_account, audit_dataset
from twoway.cli import cli
from twoway.dataset import load
from twoway.metrics import REGISTRY
from twoway.reports.csv import LABEL_COLUMNS
from twoway.reports.json import report_json

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "corner-bakery-x-archive.zip"
CONVERSATIONS = FIXTURES / "conversations" / "twcs.csv"
BRANDS = ["NimbusMobileHelp", "OakridgeRail", "PennyPostCares"]
ARCHETYPES = (
    "Broadcaster",
    "Promoter",
    "Curator",
    "Responder",
    "Conversationalist",
    "Community builder",
)
SCORE_LINE = re.compile(rf"Social score (\d+)/100 · ({'|'.join(ARCHETYPES)}): \S")
CSV_HEADER = [*LABEL_COLUMNS, "created_at", "url", "text"]


def run(*args: str | Path) -> Result:
    # No colour forced from the environment: any escape sequence in the output came from data.
    runner = CliRunner(env={"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "COLUMNS": None})
    return runner.invoke(cli, [str(a) for a in args], prog_name="twoway")


def flat(text: str) -> str:
    """Output with Rich's line wrapping undone."""
    return " ".join(text.split())


def audit_json(tmp_path: Path, *args: str | Path) -> dict[str, Any]:
    """Run ``twoway audit ARGS --json`` and give the report."""
    out = tmp_path / "audit.json"
    result = run("audit", *args, "--json", out)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return orjson.loads(out.read_bytes())  # type: ignore[no-any-return]


def audit_csv(tmp_path: Path, *args: str | Path) -> list[list[str]]:
    """Run ``twoway audit ARGS --csv`` and give the rows, header first."""
    out = tmp_path / "posts.csv"
    result = run("audit", *args, "--csv", out)
    assert result.exit_code == 0, result.output
    return list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))


def by_account(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["account"]: entry for entry in report["accounts"]}


# --- small X archives written for a test ---------------------------------------------------------


def tweet(
    ident: int,
    when: str,
    text: str,
    *,
    links: Sequence[str] = (),
    client: str = "Twitter Web App",
) -> dict[str, Any]:
    """One tweet as an X archive's tweets.js holds it; ``when`` is ``YYYY-MM-DD HH:MM`` UTC, and
    each of ``links`` is a t.co link in ``text`` as ``{link}``."""
    moment = datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    urls = []
    for number, target in enumerate(links):
        short = f"https://t.co/L{ident % 100000:05d}{number}"
        start = len(text.split("{link}")[0]) if "{link}" in text else len(text) + 1
        text = text.replace("{link}", short, 1) if "{link}" in text else f"{text} {short}"
        urls.append(
            {
                "url": short,
                "expanded_url": target,
                "display_url": target.split("//")[1][:20],
                "indices": [str(start), str(start + len(short))],
            }
        )
    return {
        "tweet": {
            "retweeted": False,
            "source": f'<a href="https://example.org" rel="nofollow">{client}</a>',
            "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": urls},
            "display_text_range": ["0", str(len(text))],
            "favorite_count": "0",
            "id_str": str(ident),
            "id": str(ident),
            "truncated": False,
            "retweet_count": "0",
            "created_at": moment.strftime("%a %b %d %H:%M:%S +0000 %Y"),
            "favorited": False,
            "full_text": text,
            "lang": "en",
        }
    }


def account_js(handle: str = "corner_bakery", ident: str = "1234") -> bytes:
    record = [{"account": {"username": handle, "accountId": ident, "accountDisplayName": handle}}]
    return b"window.YTD.account.part0 = " + orjson.dumps(record)


def x_archive(
    path: Path, tweets: Sequence[dict[str, Any]], *, handle: str = "corner_bakery"
) -> Path:
    """A zip X archive at ``path`` holding ``tweets`` of ``handle``."""
    body = b"window.YTD.tweets.part0 = " + orjson.dumps(list(tweets), option=orjson.OPT_INDENT_2)
    return make_zip(path, {"data/tweets.js": body, "data/account.js": account_js(handle)})


def fixture_tweets(**replacements: str) -> str:
    """The fixture tweets.js, each full text named by a key of ``replacements`` replaced."""
    text = (FIXTURES / "x_archive" / "tweets.js").read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    return text


FIXTURE_TEXTS = {
    "first": "New on the blog: crust &amp; crumb &lt;3 #sourdough https://t.co/AbCdEf1234",
    "reply": "@ana_cafe Did the rye loaf arrive in one piece?",
    "thread": "Part two: the starter needs feeding daily.",
    "repost": "RT @townnews: Market square closed on Saturday for the parade",
}


def promoter_archive(path: Path) -> Path:
    """An account that only posts links and promotions, twice a day for two weeks."""
    shop = "https://bakery.example/shop"
    posts = [
        ("Buy our sourdough today! 20% off, order now {link}", [f"{shop}/sourdough"]),
        ("{link}", ["https://news.example/bread-prices"]),
        ("Sale! Free delivery on every cake this week, shop now {link}", [f"{shop}/cakes"]),
        ("New in the shop: rye loaf. Order online {link}", [f"{shop}/rye"]),
        ("{link}", ["https://news.example/market-day"]),
        ("Last chance: gift cards 2 for 1, buy now {link}", [f"{shop}/gift-card"]),
        ("Order your Christmas cake now, limited stock {link}", [f"{shop}/christmas"]),
    ]
    tweets = [
        tweet(
            1700000000000000000 + n,
            f"2024-03-{4 + n // 2:02d} {9 + 6 * (n % 2):02d}:00",
            posts[n % len(posts)][0],
            links=posts[n % len(posts)][1],
            client="Buffer",
        )
        for n in range(28)
    ]
    return x_archive(path, tweets)


@pytest.fixture(scope="module")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return audit_json(tmp_path_factory.mktemp("example"), EXAMPLE)


@pytest.fixture(scope="module")
def conversations_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return audit_json(tmp_path_factory.mktemp("conversations"), CONVERSATIONS)


@pytest.fixture
def folder_copy(tmp_path: Path, x_archive_zip: Path) -> Path:
    """The fixture archive unpacked into a folder."""
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(x_archive_zip) as archive:
        archive.extractall(folder)
    return folder


# --- the terminal summary -----------------------------------------------------------------------


@pytest.mark.parametrize("path", [EXAMPLE, CONVERSATIONS], ids=["example", "conversations"])
def test_audit_prints_the_score_the_archetype_and_what_to_change_first(path: Path) -> None:
    result = run("audit", path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    output = flat(result.stdout)
    assert SCORE_LINE.search(output), output[:500]
    assert "What to change first 1. " in output
    assert "Key figures" in output
    assert "Conversation starters" in output


def test_the_terminal_shows_each_accounts_score_and_archetype_as_the_json_has_them(
    tmp_path: Path,
) -> None:
    report = audit_json(tmp_path, CONVERSATIONS)
    output = flat(run("audit", CONVERSATIONS).stdout)
    found = [(int(score), name) for score, name in SCORE_LINE.findall(output)]
    expected = [(e["score"]["value"], e["archetype"]["name"]) for e in report["accounts"]]
    assert found == expected
    for entry in report["accounts"]:
        assert f"{entry['account']} on x" in output
        for part in entry["score"]["parts"]:
            assert f"{part['label']} {part['shown']} {part['points']:g} of " in output


def test_the_reports_written_are_named_on_stdout(tmp_path: Path) -> None:
    html, data, table = tmp_path / "a.html", tmp_path / "a.json", tmp_path / "a.csv"
    result = run("audit", EXAMPLE, "--html", html, "--json", data, "--csv", table)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()[-3:]
    assert lines == [
        f"wrote the HTML report to {html}",
        f"wrote the JSON report to {data}",
        f"wrote 420 labelled posts to {table}",
    ]
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "a.html", "a.json"]


# --- the JSON report ----------------------------------------------------------------------------


def test_the_json_report_has_its_version_inputs_and_window(example_report: dict[str, Any]) -> None:
    assert example_report["schema_version"] == SCHEMA_VERSION
    assert list(example_report) == [
        "schema_version",
        "generated_at",
        "inputs",
        "window",
        "time_zone",
        "accounts",
    ]
    assert example_report["inputs"] == [str(EXAMPLE)]
    assert example_report["window"] == {"since": None, "until": None}
    assert example_report["time_zone"] == "UTC"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", example_report["generated_at"])


def test_accounts_is_a_list_even_for_one_account(example_report: dict[str, Any]) -> None:
    accounts = example_report["accounts"]
    assert isinstance(accounts, list)
    assert len(accounts) == 1
    entry = accounts[0]
    assert list(entry) == [
        "account",
        "account_id",
        "display_name",
        "platform",
        "metrics",
        "score",
        "archetype",
        "caveat",
        "findings",
        "recommendations",
        "cue_cards",
        "missed_conversations",
    ]
    assert (entry["account"], entry["platform"]) == ("cornerbakeryco", "x")
    assert entry["display_name"] == "The Corner Bakery"
    assert entry["metrics"]["posts"]["count"] == 420


def all_accounts(
    example: dict[str, Any], conversations: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    yield from example["accounts"]
    yield from conversations["accounts"]


def test_every_metric_is_in_the_report_null_ones_with_their_reason(
    example_report: dict[str, Any], conversations_report: dict[str, Any]
) -> None:
    for entry in all_accounts(example_report, conversations_report):
        metrics = entry["metrics"]
        assert [name for name in metrics if not name.endswith("_reason")] == list(REGISTRY)
        for name in REGISTRY:
            if metrics[name] is None:
                assert metrics[f"{name}_reason"], name
            else:
                assert f"{name}_reason" not in metrics


def test_the_score_parts_add_up_to_the_score(
    example_report: dict[str, Any], conversations_report: dict[str, Any]
) -> None:
    for entry in all_accounts(example_report, conversations_report):
        score = entry["score"]
        assert 0 <= score["value"] <= 100
        assert sum(part["points"] for part in score["parts"]) == score["value"]
        for part in score["parts"]:
            assert 0 <= part["points"] <= part["max_points"]
            assert part["text"] == (
                f"{part['label']} {part['shown']} -> {part['points']:g} of "
                f"{part['max_points']:g} points"
            )
        assert entry["archetype"]["name"] in ARCHETYPES
        assert entry["archetype"]["reason"].endswith(".")


def test_at_most_five_recommendations_most_impactful_first(
    example_report: dict[str, Any], conversations_report: dict[str, Any]
) -> None:
    seen = 0
    for entry in all_accounts(example_report, conversations_report):
        recommendations = entry["recommendations"]
        assert len(recommendations) <= 5
        impacts = [rec["impact"] for rec in recommendations]
        assert impacts == sorted(impacts, reverse=True)
        fired = {finding["code"] for finding in entry["findings"]}
        for rec in recommendations:
            assert rec["code"] in fired
            assert all(rec[key] for key in ("title", "why", "action"))
            assert len(rec["evidence"]) <= 3
        seen += len(recommendations)
    assert len(example_report["accounts"][0]["recommendations"]) >= 2
    assert seen >= 3


def test_the_evidence_is_the_accounts_own_posts(example_report: dict[str, Any]) -> None:
    entry = example_report["accounts"][0]
    for rec in entry["recommendations"]:
        for evidence in rec["evidence"]:
            assert evidence["url"] == (f"https://x.com/cornerbakeryco/status/{evidence['post_id']}")
            assert evidence["text"]


def test_at_least_five_cue_cards_of_at_least_four_kinds(
    example_report: dict[str, Any], conversations_report: dict[str, Any]
) -> None:
    for entry in all_accounts(example_report, conversations_report):
        cards = entry["cue_cards"]
        assert len(cards) >= 5, entry["account"]
        assert len({card["kind"] for card in cards}) >= 4, entry["account"]
        assert all(card["text"] and card["based_on"] for card in cards)


def test_the_audit_is_deterministic(tmp_path: Path, example_report: dict[str, Any]) -> None:
    again = audit_json(tmp_path, EXAMPLE)
    for report in (again, example_report):
        del report["generated_at"]
    assert again == example_report


# --- the CSV report -----------------------------------------------------------------------------


def test_the_csv_has_one_row_per_post(tmp_path: Path, example_report: dict[str, Any]) -> None:
    rows = audit_csv(tmp_path, EXAMPLE)
    assert rows[0] == CSV_HEADER
    assert all(len(row) == len(CSV_HEADER) for row in rows)
    assert len(rows) - 1 == example_report["accounts"][0]["metrics"]["posts"]["count"] == 420
    ids = [row[CSV_HEADER.index("id")] for row in rows[1:]]
    assert len(set(ids)) == len(ids)
    assert {row[CSV_HEADER.index("account")] for row in rows[1:]} == {"cornerbakeryco"}


def test_the_csv_of_many_accounts_has_every_accounts_posts(tmp_path: Path) -> None:
    rows = audit_csv(tmp_path, CONVERSATIONS)
    accounts = [row[CSV_HEADER.index("account")] for row in rows[1:]]
    assert {name: accounts.count(name) for name in BRANDS} == {
        "NimbusMobileHelp": 4,
        "OakridgeRail": 2,
        "PennyPostCares": 1,
    }


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    tweets = fixture_tweets(
        **{
            FIXTURE_TEXTS["first"]: '=HYPERLINK(\\"https://evil.example\\",\\"crust\\")',
            FIXTURE_TEXTS["thread"]: "+44 20 7946 0000 is our new number",
            FIXTURE_TEXTS["repost"]: "-20% on rye loaves today only",
        }
    )
    archive = make_zip(
        tmp_path / "formulas.zip",
        {"data/tweets.js": tweets, "data/account.js": FIXTURES / "x_archive" / "account.js"},
    )
    rows = audit_csv(tmp_path, archive)
    text = {row[CSV_HEADER.index("id")]: row[CSV_HEADER.index("text")] for row in rows[1:]}
    assert text == {
        "1600000000000000001": '\'=HYPERLINK("https://evil.example","crust")',
        "1600000000000000002": "'@ana_cafe Did the rye loaf arrive in one piece?",
        "1600000000000000003": "'+44 20 7946 0000 is our new number",
        "1600000000000000004": "'-20% on rye loaves today only",
        "1600000000000000005": (
            "We'll have a stall there! https://twitter.com/townnews/status/1599000000000000000"
        ),
    }
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


# --- windows ------------------------------------------------------------------------------------

# The fixture's posts: 2022-12-06 05:31:41, 06:00, 06:10; 2022-12-07 09:00; 2022-12-08 12:00 UTC.


@pytest.mark.parametrize(
    ("options", "count", "first", "last"),
    [
        ((), 5, "2022-12-06T05:31:41Z", "2022-12-08T12:00:00Z"),
        (("--since", "2022-12-07"), 2, "2022-12-07T09:00:00Z", "2022-12-08T12:00:00Z"),
        (("--until", "2022-12-07"), 3, "2022-12-06T05:31:41Z", "2022-12-06T06:10:00Z"),
        (("--since", "2022-12-07", "--until", "2022-12-08"), 1, "2022-12-07T09:00:00Z", None),
        # --until is exclusive, --since inclusive, to the second.
        (("--until", "2022-12-08T12:00"), 4, "2022-12-06T05:31:41Z", "2022-12-07T09:00:00Z"),
        (("--since", "2022-12-08T12:00"), 1, "2022-12-08T12:00:00Z", None),
        (("--since", "2022-12-06T06:00:00", "--until", "2022-12-06T06:10"), 1, None, None),
    ],
)
def test_since_and_until_keep_the_posts_of_the_window(
    tmp_path: Path,
    x_archive_zip: Path,
    options: tuple[str, ...],
    count: int,
    first: str | None,
    last: str | None,
) -> None:
    archive = make_zip(tmp_path / "five.zip", x_archive_members("tweets.js", "account.js"))
    posts = audit_json(tmp_path, archive, *options)["accounts"][0]["metrics"]["posts"]
    assert posts["count"] == count
    if first is not None:
        assert posts["first"] == first
        assert posts["last"] == (last or first)
    rows = audit_csv(tmp_path, archive, *options)
    assert len(rows) - 1 == count


def test_window_dates_are_utc_whatever_the_local_time_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = make_zip(tmp_path / "five.zip", x_archive_members("tweets.js", "account.js"))
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14
    time.tzset()
    try:
        report = audit_json(tmp_path, archive, "--since", "2022-12-07", "--until", "2022-12-08")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert report["window"] == {"since": "2022-12-07T00:00:00Z", "until": "2022-12-08T00:00:00Z"}
    assert report["accounts"][0]["metrics"]["posts"]["count"] == 1


def test_a_window_counts_inbound_messages_too(tmp_path: Path) -> None:
    report = by_account(audit_json(tmp_path, CONVERSATIONS, "--since", "2017-11-07"))
    penny = report["PennyPostCares"]
    # Message 20 (6 November) is before the window: only 30 and 41 are left waiting.
    assert [m["id"] for m in penny["missed_conversations"]] == ["30", "41"]
    assert report["OakridgeRail"]["metrics"]["posts"]["count"] == 1


def test_an_account_without_posts_in_the_window_still_gets_an_entry(tmp_path: Path) -> None:
    report = audit_json(tmp_path, CONVERSATIONS, "--since", "2017-11-07")
    assert [entry["account"] for entry in report["accounts"]] == BRANDS
    nimbus = by_account(report)["NimbusMobileHelp"]
    assert nimbus["metrics"]["posts"] == {
        "count": 0,
        "first": None,
        "last": None,
        "per_active_day": None,
    }
    assert nimbus["metrics"]["two_way_share"] is None
    assert nimbus["metrics"]["two_way_share_reason"] == "no posts"
    assert nimbus["score"]["value"] == 0
    assert nimbus["archetype"]["name"] == "Broadcaster"
    assert nimbus["missed_conversations"] == []
    assert len(nimbus["cue_cards"]) >= 5


def test_an_empty_window_prints_an_entry_and_no_crash(x_archive_zip: Path, tmp_path: Path) -> None:
    result = run("audit", x_archive_zip, "--since", "2030-01-01", "--csv", tmp_path / "p.csv")
    assert result.exit_code == 0, result.output
    output = flat(result.stdout)
    assert "corner_bakery on x" in output
    # No score of 0 and no archetype: they would read as a verdict on an account with no posts.
    assert (
        "no posts between 2030-01-01 and the end: nothing to score or coach; choose a window "
        "that holds posts (`twoway inspect` shows the dates of an export)"
    ) in output
    assert "Social score" not in output
    assert "Conversation starters" not in output
    assert (tmp_path / "p.csv").read_text(encoding="utf-8").splitlines() == [",".join(CSV_HEADER)]


# --- several paths, many accounts ---------------------------------------------------------------


def test_the_zip_and_its_unpacked_copy_merge_without_double_counting(
    tmp_path: Path, x_archive_zip: Path, folder_copy: Path
) -> None:
    one = audit_json(tmp_path, x_archive_zip)
    both = audit_json(tmp_path, x_archive_zip, folder_copy)
    assert both["inputs"] == [str(x_archive_zip), str(folder_copy)]
    assert len(both["accounts"]) == 1
    assert both["accounts"][0]["metrics"]["posts"] == one["accounts"][0]["metrics"]["posts"]
    assert both["accounts"][0]["metrics"]["posts"]["count"] == 6
    assert both["accounts"][0]["score"] == one["accounts"][0]["score"]
    rows = audit_csv(tmp_path, folder_copy, x_archive_zip)
    assert len(rows) - 1 == 6


def test_the_same_csv_twice_counts_each_message_once(tmp_path: Path) -> None:
    copy = shutil.copy(CONVERSATIONS, tmp_path / "again.csv")
    once = by_account(audit_json(tmp_path, CONVERSATIONS))
    twice = by_account(audit_json(tmp_path, CONVERSATIONS, copy))
    for name in BRANDS:
        assert twice[name]["metrics"] == once[name]["metrics"]
        assert twice[name]["missed_conversations"] == once[name]["missed_conversations"]


def test_a_many_account_input_gives_one_entry_per_account(
    conversations_report: dict[str, Any],
) -> None:
    accounts = conversations_report["accounts"]
    assert [entry["account"] for entry in accounts] == BRANDS
    assert [entry["metrics"]["posts"]["count"] for entry in accounts] == [4, 2, 1]


@pytest.mark.parametrize("wanted", ["OakridgeRail", "@oakridgerail"])
def test_account_keeps_one_account(tmp_path: Path, wanted: str) -> None:
    report = audit_json(tmp_path, CONVERSATIONS, "--account", wanted)
    assert [entry["account"] for entry in report["accounts"]] == ["OakridgeRail"]
    assert report["accounts"][0]["metrics"]["posts"]["count"] == 2
    output = run("audit", CONVERSATIONS, "--account", wanted).stdout
    assert "OakridgeRail on x" in output
    assert "NimbusMobileHelp" not in output


def test_an_unknown_account_is_one_line_and_exit_2() -> None:
    result = run("audit", CONVERSATIONS, "--account", "nobody")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "twoway: error: no account 'nobody' in the input; accounts found: "
        "NimbusMobileHelp, OakridgeRail, PennyPostCares\n"
    )


# --- inbound messages ---------------------------------------------------------------------------


def test_missed_conversations_are_listed_oldest_first(
    conversations_report: dict[str, Any],
) -> None:
    accounts = by_account(conversations_report)
    missed = accounts["PennyPostCares"]["missed_conversations"]
    assert [(m["id"], m["author"], m["created_at"], m["type"]) for m in missed] == [
        ("20", "500202", "2017-11-06T17:30:00Z", "mention"),
        ("30", "500303", "2017-11-07T08:15:00Z", "mention"),
        ("41", "500404", "2017-11-07T10:20:00Z", "reply"),
    ]
    assert missed[2]["in_reply_to"] == "40"
    assert missed[2]["text"] == "@PennyPostCares is the 18th still ok for Spain? <3"
    assert accounts["NimbusMobileHelp"]["missed_conversations"] == []
    assert accounts["OakridgeRail"]["missed_conversations"] == []


def test_the_terminal_names_the_oldest_missed_conversation() -> None:
    output = flat(run("audit", CONVERSATIONS, "--account", "PennyPostCares").stdout)
    assert (
        "3 people wrote in and got no answer; the oldest, from 500202 on 2017-11-06: "
        "@OakridgeRail @PennyPostCares my parcel was on the 17:04"
    ) in output


def test_an_x_archive_has_no_inbound_messages(example_report: dict[str, Any]) -> None:
    entry = example_report["accounts"][0]
    assert entry["missed_conversations"] == []
    assert entry["metrics"]["response_rate_72h"] is None
    assert entry["metrics"]["response_rate_72h_reason"].startswith("no inbound messages")


# --- scores -------------------------------------------------------------------------------------


def test_an_account_of_links_and_promotions_scores_low(tmp_path: Path) -> None:
    archive = promoter_archive(tmp_path / "promoter.zip")
    entry = audit_json(tmp_path, archive)["accounts"][0]
    assert entry["metrics"]["posts"]["count"] == 28
    assert entry["metrics"]["two_way_share"] == 0
    assert entry["score"]["value"] < 25
    assert entry["archetype"]["name"] in {"Promoter", "Broadcaster", "Curator"}
    assert {f["name"] for f in entry["findings"]} >= {"broadcast-heavy"}
    output = flat(run("audit", archive).stdout)
    assert f"Social score {entry['score']['value']}/100 · {entry['archetype']['name']}" in output


def test_brands_that_answer_their_customers_score_high(
    conversations_report: dict[str, Any],
) -> None:
    accounts = by_account(conversations_report)
    for name in ("NimbusMobileHelp", "OakridgeRail"):
        entry = accounts[name]
        assert entry["score"]["value"] >= 70, name
        assert entry["archetype"]["name"] in {"Conversationalist", "Responder", "Community builder"}
        assert entry["metrics"]["response_rate_72h"] == 1
    # The brand that answered nobody does not.
    assert accounts["PennyPostCares"]["score"]["value"] < 25
    assert accounts["PennyPostCares"]["metrics"]["response_rate_72h"] == 0


# --- the time zone (--tz) ------------------------------------------------------------------------


def night_owl_archive(path: Path, account: int = 1234) -> Path:
    """Two posts of the account numbered ``account`` (handle ``bakery_<account>``) at 23:30 UTC:
    Sunday 7 January 2024 (00:30 on Monday in Amsterdam) and Monday 1 July 2024 (01:30 on
    Tuesday)."""
    tweets = [
        tweet(account * 10, "2024-01-07 23:30", "Last loaves of the week are out"),
        tweet(account * 10 + 1, "2024-07-01 23:30", "Night bake: who wants a croissant?"),
    ]
    body = b"window.YTD.tweets.part0 = " + orjson.dumps(tweets)
    members = {
        "data/tweets.js": body,
        "data/account.js": account_js(f"bakery_{account}", str(account)),
    }
    return make_zip(path, members)


def test_tz_counts_hours_days_and_weeks_on_the_local_clock(tmp_path: Path) -> None:
    archive = night_owl_archive(tmp_path / "owl.zip")
    utc = audit_json(tmp_path, archive)
    local = audit_json(tmp_path, archive, "--tz", "Europe/Amsterdam")
    assert (utc["time_zone"], local["time_zone"]) == ("UTC", "Europe/Amsterdam")
    metrics = local["accounts"][0]["metrics"]
    assert utc["accounts"][0]["metrics"]["busiest_hours"] == [{"hour": 23, "posts": 2}]
    assert metrics["busiest_hours"] == [{"hour": 0, "posts": 1}, {"hour": 1, "posts": 1}]
    grid = metrics["hour_weekday"]
    assert (grid[0][0], grid[1][1], sum(map(sum, grid))) == (1, 1, 2)  # Monday 00h, Tuesday 01h
    assert [w["week"] for w in metrics["weekly"]][:1] == ["2024-01-08"]
    # Times stay UTC.
    assert metrics["posts"]["first"] == "2024-01-07T23:30:00Z"
    assert metrics["posts"]["last"] == "2024-07-01T23:30:00Z"


def test_tz_is_named_in_the_terminal_and_the_html(tmp_path: Path) -> None:
    archive = night_owl_archive(tmp_path / "owl.zip")
    page = tmp_path / "owl.html"
    result = run("audit", archive, "--tz", "Europe/Amsterdam", "--html", page)
    assert result.exit_code == 0, result.output
    output = flat(result.stdout)
    assert "2 posts, 2024-01-08 to 2024-07-02; days and hours in Europe/Amsterdam" in output
    html = page.read_text(encoding="utf-8")
    assert "00:00 Europe/Amsterdam (1 post), 01:00 Europe/Amsterdam (1 post)" in html
    assert "hour (Europe/Amsterdam)" in html
    assert "2 posts, 2024-01-07 to 2024-07-01\n" in run("audit", archive).stdout


@pytest.mark.parametrize("zone", ["Mars/Olympus", "europe/amsterdam", "", "../../etc/passwd"])
def test_an_unknown_tz_is_one_line_and_exit_2(tmp_path: Path, zone: str) -> None:
    result = run("audit", night_owl_archive(tmp_path / "owl.zip"), "--tz", zone)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"twoway: error: --tz: unknown time zone '{zone}'; give an IANA name such as "
        "Europe/Amsterdam (or UTC) (see 'twoway audit --help')\n"
    )


def test_the_library_refuses_an_unknown_zone_before_reading(tmp_path: Path) -> None:
    from twoway.errors import InputError

    with pytest.raises(InputError, match="unknown time zone 'Mars/Olympus'"):
        audit(tmp_path / "not-read.zip", tz="Mars/Olympus")


def test_tz_reaches_an_owners_combined_audit(tmp_path: Path) -> None:
    first = night_owl_archive(tmp_path / "a.zip", account=1)
    second = night_owl_archive(tmp_path / "b.zip", account=2)
    report = audit_json(
        tmp_path, first, second, "--as", "Corner Bakery", "--tz", "Europe/Amsterdam"
    )
    assert report["time_zone"] == "Europe/Amsterdam"
    (owner,) = report["accounts"]
    assert owner["metrics"]["busiest_hours"] == [{"hour": 0, "posts": 2}, {"hour": 1, "posts": 2}]


def test_the_help_explains_tz() -> None:
    text = flat(run("audit", "--help").stdout)
    assert "--tz ZONE" in text
    assert "an IANA name such as Europe/Amsterdam" in text
    assert "[default: UTC]" in text


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--html", "--json", "--csv"])
def test_an_output_that_is_an_input_is_refused(
    tmp_path: Path, x_archive_zip: Path, option: str
) -> None:
    before = x_archive_zip.read_bytes()
    result = run("audit", x_archive_zip, option, x_archive_zip)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"twoway: error: {x_archive_zip}: is also an input, and writing there would destroy it; "
        "write to another file\n"
    )
    assert x_archive_zip.read_bytes() == before


def test_an_output_over_a_file_of_an_input_folder_is_refused(
    tmp_path: Path, folder_copy: Path
) -> None:
    tweets = folder_copy / "data" / "tweets.js"
    before = tweets.read_bytes()
    result = run("audit", folder_copy, "--json", tweets)
    assert result.exit_code == 2
    assert result.stderr == (
        f"twoway: error: {tweets}: is also an input, and writing there would destroy it; "
        "write to another file\n"
    )
    assert tweets.read_bytes() == before
    # A new file in the folder is no input, and may be written.
    report = folder_copy / "report.json"
    assert run("audit", folder_copy, "--json", report).exit_code == 0
    assert orjson.loads(report.read_bytes())["accounts"][0]["metrics"]["posts"]["count"] == 6


def test_two_outputs_to_one_file_are_refused(tmp_path: Path, x_archive_zip: Path) -> None:
    out = tmp_path / "report"
    result = run("audit", x_archive_zip, "--html", out, "--json", out)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"twoway: error: {out}: given for both --html and --json; write --json to another file\n"
    )
    assert not out.exists()


# --- hostile data -------------------------------------------------------------------------------

MARKUP = "[bold]loud[/bold] [link=https://evil.example]click[/link]"
HOSTILE = f"\x1b[31mred\x1b[0m {MARKUP}"


def hostile_archive(path: Path) -> Path:
    """An account whose handle and posts carry escape sequences and Rich markup; in each post
    the markup starts at the 100th character of what a terminal may show, where the evidence
    lines cut it."""
    tweets = [
        tweet(
            1700000000000000000 + n,
            f"2024-03-{4 + n // 2:02d} {9 + 6 * (n % 2):02d}:00",
            f"\x1b[31mPost {n:02d}\x1b[0m {'.' * 84}{MARKUP} buy now {{link}}",
            links=[f"https://bakery.example/shop/{n}"],
            client="Buffer",
        )
        for n in range(24)
    ]
    body = b"window.YTD.tweets.part0 = " + orjson.dumps(tweets)
    return make_zip(
        path, {"data/tweets.js": body, "data/account.js": account_js("evil\x1b[2J[bold]x")}
    )


def test_terminal_output_never_carries_escapes_or_markup_from_the_data(tmp_path: Path) -> None:
    archive = hostile_archive(tmp_path / "hostile.zip")
    data = tmp_path / "hostile.json"
    result = run("audit", archive, "--json", data)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "\x9b" not in result.output
    assert "evil[2J[bold]x on x" in result.stdout  # the handle, its markup shown as text
    # The posts cited as evidence: control characters dropped, the first 100 characters left of
    # them shown as they are, markup and all.
    report = orjson.loads(data.read_bytes())["accounts"][0]
    assert report["recommendations"]
    expected = [
        f"   e.g. {evidence['created_at'][:10]}: {evidence['text'].replace(chr(27), '')[:100]}"
        for rec in report["recommendations"]
        for evidence in rec["evidence"][:2]
    ]
    shown = [line.rstrip() for line in result.stdout.splitlines() if line.startswith("   e.g. ")]
    assert shown == expected
    assert all(line.endswith(".[") for line in shown)


def test_terminal_output_of_hostile_inbound_messages_is_plain(tmp_path: Path) -> None:
    source = CONVERSATIONS.read_text(encoding="utf-8").replace(
        "my parcel was on the 17:04", f"{HOSTILE} my parcel was on the 17:04"
    )
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(source, encoding="utf-8")
    result = run("audit", hostile, "--account", "PennyPostCares")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    # Control characters dropped, the rest shown as it is, cut at 100 characters.
    shown = (
        "@OakridgeRail @PennyPostCares [31mred[0m [bold]loud[/bold] "
        "[link=https://evil.example]click[/link] my parcel was on the 17:04 that got cancelled, "
        "who do I ask?"
    )
    assert flat(result.stdout).endswith(f"the oldest, from 500202 on 2017-11-06: {shown[:100]}")


# --- the library --------------------------------------------------------------------------------


def test_the_library_audit_is_what_the_command_reports(
    tmp_path: Path, conversations_report: dict[str, Any]
) -> None:
    report = audit([CONVERSATIONS])
    data = orjson.loads(orjson.dumps(report_json(report), option=orjson.OPT_UTC_Z))
    for entry in (data, conversations_report):
        del entry["generated_at"]
    assert data == conversations_report
    assert report.read_report.inputs == [(str(CONVERSATIONS), "conversations")]
    assert [len(item.labels) for item in report.accounts] == [4, 2, 1]


def test_audit_dataset_windows_an_already_loaded_dataset() -> None:
    data = load([CONVERSATIONS])
    since = datetime(2017, 11, 7, tzinfo=UTC)
    report = audit_dataset(data, paths=[CONVERSATIONS], since=since)
    assert (report.since, report.until) == (since, None)
    assert report.inputs == [str(CONVERSATIONS)]
    counts = {item.account.handle: len(item.posts) for item in report.accounts}
    assert counts == {"NimbusMobileHelp": 0, "OakridgeRail": 1, "PennyPostCares": 1}
    for item in report.accounts:
        assert all(post.created_at >= since for post in item.posts)
        assert all(message.created_at >= since for message in item.interactions)
    # The dataset itself is left as it was.
    assert len(data.posts) == 7


def test_audit_account_of_an_account_without_posts_or_messages() -> None:
    data = load([CONVERSATIONS], account="NimbusMobileHelp")
    item = audit_account(data.accounts[0], [], [])
    assert item.metrics["posts"]["count"] == 0
    assert item.score.value == 0
    assert item.archetype.name == "Broadcaster"
    assert item.recommendations == []
    assert item.missed_conversations == []
    assert len(item.cue_cards) >= 5
