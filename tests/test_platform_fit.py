"""Platform fit (``twoway audit PATH... --as NAME``): one owner's accounts combined into one audit,
the platforms side by side with exact figures, the advice on where the audience talks back (clear
winner, tie, a platform without inbound data, a silent platform, too little to say), and the
command end to end on an X archive, a Mastodon archive and a Bluesky repository."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from tests.importers import carbuilder as cb
from tests.metrics.builders import T0, inbound, labelled, post
from tests.reports.platform_sample import owner_account

from support import FIXTURES, make_zip, x_archive_members
from support import run_cli as run
from timelines import account as twitter_account
from timelines import tweet, write_jsonl
from twoway.audit import AccountAudit, audit, audit_account
from twoway.errors import InputError
from twoway.metrics.core import NO_INBOUND
from twoway.model import Account, Kind
from twoway.platform_fit import (
    MIN_HEARD,
    PLATFORM_FIGURES,
    Advice,
    PlatformRow,
    owner_report,
    platform_fit,
    platform_name,
    unavailable,
)

BUSINESS_SUITE = FIXTURES / "business_suite" / "Mar-01-2024_Mar-31-2024_1042337719823311.csv"
NO_COUNTS = (
    "no messages from others and no reply counts in the data: this export holds only the "
    "account's own posts"
)


def row(fit: Any, platform: str) -> PlatformRow:
    return fit.platform(platform)  # type: ignore[no-any-return]


def figure(fit: Any, platform: str, name: str) -> Any:
    standing = row(fit, platform).standing(name)
    return standing.value if standing.value is not None else ("n/a", standing.reason)


# --- the combined audit ----------------------------------------------------------------------------


def test_the_owner_is_one_audit_over_every_post_and_message() -> None:
    x = owner_account("x", "bakery", posts=6, two_way=3, messages=4, answered=2)
    masto = owner_account("mastodon", "bakery@social.example", posts=4, two_way=0)
    fit = platform_fit([x, masto], "Corner  Bakery ")
    owner = fit.audit
    assert fit.owner == "Corner Bakery"
    assert owner.account == Account(
        platform="mastodon+x", id="", handle="Corner Bakery", display_name="Corner Bakery"
    )
    assert owner.metrics["posts"]["count"] == 10
    assert owner.metrics["two_way_share"] == 3 / 10
    assert owner.metrics["response_rate_72h"] == 2 / 4
    times = [(item.post.created_at, item.post.platform) for item in owner.labels]
    assert times == sorted(times)
    assert {platform for _, platform in times} == {"x", "mastodon"}
    assert len(owner.interactions) == 4
    assert [a.handle for a in fit.accounts] == ["bakery", "bakery@social.example"]


def test_ids_shared_by_two_platforms_never_match_across_them() -> None:
    """A Facebook post and an X post both numbered 100: the Facebook message is answered by the
    Facebook post six hours later, not by the X post an hour after it was written."""
    x_post = replace(post("100", at=T0), platform="x")
    fb_post = replace(
        post("100", at=T0 + timedelta(hours=5)),
        platform="facebook",
        account="crumb",
        account_id="f",
    )
    message = replace(
        inbound("m1", T0 - timedelta(hours=1), answered_by=["100"]),
        platform="facebook",
        account="crumb",
    )
    x = audit_account(Account(platform="x", id="b1", handle="bakery"), [labelled(x_post)], [])
    fb = audit_account(
        Account(platform="facebook", id="f", handle="crumb"), [labelled(fb_post)], [message]
    )
    owner = platform_fit([x, fb], "Corner Bakery").audit
    assert owner.metrics["first_response_minutes"] == {"median": 360.0, "p90": 360.0, "n": 1}
    assert owner.missed_conversations == []
    # The accounts' own audits keep the platform's ids as they are.
    assert fb.labels[0].post.id == "100"


def test_people_replied_to_are_told_apart_by_platform() -> None:
    def reply(platform: str, ident: str) -> Any:
        made = post(ident, kind=Kind.REPLY, reply_to_account_id="7", reply_to_id=f"p-{ident}")
        return labelled(replace(made, platform=platform), "conversation")

    x = audit_account(Account(platform="x", id="b1", handle="bakery"), [reply("x", "1")], [])
    masto = audit_account(
        Account(platform="mastodon", id="b1", handle="bakery"), [reply("mastodon", "2")], []
    )
    assert platform_fit([x, masto], "Corner Bakery").audit.metrics["people_replied_to"] == 2


@pytest.mark.parametrize(
    ("audits", "message"),
    [
        ([], "an owner's audit combines two accounts or more, and the inputs hold 0"),
        (
            [owner_account("x", "bakery", posts=1)],
            "an owner's audit combines two accounts or more, and the inputs hold 1 (bakery on X)",
        ),
    ],
)
def test_one_account_is_no_owner(audits: list[AccountAudit], message: str) -> None:
    with pytest.raises(InputError) as caught:
        platform_fit(audits, "Corner Bakery")
    assert str(caught.value) == f"{message}; give the owner's exports from its other platforms too"


def test_the_owner_needs_a_name() -> None:
    audits = [owner_account("x", "a", posts=1), owner_account("mastodon", "b", posts=1)]
    with pytest.raises(InputError, match=r"^the owner's name is empty"):
        platform_fit(audits, "  ")


@pytest.mark.parametrize(
    ("platform", "name"),
    [
        ("x", "X"),
        ("mastodon+x", "Mastodon and X"),
        ("bluesky+facebook+mastodon", "Bluesky, Facebook and Mastodon"),
        ("myspace", "myspace"),
    ],
)
def test_platform_names(platform: str, name: str) -> None:
    assert platform_name(platform) == name


# --- the platform table ----------------------------------------------------------------------------


def test_each_platforms_figures() -> None:
    x = owner_account(
        "x", "bakery", posts=12, two_way=3, messages=8, answered=6, people=5, replies=None
    )
    masto = owner_account(
        "mastodon", "bakery@social.example", posts=4, two_way=2, replies=3, every=timedelta(days=7)
    )
    bsky = owner_account("bluesky", "bakery.bsky.social", posts=4)
    fit = platform_fit([x, masto, bsky], "Corner Bakery")
    assert [r.platform for r in fit.platforms] == ["x", "bluesky", "mastodon"]  # most posts first
    assert [s.figure for s in fit.platforms[0].standings] == list(PLATFORM_FIGURES)
    expected = {
        "x": {
            "posts": 12,
            "post_share": 12 / 20,
            "posts_per_week": 12 / (12 / 7),  # 12 days, first to last
            "two_way_share": 3 / 12,
            "response_rate_72h": 6 / 8,
            "messages_in": 8,
            "people_in": 5,
            "conversation_rate": ("n/a", "the source gives no reply counts"),
            "heard": 8,
            "heard_share": 8 / 20,
        },
        "mastodon": {
            "posts": 4,
            "post_share": 4 / 20,
            "posts_per_week": 4 / (22 / 7),  # 22 days: the 1st to the 22nd
            "two_way_share": 2 / 4,
            "response_rate_72h": ("n/a", NO_INBOUND.reason),
            "messages_in": ("n/a", NO_INBOUND.reason),
            "people_in": ("n/a", NO_INBOUND.reason),
            "conversation_rate": 3.0,
            "heard": 12,
            "heard_share": 12 / 20,
        },
        "bluesky": {
            "posts": 4,
            "post_share": 4 / 20,
            "posts_per_week": 4.0,  # 4 days count as a week
            "two_way_share": 0.0,
            "response_rate_72h": ("n/a", NO_INBOUND.reason),
            "messages_in": ("n/a", NO_INBOUND.reason),
            "people_in": ("n/a", NO_INBOUND.reason),
            "conversation_rate": ("n/a", "the source gives no reply counts"),
            "heard": ("n/a", NO_COUNTS),
            "heard_share": ("n/a", NO_COUNTS),
        },
    }
    for platform, figures in expected.items():
        for name, wanted in figures.items():
            found = figure(fit, platform, name)
            if isinstance(wanted, tuple):  # ("n/a", reason)
                assert found == wanted, (platform, name)
            else:
                assert found == pytest.approx(wanted), (platform, name)
    assert row(fit, "mastodon").standing("heard").rank == 1
    assert row(fit, "x").standing("heard").rank == 2
    assert row(fit, "bluesky").standing("heard").rank is None
    assert row(fit, "x").standing("heard").ranked == 2
    assert row(fit, "x").standing("post_share").shown == "60%"
    assert row(fit, "mastodon").standing("conversation_rate").shown == "3.00"
    assert row(fit, "bluesky").standing("heard").shown == "n/a"


def test_two_accounts_on_one_platform_make_one_row() -> None:
    one = owner_account("x", "bakery", posts=3, two_way=3)
    two = owner_account("x", "bakery_cafe", posts=1)
    fit = platform_fit([one, two], "Corner Bakery")
    (only,) = fit.platforms
    assert only.accounts == ("bakery", "bakery_cafe")
    assert figure(fit, "x", "posts") == 4
    assert figure(fit, "x", "two_way_share") == 3 / 4
    assert fit.advice.reason == "one-platform"
    assert fit.advice.summary == (
        "All your accounts are on X, so there are no platforms to compare."
    )


def test_unavailable_figures_are_said_once_per_reason() -> None:
    x = owner_account("x", "bakery", posts=2, messages=3)
    masto = owner_account("mastodon", "m", posts=2)
    bsky = owner_account("bluesky", "b", posts=1)
    found = unavailable(platform_fit([x, masto, bsky], "Corner Bakery"))
    assert [(u.figures, u.platforms, u.reason) for u in found] == [
        (("response_rate_72h", "messages_in"), "mastodon+bluesky", NO_INBOUND.reason),
        (("conversation_rate",), "mastodon+x+bluesky", "the source gives no reply counts"),
        (("heard",), "mastodon+bluesky", NO_COUNTS),
    ]


# --- the advice ------------------------------------------------------------------------------------


def advice(*audits: AccountAudit) -> Advice:
    return platform_fit(list(audits), "Corner Bakery").advice


def test_a_clear_winner_the_owner_posts_elsewhere() -> None:
    """The issue's example: the customers talk on Mastodon, 80% of the posts go to X."""
    found = advice(
        owner_account("x", "bakery", posts=40, messages=3),
        owner_account("mastodon", "m", posts=8, messages=41, people=30),
        owner_account("bluesky", "b", posts=2, messages=8),
    )
    assert found.verdict == "shift"
    assert found.reason is None
    assert found.talks_back == ("mastodon",)
    assert found.silent == ("x",)
    assert found.summary == (
        "Your audience talks back on Mastodon (41 of 52 messages, 79%), but 80% of your posts "
        "go to X, where 3 messages came back (6%)."
    )
    assert found.action == "Answer on Mastodon first, and move effort there from X."
    assert found.notes == ()
    assert found.text == f"{found.summary} {found.action}"


