from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from support import FIXTURES, SHARED_DATA, make_zip, needs_shared_data, x_archive_members
from twoway import Account, FormatError, Kind, Post, ReadReport, load, read


def posts_by_id(path: Path) -> dict[str, Post]:
    return {p.id: p for p in load(path).posts}


def test_owner_comes_first_from_account_js(x_archive_zip: Path) -> None:
    first = next(iter(read(x_archive_zip)))
    assert first == Account(
        platform="x", id="1234", handle="corner_bakery", display_name="The Corner Bakery"
    )


@pytest.mark.parametrize(
    ("post_id", "kind"),
    [
        ("1600000000000000001", Kind.ORIGINAL),
        ("1600000000000000002", Kind.REPLY),
        ("1600000000000000003", Kind.THREAD),
        ("1600000000000000004", Kind.REPOST),
        ("1600000000000000005", Kind.QUOTE),
        ("1600000000000000006", Kind.ORIGINAL),
    ],
)
def test_kinds_follow_the_codebook(x_archive_zip: Path, post_id: str, kind: Kind) -> None:
    assert posts_by_id(x_archive_zip)[post_id].kind is kind


def test_text_is_unescaped_and_links_expanded(x_archive_zip: Path) -> None:
    post = posts_by_id(x_archive_zip)["1600000000000000001"]
    assert (
        post.text
        == "New on the blog: crust & crumb <3 #sourdough https://bakery.example/blog/crust"
    )
    assert [(link.url, link.domain, link.post_id) for link in post.links] == [
        ("https://bakery.example/blog/crust", "bakery.example", None)
    ]
    assert post.hashtags == ("sourdough",)
    assert post.client == "Twitter Web App"
    assert (post.likes, post.reposts, post.replies, post.quotes) == (12, 3, None, None)
    assert post.created_at == datetime(2022, 12, 6, 5, 31, 41, tzinfo=UTC)
    assert post.url == "https://x.com/corner_bakery/status/1600000000000000001"
    assert post.lang == "en"


def test_reply_target_and_its_time_from_the_snowflake(x_archive_zip: Path) -> None:
    post = posts_by_id(x_archive_zip)["1600000000000000002"]
    assert (post.reply_to_id, post.reply_to_account_id, post.reply_to_account) == (
        "1599990000000000000",
        "555",
        "ana_cafe",
    )
    # (1599990000000000000 >> 22) + 1288834974657 = 1670302317033 ms
    assert post.reply_to_time == datetime(2022, 12, 6, 4, 51, 57, 33000, tzinfo=UTC)
    assert post.mentions == ("ana_cafe",)


def test_quote_link_and_media(x_archive_zip: Path) -> None:
    post = posts_by_id(x_archive_zip)["1600000000000000005"]
    assert post.quoted_id == "1599000000000000000"
    assert post.media_count == 1
    assert (
        post.text
        == "We'll have a stall there! https://twitter.com/townnews/status/1599000000000000000"
    )


def test_repost_names_the_original_author(x_archive_zip: Path) -> None:
    post = posts_by_id(x_archive_zip)["1600000000000000004"]
    assert post.reposted_account == "townnews"
    assert post.kind_guessed is False


def test_note_tweet_replaces_the_truncated_text(x_archive_zip: Path) -> None:
    post = posts_by_id(x_archive_zip)["1600000000000000006"]
    assert post.text.endswith("What should we bake for the party?")
    assert "…" not in post.text


def test_provenance_names_file_record_and_importer(x_archive_zip: Path) -> None:
    post = posts_by_id(x_archive_zip)["1600000000000000003"]
    assert post.provenance.file == f"{x_archive_zip}:data/tweets.js"
    assert post.provenance.record == 3
    assert (post.provenance.importer, post.provenance.version) == ("x-archive", "1")


def test_manifest_alone_gives_the_owner(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "a.zip", x_archive_members("tweets.js", "manifest.js"))
    data = load(path)
    assert data.accounts[0].handle == "corner_bakery"
    assert {p.id: p.kind for p in data.posts}["1600000000000000003"] is Kind.THREAD


def test_2019_name_unwrapped_elements_and_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "archive" / "data"
    folder.mkdir(parents=True)
    (folder / "tweet.js").write_bytes((FIXTURES / "x_archive" / "tweet-2020.js").read_bytes())
    (folder / "account.js").write_bytes((FIXTURES / "x_archive" / "account.js").read_bytes())
    data = load(tmp_path / "archive")
    assert [(p.id, p.kind) for p in data.posts] == [
        ("1200000000000000001", Kind.ORIGINAL),
        ("1200000000000000002", Kind.THREAD),
    ]


