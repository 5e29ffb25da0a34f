"""The fast path of reading X tweets: drafts that become Posts, tweet_to_post filling every field,
batches of a data file, and posts kept once per platform and id."""

from __future__ import annotations

import dataclasses
import io
import json
import typing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest

from support import make_zip
from twoway import load
from twoway.importers import js_data
from twoway.importers.js_data import BadRecord, iter_js_array, iter_js_batches
from twoway.importers.x_tweet import Owner, Tweet, tweet_to_post
from twoway.model import Kind, Link, Post, PostDraft, Provenance, ProvenanceDraft, Source

EXPECT = "window.YTD.tweets.part0 = ["
OWNER = Owner("1234", "corner_bakery")
PROVENANCE = Provenance(file="a.zip:data/tweets.js", record=7, importer="x-archive", version="1")
SOURCE = Source(file="a.zip:data/tweets.js", importer="x-archive", version="1")


# --- drafts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("draft", "record"), [(PostDraft, Post), (ProvenanceDraft, Provenance)])
def test_a_draft_declares_the_fields_of_its_record_in_order(draft: type, record: type) -> None:
    names = tuple(spec.name for spec in dataclasses.fields(record))
    assert draft.__slots__ == names
    # A Post's record number has a slot of its own, outside the fields (see twoway.model).
    assert tuple(h for h in typing.get_type_hints(draft) if h != "_record") == names