def test_a_clear_winner_where_the_owner_already_posts() -> None:
    found = advice(
        owner_account("x", "bakery", posts=30, messages=40),
        owner_account("mastodon", "m", posts=20, messages=2),
    )
    assert found.verdict == "keep"
    assert found.talks_back == ("x",)
    assert found.silent == ("mastodon",)
    assert found.summary == (
        "Your audience talks back on X: 40 of the 42 messages that came back (95%), from 60% "
        "of your posts."
    )
    assert found.action == (
        "Keep answering on X first: that is where your audience is. Move effort there from "
        "Mastodon."
    )
    assert found.notes == (
        "Mastodon takes 40% of your posts and brings 5% of what comes back (2 messages): you "
        "broadcast into silence there.",
    )


def test_a_tie_names_where_each_post_draws_more() -> None:
    found = advice(
        owner_account("x", "bakery", posts=20, messages=20),
        owner_account("mastodon", "m", posts=9, replies=2),
    )
    assert found.verdict == "tie"
    assert found.talks_back == ("x", "mastodon")
    assert found.silent == ()
    assert found.summary == (
        "Your audience talks back about as much on X and Mastodon: of the 38 messages and "
        "replies that came back, X 20 (53%) and Mastodon 18 (47%)."
    )
    assert found.action == (
        "Answer on all of them; per post, Mastodon draws the most back (2.00 per post), so new "
        "effort goes furthest there."
    )