def test_tweetback_module_exports_file_without_account(tmp_path: Path) -> None:
    source = (FIXTURES / "x_archive" / "tweets.js").read_text()
    path = tmp_path / "tweets.js"
    path.write_text(source.replace("window.YTD.tweets.part0 =", "module.exports ="))
    data = load(path)
    assert len(data.posts) == 5
    # No account.js: the owner is inferred from the photo link to its own status and from
    # the reply to one of its own tweets.
    assert data.accounts[0].handle == "corner_bakery"
    assert data.accounts[0].id == "1234"
    assert {p.id: p.kind for p in data.posts}["1600000000000000003"] is Kind.THREAD


def test_one_bad_record_is_skipped_and_reported(tmp_path: Path) -> None:
    source = (FIXTURES / "x_archive" / "tweets.js").read_text()
    broken = source.replace('"full_text" : "RT @townnews', '"full_text" : RT @townnews', 1)
    path = make_zip(
        tmp_path / "a.zip",
        {"data/tweets.js": broken, "data/account.js": FIXTURES / "x_archive" / "account.js"},
    )
    data = load(path)
    assert sorted(p.id[-1] for p in data.posts) == ["1", "2", "3", "5"]
    assert data.report.skipped_record_count == 1
    skipped = data.report.skipped_records[0]
    assert (skipped.file, skipped.record) == (f"{path}:data/tweets.js", 4)
    assert skipped.reason.startswith("invalid JSON")


def test_a_record_missing_its_time_is_skipped_with_the_key(tmp_path: Path) -> None:
    source = (FIXTURES / "x_archive" / "tweets.js").read_text()
    broken = source.replace('"created_at" : "Tue Dec 06 06:00:00 +0000 2022",', "", 1)
    path = make_zip(tmp_path / "a.zip", {"data/tweets.js": broken})
    data = load(path)
    assert len(data.posts) == 4
    assert "created_at" in data.report.skipped_records[0].reason
    assert data.report.skipped_records[0].record == 2


def test_a_truncated_file_keeps_what_came_before_the_cut(tmp_path: Path) -> None:
    source = (FIXTURES / "x_archive" / "tweets.js").read_text()
    cut = source.index('"full_text" : "RT @townnews')
    path = make_zip(tmp_path / "a.zip", {"data/tweets.js": source[:cut]})
    data = load(path)
    assert [p.id[-1] for p in data.posts] == ["1", "2", "3"]
    assert data.report.skipped_records[0].record == 4
    assert "truncated" in data.report.skipped_records[0].reason


def test_a_file_that_is_not_a_data_file_is_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "a.zip", {"data/tweets.js": "console.log('hello')"})
    with pytest.raises(FormatError) as caught:
        load(path)
    assert str(caught.value) == (
        f"{path}:data/tweets.js: expected `window.YTD.tweets.part0 = [` at the start; "
        "is this a file from an X archive? Give twoway the archive zip or its folder"
    )


def _tweets(change: object) -> str:
    """The fixture tweets.js with its second element replaced by ``change`` (as JSON)."""
    source = (FIXTURES / "x_archive" / "tweets.js").read_text()
    tweets = json.loads(source[source.index("[") :])
    tweets[1] = change(tweets[1]) if callable(change) else change
    return "window.YTD.tweets.part0 = " + json.dumps(tweets, indent=2)


def _with(field: str, value: object) -> object:
    def change(element: dict[str, Any]) -> dict[str, Any]:
        element["tweet"][field] = value
        return element

    return change


@pytest.mark.parametrize(
    "change",
    [
        {"tweet": "hello"},
        5,
        _with("id_str", ["1"]),
        _with("entities", ["a"]),
        _with("extended_entities", {"media": ["x"]}),
        _with("in_reply_to_status_id_str", ["1"]),
    ],
    ids=[
        "tweet-a-string",
        "a-number",
        "id-a-list",
        "entities-a-list",
        "media-strings",
        "reply-list",
    ],
)
def test_a_damaged_record_without_account_js_is_skipped_not_a_crash(
    tmp_path: Path, change: object
) -> None:
    """Inferring the owner (no account.js) read every record as a dict of dicts: exit 3."""
    path = make_zip(tmp_path / "a.zip", {"data/tweets.js": _tweets(change)})
    data = load(path)
    assert len(data.posts) == 4
    assert [s.record for s in data.report.skipped_records] == [2]
    assert data.accounts[0].handle == "corner_bakery"


def test_a_damaged_first_record_keeps_the_rest(tmp_path: Path) -> None:
    """The wrapper ({"tweet": …}) was looked for at the first element only: one bad first
    record made every record unreadable."""
    source = (FIXTURES / "x_archive" / "tweets.js").read_text()
    tweets = json.loads(source[source.index("[") :])
    tweets[0] = 5
    path = make_zip(
        tmp_path / "a.zip",
        {"data/tweets.js": "window.YTD.tweets.part0 = " + json.dumps(tweets, indent=2)},
    )
    data = load(path)
    assert len(data.posts) == 4
    assert [(s.record, s.reason) for s in data.report.skipped_records] == [
        (1, "unexpected content (Expected `object`, got `int`)")
    ]