def test_a_finished_draft_is_the_frozen_record() -> None:
    draft = ProvenanceDraft()
    draft.file, draft.record, draft.importer, draft.version = "f.js", 3, "x-archive", "1"
    draft.__class__ = Provenance  # type: ignore[assignment]
    assert type(draft) is Provenance
    assert draft == Provenance(file="f.js", record=3, importer="x-archive", version="1")
    assert hash(draft) == hash(Provenance(file="f.js", record=3, importer="x-archive", version="1"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        draft.record = 4


# --- tweet_to_post -----------------------------------------------------------------------------

ORIGINAL: dict[str, Any] = {
    "created_at": "Tue Dec 06 05:31:41 +0000 2022",
    "id_str": "1600000000000000001",
    "full_text": "Crust &amp; crumb @ana_cafe #sourdough https://t.co/Ab https://t.co/Pic",
    "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    "lang": "und",
    "favorite_count": "12",
    "retweet_count": "3",
    "entities": {
        "urls": [{"url": "https://t.co/Ab", "expanded_url": "https://bakery.example/blog"}],
        "user_mentions": [{"screen_name": "ana_cafe"}, {"screen_name": ""}],
        "hashtags": [{"text": "sourdough"}],
        "media": [{"url": "https://t.co/Pic"}],
    },
    "extended_entities": {"media": [{"url": "https://t.co/Pic"}, {"url": "https://t.co/Pic"}]},
}


def test_every_field_of_an_original_tweet() -> None:
    post = tweet_to_post(ORIGINAL, OWNER, SOURCE, 7)
    assert type(post) is Post
    assert post == Post(
        platform="x",
        account="corner_bakery",
        account_id="1234",
        id="1600000000000000001",
        created_at=datetime(2022, 12, 6, 5, 31, 41, tzinfo=UTC),
        text="Crust & crumb @ana_cafe #sourdough https://bakery.example/blog",
        kind=Kind.ORIGINAL,
        provenance=PROVENANCE,
        url="https://x.com/corner_bakery/status/1600000000000000001",
        mentions=("ana_cafe",),
        links=(Link(url="https://bakery.example/blog", domain="bakery.example"),),
        hashtags=("sourdough",),
        media_count=2,
        client="Twitter Web App",
        likes=12,
        reposts=3,
    )


def test_a_reply_with_numeric_ids_as_the_api_writes_them() -> None:
    tweet = {
        "created_at": "Tue Dec 06 06:00:00 +0000 2022",
        "id": 1600000000000000002,
        "text": "@ana_cafe Did it arrive?",
        "in_reply_to_status_id": 1599990000000000000,
        "in_reply_to_user_id": 555,
        "in_reply_to_screen_name": "ana_cafe",
        "reply_count": 2,
        "quote_count": 0,
    }
    post = tweet_to_post(tweet, Owner(None, None), SOURCE, 7)
    assert post == Post(
        platform="x",
        account="",
        account_id="",
        id="1600000000000000002",
        created_at=datetime(2022, 12, 6, 6, 0, tzinfo=UTC),
        text="@ana_cafe Did it arrive?",
        kind=Kind.REPLY,
        provenance=PROVENANCE,
        reply_to_id="1599990000000000000",
        reply_to_account_id="555",
        reply_to_account="ana_cafe",
        reply_to_time=datetime(2022, 12, 6, 4, 51, 57, 33000, tzinfo=UTC),
        replies=2,
        quotes=0,
    )


@pytest.mark.parametrize(
    ("changes", "kind", "reposted", "quoted"),
    [
        ({"full_text": "RT @townnews: Fair today"}, Kind.REPOST, (None, "townnews"), None),
        (
            {"retweeted_status": {"id_str": "99", "user": {"screen_name": "townnews"}}},
            Kind.REPOST,
            ("99", "townnews"),
            None,
        ),
        (
            {"in_reply_to_status_id_str": "1", "in_reply_to_user_id_str": "1234"},
            Kind.THREAD,
            None,
            None,
        ),
        (
            {"in_reply_to_status_id_str": "1", "in_reply_to_screen_name": "Corner_Bakery"},
            Kind.THREAD,
            None,
            None,
        ),
        ({"quoted_status_id_str": "42"}, Kind.QUOTE, None, "42"),
        (
            {"entities": {"urls": [{"expanded_url": "https://x.com/a/status/43"}]}},
            Kind.QUOTE,
            None,
            "43",
        ),
    ],
)
def test_kinds(
    changes: dict[str, Any],
    kind: Kind,
    reposted: tuple[str | None, str] | None,
    quoted: str | None,
) -> None:
    tweet = {"created_at": "Tue Dec 06 06:00:00 +0000 2022", "id_str": "7", "full_text": "Hi"}
    post = tweet_to_post(tweet | changes, OWNER, SOURCE, 7)
    assert post.kind is kind
    assert (post.reposted_id, post.reposted_account) == (reposted or (None, None))
    assert post.quoted_id == quoted


def test_a_struct_and_the_same_dict_make_the_same_post() -> None:
    struct = msgspec.convert(ORIGINAL, Tweet, strict=False)
    assert tweet_to_post(struct, OWNER, SOURCE, 7) == tweet_to_post(ORIGINAL, OWNER, SOURCE, 7)


@pytest.mark.parametrize(
    ("tweet", "message"),
    [
        (
            {"created_at": "Tue Dec 06 06:00:00 +0000 2022", "full_text": "Hi"},
            "missing field 'id_str'",
        ),
        (
            {"created_at": "Tue Dec 06 06:00:00 +0000 2022", "id_str": "7"},
            "missing field 'full_text'",
        ),
        (
            {"created_at": "Tue Dec 06 24:00:00 +0000 2022", "id_str": "7", "full_text": "Hi"},
            "hour must be in 0..23",
        ),
    ],
)
def test_a_tweet_that_cannot_be_read_raises_value_error(
    tweet: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        tweet_to_post(tweet, OWNER, SOURCE, 7)


def test_the_owner_states_what_every_post_repeats() -> None:
    assert (OWNER.account, OWNER.account_id) == ("corner_bakery", "1234")
    unknown = Owner(None, None)
    assert (unknown.account, unknown.account_id) == ("", "")


def test_posts_of_a_file_share_its_source_and_keep_their_record_number() -> None:
    first = tweet_to_post(ORIGINAL, OWNER, SOURCE, 7)
    second = tweet_to_post(ORIGINAL | {"id_str": "1600000000000000009"}, OWNER, SOURCE, 1234)
    assert first.provenance == PROVENANCE
    assert second.provenance == dataclasses.replace(PROVENANCE, record=1234)
    assert type(second.provenance) is Provenance
    assert first.provenance.source == second.provenance.source == SOURCE


# --- batches of a data file --------------------------------------------------------------------


def data_file(items: list[Any]) -> bytes:
    return (EXPECT[:-1] + json.dumps(items, indent=2)).encode()


ITEMS: list[Any] = [
    {"tweet": {"id_str": str(n), "full_text": f"[{n}], {{ }} \\n  }}," * (n % 5)}}
    for n in range(300)
]


@pytest.mark.parametrize("chunk", [40, 100, 1000, 64 << 10])
def test_batches_hold_the_elements_in_order(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(js_data, "_CHUNK", chunk)
    batches = list(iter_js_batches(io.BytesIO(data_file(ITEMS)), "tweets.js", EXPECT))
    assert [item for batch in batches for item in batch] == ITEMS
    assert all(batches)
    if chunk == 1000:
        assert len(batches) > 10


def test_a_broken_element_in_a_later_batch_is_reported_with_its_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(js_data, "_CHUNK", 500)
    text = data_file(ITEMS).replace(b'"id_str": "250"', b'"id_str": "250" "oops"')
    items = list(iter_js_array(io.BytesIO(text), "tweets.js", EXPECT))
    assert len(items) == 300
    assert [n for n, item in enumerate(items, 1) if isinstance(item, BadRecord)] == [251]
    assert items[:250] == ITEMS[:250]
    assert items[251:] == ITEMS[251:]


def test_the_opening_is_found_after_much_blank_space() -> None:
    text = b" " * (100 << 10) + data_file(ITEMS[:3])
    assert list(iter_js_array(io.BytesIO(text), "tweets.js", EXPECT)) == ITEMS[:3]


# --- kept once per platform and id -------------------------------------------------------------


def tweets_js(*ids: str) -> str:
    items = [
        {
            "tweet": {
                "id_str": post_id,
                "created_at": "Tue Dec 06 06:00:00 +0000 2022",
                "full_text": f"post {post_id}",
            }
        }
        for post_id in ids
    ]
    return "window.YTD.tweets.part0 = " + json.dumps(items, indent=2)


def test_a_post_read_twice_is_kept_once(tmp_path: Path) -> None:
    first = make_zip(tmp_path / "a.zip", {"data/tweets.js": tweets_js("1", "2")})
    second = make_zip(tmp_path / "b.zip", {"data/tweets.js": tweets_js("2", "3", "1")})
    posts = load([first, second]).posts
    assert [(p.id, p.provenance.file) for p in posts] == [
        ("1", f"{first}:data/tweets.js"),
        ("2", f"{first}:data/tweets.js"),
        ("3", f"{second}:data/tweets.js"),
    ]


def test_posts_are_told_apart_by_platform_and_id(monkeypatch: pytest.MonkeyPatch) -> None:
    def post(platform: str, post_id: str) -> Post:
        return Post(
            platform=platform,
            account="a",
            account_id="1",
            id=post_id,
            created_at=datetime(2022, 12, 6, tzinfo=UTC),
            text=f"{platform} {post_id}",
            kind=Kind.ORIGINAL,
            provenance=PROVENANCE,
        )

    read = [post("x", "1"), post("mastodon", "1"), post("x", "1"), post("mastodon", "2")]
    read += [post("x", "2"), post("mastodon", "1"), post("", "1"), post("", "1")]
    monkeypatch.setattr("twoway.dataset.read", lambda paths, report: iter(read))
    assert [p.text for p in load("anything").posts] == [
        "x 1",
        "mastodon 1",
        "mastodon 2",
        "x 2",
        " 1",
    ]