def test_a_platform_that_got_nothing_back_is_silent_not_unknown() -> None:
    """Mastodon's posts have reply counts, all 0: nothing came back there (0, not n/a)."""
    found = advice(
        owner_account("x", "bakery", posts=10, messages=20),
        owner_account("mastodon", "m", posts=30, replies=0),
    )
    assert found.verdict == "shift"
    assert found.silent == ("mastodon",)
    assert found.summary == (
        "Your audience talks back on X (20 of 20 messages and replies, 100%), but 75% of your "
        "posts go to Mastodon, where 0 replies came back (0%)."
    )
    assert found.action == "Answer on X first, and move effort there from Mastodon."


def test_a_platform_without_inbound_data_is_left_out_not_counted_as_silent() -> None:
    found = advice(
        owner_account("x", "bakery", posts=10, messages=30),
        owner_account("bluesky", "b", posts=30),
        owner_account("mastodon", "m", posts=5, messages=6),
    )
    assert found.verdict == "keep"
    assert found.silent == ()
    assert found.notes == (
        "Bluesky: the data holds no messages from others and no reply counts, so twoway cannot "
        "tell whether anyone talks back there.",
    )


def test_only_one_platform_with_data_abstains() -> None:
    found = advice(
        owner_account("x", "bakery", posts=10, messages=30),
        owner_account("bluesky", "b", posts=30),
        owner_account("mastodon", "m", posts=5),
    )
    assert (found.verdict, found.reason, found.action) == ("abstain", "one-with-data", None)
    assert found.talks_back == ()
    assert found.summary == (
        "Only X's data counts people talking back (30 messages to 10 posts), so twoway cannot "
        "compare it with the other platforms."
    )
    assert found.notes == (
        "Bluesky and Mastodon: the data hold no messages from others and no reply counts, so "
        "twoway cannot tell whether anyone talks back there.",
    )