def test_a_count_past_64_bits_is_a_bad_record(tmp_path: Path) -> None:
    """A like count of 2**64 - 1 reached the Parquet writer and the figures: exit 3."""
    members = {"data/tweets.js": _tweets(_with("favorite_count", str(2**64 - 1)))}
    data = load(make_zip(tmp_path / "a.zip", members))
    assert len(data.posts) == 4
    assert [s.record for s in data.report.skipped_records] == [2]
    assert "9223372036854775807" in data.report.skipped_records[0].reason


@pytest.mark.parametrize(
    "account",
    [
        '{"username": ["a"], "accountId": "1234"}',
        '{"username": "corner_bakery", "accountId": {"x": 1}}',
    ],
)
def test_account_js_of_the_wrong_shape_is_a_skipped_file(tmp_path: Path, account: str) -> None:
    members = {
        "data/tweets.js": FIXTURES / "x_archive" / "tweets.js",
        "data/account.js": f'window.YTD.account.part0 = [{{"account": {account}}}]',
    }
    path = make_zip(tmp_path / "a.zip", members)
    data = load(path)
    assert len(data.posts) == 5
    assert data.report.skipped_files == [
        (f"{path}:data/account.js", "no account.username / accountId in it")
    ]


@pytest.mark.parametrize(
    "note",
    [
        '{"noteTweet": {"createdAt": 5, "core": {"text": "x"}}}',
        '{"noteTweet": {"createdAt": "2022-12-09T08:00:00.000Z", "core": []}}',
        '{"noteTweet": {"createdAt": "2022-12-09T08:00:00.000Z", "core": {"text": 5}}}',
    ],
)
def test_a_damaged_note_tweet_is_a_skipped_record(tmp_path: Path, note: str) -> None:
    members = {
        **x_archive_members("tweets.js", "account.js"),
        "data/note-tweet.js": f"window.YTD.note_tweet.part0 = [{note}]",
    }
    path = make_zip(tmp_path / "a.zip", members)
    data = load(path)
    assert len(data.posts) == 5
    assert [(s.file, s.record) for s in data.report.skipped_records] == [
        (f"{path}:data/note-tweet.js", 1)
    ]


def test_a_note_tweet_file_that_cannot_be_read_is_a_skipped_file(tmp_path: Path) -> None:
    """A broken note-tweet.js refused the whole archive."""
    members = {
        **x_archive_members("tweets.js", "account.js"),
        "data/note-tweet.js": "window.YTD.note_tweet.part0 = [ {",
    }
    path = make_zip(tmp_path / "a.zip", members)
    data = load(path)
    assert len(data.posts) == 5
    assert data.report.skipped_files == [
        (
            f"{path}:data/note-tweet.js",
            "the file ends before its closing `]`; long posts keep their opening only",
        )
    ]


def test_reading_never_modifies_the_input(x_archive_zip: Path) -> None:
    before = (x_archive_zip.read_bytes(), x_archive_zip.stat().st_mtime_ns)
    load(x_archive_zip)
    assert (x_archive_zip.read_bytes(), x_archive_zip.stat().st_mtime_ns) == before


def test_the_same_archive_twice_counts_once(x_archive_zip: Path, tmp_path: Path) -> None:
    folder = tmp_path / "unpacked" / "data"
    folder.mkdir(parents=True)
    for name in ("tweets.js", "account.js"):
        (folder / name).write_bytes((FIXTURES / "x_archive" / name).read_bytes())
    data = load([x_archive_zip, tmp_path / "unpacked"])
    assert len(data.posts) == 6
    assert len(data.accounts) == 1


@needs_shared_data
def test_real_archive_reads_completely() -> None:
    report = ReadReport()
    posts = [r for r in read(SHARED_DATA / "fanfare-x-archive.zip", report) if isinstance(r, Post)]
    assert len(posts) == 666
    assert report.skipped_record_count == 0
    assert {p.account for p in posts} == {"FanfareStiphout"}
    assert all(p.created_at.tzinfo is UTC for p in posts)
    reposts = [p for p in posts if p.kind is Kind.REPOST]
    assert reposts
    assert all(p.text.startswith("RT @") for p in reposts)
    replies = [p for p in posts if p.kind is Kind.REPLY]
    # Parents from before snowflake ids (November 2010) carry no time in their id.
    assert all((p.reply_to_time is not None) == (int(p.reply_to_id) >= 1 << 40) for p in replies)
    assert any(p.reply_to_time is not None for p in replies)