def test_no_platform_with_data_abstains() -> None:
    found = advice(owner_account("x", "bakery", posts=3), owner_account("bluesky", "b", posts=2))
    assert (found.verdict, found.reason) == ("abstain", "no-data")
    assert found.summary.startswith(
        "None of the exports of X and Bluesky says how many people wrote to you or replied to "
        "your posts"
    )


@pytest.mark.parametrize(
    ("x", "mastodon", "summary"),
    [
        (
            {"posts": 10, "messages": 6},
            {"posts": 1, "replies": 3},
            "Only 9 messages and replies came back across your platforms (X 6, Mastodon 3): too "
            "few to say where your audience talks back (twoway needs 10).",
        ),
        (
            {"posts": 10, "replies": 0},
            {"posts": 3, "replies": 0},
            "Nothing came back on X and Mastodon (X 0, Mastodon 0): too few to say where your "
            "audience talks back (twoway needs 10).",
        ),
    ],
)
def test_too_little_to_say_abstains(
    x: dict[str, int], mastodon: dict[str, int], summary: str
) -> None:
    found = advice(owner_account("x", "bakery", **x), owner_account("mastodon", "m", **mastodon))
    assert (found.verdict, found.reason, found.action) == ("abstain", "too-few", None)
    assert found.summary == summary
    assert MIN_HEARD == 10


def test_the_advice_does_not_depend_on_the_order_of_the_inputs() -> None:
    accounts = [
        owner_account("x", "bakery", posts=40, messages=3),
        owner_account("mastodon", "m", posts=8, messages=41),
        owner_account("bluesky", "b", posts=2, messages=8),
    ]
    assert advice(*accounts) == advice(*reversed(accounts))


# --- the command, end to end -----------------------------------------------------------------------

BSKY_OWNER = "did:plc:cornerbakery4k2m7q3xyzab"
BSKY_POSTS = (
    (datetime(2024, 11, 4, 8, 0, tzinfo=UTC), "Rye loaves are back this week"),
    (datetime(2024, 11, 5, 8, 0, tzinfo=UTC), "What should we bake for the school fair?"),
    (datetime(2024, 11, 6, 8, 0, tzinfo=UTC), "Thank you all for a lovely Saturday market"),
)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def three_exports(tmp_path: Path) -> list[Path]:
    """The bakery's X archive and Mastodon archive (the fixtures), and a Bluesky repository."""
    x = make_zip(
        tmp_path / "twitter.zip",
        x_archive_members("tweets.js", "tweets-part1.js", "note-tweet.js", "account.js"),
    )
    masto = make_zip(
        tmp_path / "mastodon.zip",
        {name: FIXTURES / "mastodon" / name for name in ("actor.json", "outbox.json")},
    )
    records: dict[str, Any] = {
        "app.bsky.actor.profile/self": {"$type": "app.bsky.actor.profile", "displayName": "Bakery"}
    }
    for moment, text in BSKY_POSTS:
        records[f"app.bsky.feed.post/{cb.tid(moment)}"] = {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        }
    bsky = tmp_path / "bluesky.car"
    bsky.write_bytes(cb.build_repo(BSKY_OWNER, records).data)
    return [x, masto, bsky]


def test_three_exports_as_one_owner(tmp_path: Path, three_exports: list[Path]) -> None:
    out, page = tmp_path / "owner.json", tmp_path / "owner.html"
    result = run("audit", *three_exports, "--as", "Corner Bakery", "--json", out, "--html", page)
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "Corner Bakery on Bluesky, Mastodon and X" in text
    assert "Platforms" in text
    assert "Where your audience talks back" in text
    assert (
        "None of the exports of Mastodon, X and Bluesky says how many people wrote to you or "
        "replied to your posts" in text
    )
    assert f"n/a came back on Mastodon, X and Bluesky: {NO_COUNTS}" in text
    report = orjson.loads(out.read_bytes())
    (owner,) = report["accounts"]
    assert (owner["account"], owner["account_id"], owner["platform"]) == (
        "Corner Bakery",
        "",
        "bluesky+mastodon+x",
    )
    assert owner["metrics"]["posts"]["count"] == 6 + 9 + 3
    fit = report["platform_fit"]
    assert fit["owner"] == "Corner Bakery"
    assert [a["platform"] for a in fit["accounts"]] == ["x", "mastodon", "bluesky"]
    posts = {p["platform"]: p["figures"]["posts"]["value"] for p in fit["platforms"]}
    assert posts == {"mastodon": 9, "x": 6, "bluesky": 3}
    for entry in fit["platforms"]:
        rate = entry["figures"]["response_rate_72h"]
        assert (rate["value"], rate["shown"], rate["reason"]) == (None, "n/a", NO_INBOUND.reason)
    assert (fit["advice"]["verdict"], fit["advice"]["reason"]) == ("abstain", "no-data")
    html = page.read_text(encoding="utf-8")
    assert ">Platforms</h2>" in html
    assert "<title>twoway audit: Corner Bakery</title>" in html
    assert "Where you post, and where they talk back" in html


def tweets_with_replies(path: Path) -> Path:
    """The bakery on X through the API: 20 tweets, two of them with one reply each."""
    bakery = twitter_account("501", "cornerbakery", "Corner Bakery")
    found = []
    for n in range(20):
        one = tweet(bakery, f"Today's bake, number {n}", minutes=30 * n)
        one["public_metrics"] = {
            "retweet_count": 0,
            "reply_count": 1 if n < 2 else 0,
            "like_count": 3,
            "quote_count": 0,
        }
        found.append(one)
    return write_jsonl(path, found)


def test_the_audience_talks_back_on_the_page_not_on_x(tmp_path: Path) -> None:
    x = tweets_with_replies(tmp_path / "x.jsonl")
    out = tmp_path / "owner.json"
    result = run("audit", x, BUSINESS_SUITE, "--as", "Corner Bakery", "--json", out)
    assert result.exit_code == 0, result.output
    summary = (
        "Your audience talks back on Facebook (84 of 86 replies, 98%), but 77% of your posts go "
        "to X, where 2 replies came back (2%)."
    )
    action = "Answer on Facebook first, and move effort there from X."
    assert f"{summary} Next: {action}" in flat(result.stdout)
    fit = orjson.loads(out.read_bytes())["platform_fit"]
    assert fit["advice"] == {
        "verdict": "shift",
        "reason": None,
        "summary": summary,
        "action": action,
        "notes": [],
        "talks_back": ["facebook"],
        "silent": ["x"],
        "text": f"{summary} {action}",
    }
    rates = {p["platform"]: p["figures"]["conversation_rate"]["shown"] for p in fit["platforms"]}
    assert rates == {"x": "0.10", "facebook": "16.80"}


def test_a_window_applies_to_every_platform(tmp_path: Path) -> None:
    x = tweets_with_replies(tmp_path / "x.jsonl")
    out = tmp_path / "owner.json"
    result = run(
        "audit", x, BUSINESS_SUITE, "--as", "Corner Bakery", "--json", out,
        "--since", "2024-03-03", "--until", "2024-03-05",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    fit = orjson.loads(out.read_bytes())["platform_fit"]
    heard = {p["platform"]: p["figures"]["heard"]["value"] for p in fit["platforms"]}
    assert heard == {"x": 2, "facebook": 6}  # only the page's post of 4 March is in the window
    assert (fit["advice"]["verdict"], fit["advice"]["reason"]) == ("abstain", "too-few")


def test_with_the_workspace(tmp_path: Path) -> None:
    x = tweets_with_replies(tmp_path / "x.jsonl")
    db, out = tmp_path / "work.duckdb", tmp_path / "owner.json"
    first = run("audit", x, BUSINESS_SUITE, "--db", db, "--as", "Corner Bakery")
    assert first.exit_code == 0, first.output
    assert "kept 2 audit(s)" in flat(first.stdout)
    again = run("audit", "--db", db, "--as", "Corner Bakery", "--json", out)
    assert again.exit_code == 0, again.output
    fit = orjson.loads(out.read_bytes())["platform_fit"]
    assert fit["advice"]["verdict"] == "shift"
    assert {p["platform"]: p["figures"]["posts"]["value"] for p in fit["platforms"]} == {
        "x": 20,
        "facebook": 6,
    }


def test_account_picks_the_owners_accounts_among_others_in_the_workspace(tmp_path: Path) -> None:
    """An agency's workspace also holds other brands: --account, given once per account, keeps
    the owner's accounts for --as."""
    x = tweets_with_replies(tmp_path / "x.jsonl")
    brands = FIXTURES / "conversations" / "twcs.csv"
    db, out = tmp_path / "work.duckdb", tmp_path / "owner.json"
    assert run("import", x, BUSINESS_SUITE, brands, "--db", db).exit_code == 0
    page = audit(BUSINESS_SUITE).accounts[0].account.handle
    result = run(
        "audit", "--db", db, "--account", "cornerbakery", "--account", page,
        "--as", "Corner Bakery", "--json", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    fit = orjson.loads(out.read_bytes())["platform_fit"]
    assert sorted(p["platform"] for p in fit["platforms"]) == ["facebook", "x"]
    assert {p["platform"]: p["figures"]["posts"]["value"] for p in fit["platforms"]} == {
        "x": 20,
        "facebook": 6,
    }
    unknown = run("audit", "--db", db, "--account", "cornerbakery", "--account", "nobody")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith(f"twoway: error: {db}: no account 'nobody' in the workspace")


def test_one_account_is_a_usage_error(tmp_path: Path) -> None:
    result = run("audit", tweets_with_replies(tmp_path / "x.jsonl"), "--as", "Corner Bakery")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "twoway: error: --as combines two accounts or more of one owner, and the inputs hold 1 "
        "(cornerbakery on x); give the owner's exports from its other platforms too "
        "(see 'twoway audit --help')"
    )


def test_a_blank_name_is_a_usage_error(tmp_path: Path) -> None:
    result = run("audit", tweets_with_replies(tmp_path / "x.jsonl"), BUSINESS_SUITE, "--as", " ")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "twoway: error: --as needs the owner's name, e.g. --as 'Corner Bakery' "
        "(see 'twoway audit --help')"
    )


def test_without_as_nothing_changes(tmp_path: Path) -> None:
    x = tweets_with_replies(tmp_path / "x.jsonl")
    out = tmp_path / "audit.json"
    result = run("audit", x, BUSINESS_SUITE, "--json", out)
    assert result.exit_code == 0, result.output
    report = orjson.loads(out.read_bytes())
    assert "platform_fit" not in report
    assert [a["account"] for a in report["accounts"]] == ["cornerbakery", "Crumb & Co. Bakery"]
    assert "Platforms" not in result.stdout


def test_the_library_gives_the_same_as_the_command(tmp_path: Path) -> None:
    x = tweets_with_replies(tmp_path / "x.jsonl")
    combined, fit = owner_report(audit([x, BUSINESS_SUITE]), "Corner Bakery")
    assert combined.accounts == [fit.audit]
    assert combined.inputs == [str(x), str(BUSINESS_SUITE)]
    assert fit.advice.verdict == "shift"


def test_load_keeps_the_accounts_a_list_names(tmp_path: Path) -> None:
    x = tweets_with_replies(tmp_path / "x.jsonl")
    brands = FIXTURES / "conversations" / "twcs.csv"
    page = audit(BUSINESS_SUITE).accounts[0].account.handle
    report = audit([x, BUSINESS_SUITE, brands], account=["@cornerbakery", page])
    assert sorted(a.account.handle for a in report.accounts) == sorted(["cornerbakery", page])
    with pytest.raises(InputError, match="no account 'nobody' in the input"):
        audit([x, brands], account=["cornerbakery", "nobody"])
