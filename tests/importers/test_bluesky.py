"""The Bluesky repository (.car) importer, on CAR files built here with carbuilder.

The fixture is an invented bakery account whose repository holds one record of every shape the
importer must tell apart, plus likes and a follow it must pass over.  Its keys give a four-level
Merkle Search Tree, so the walk meets left subtrees, ``t`` subtrees and prefix-compressed keys.
"""

from __future__ import annotations

import gzip
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import libipld
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.importers import carbuilder as cb

from twoway.errors import FormatError, TwowayError, UnknownFormatError
from twoway.importers import ReadReport, SkippedRecord, read
from twoway.importers.bluesky import IMPORTER
from twoway.model import Account, Kind, Link, Post, Provenance
from twoway.sources import open_bundle

OWNER = "did:plc:ovenfreshbreadx7q4k3m2ab"
RIVER = "did:plc:riversideschool2k4m6n7qz"
MARKET = "did:plc:farmersmarket5t6u7v2w3xy"

POST = "app.bsky.feed.post"


def at(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def t(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def uri(did: str, moment: datetime, collection: str = POST) -> str:
    return f"at://{did}/{collection}/{cb.tid(moment)}"


def ref(target: str) -> dict[str, str]:
    """A strongRef; the cid is a string in records."""
    return {"uri": target, "cid": "bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454"}


def blob(mime: str) -> dict[str, Any]:
    raw = b"\x01\x55\x12\x20" + bytes(range(32))  # a raw-codec CID link, as blobs have
    return {"$type": "blob", "ref": raw, "mimeType": mime, "size": 48213}


def facet(text: str, fragment: str, feature: dict[str, str]) -> dict[str, Any]:
    """A facet over ``fragment``; byteSlice offsets count UTF-8 bytes, not characters."""
    start = text.encode().index(fragment.encode())
    return {
        "index": {"byteStart": start, "byteEnd": start + len(fragment.encode())},
        "features": [feature],
    }


# When each post was made (its createdAt and, as a TID, its record key).
WHEN = {
    "original": t(2024, 3, 4, 8, 15),
    "reply": t(2024, 3, 4, 9, 2, 30),
    "thread": t(2024, 3, 4, 9, 5),
    "quote": t(2024, 3, 5, 12, 0),
    "quote_media": t(2024, 3, 6, 7, 45, 10),
    "card": t(2024, 3, 7, 16, 20),
    "video": t(2024, 3, 8, 6, 30),
    "reply_quote": t(2024, 3, 9, 10, 0),
    "no_time": t(2024, 3, 10, 11, 11, 11),
    "feed_card": t(2024, 3, 11, 13, 0),
    "missing": t(2024, 3, 12, 8, 0),
    "repost": t(2024, 3, 13, 9, 0),
}
RIVER_POST = uri(RIVER, t(2024, 3, 4, 8, 50))
MARKET_POST = uri(MARKET, t(2024, 3, 5, 10, 30))
MARKET_FEED = f"at://{MARKET}/app.bsky.feed.generator/local-food"

ORIGINAL_TEXT = "🥖 Five ways to keep bread fresh: ovenfresh.example/blog/fresh #baking"
REPLY_TEXT = "@riverside.example congrats on the new library! Rolls on us on Friday."
CARD_TEXT = "We won the county bread award! news.example/local/award"


def key(name: str) -> str:
    return f"{POST}/{cb.tid(WHEN[name])}"


RECORDS: dict[str, Any] = {
    "app.bsky.actor.profile/self": {
        "$type": "app.bsky.actor.profile",
        "displayName": "Oven Fresh Bakery",
        "description": "Sourdough, every morning from 7.",
    },
    key("original"): {
        "$type": POST,
        "text": ORIGINAL_TEXT,
        "createdAt": at(WHEN["original"]),
        "langs": ["en"],
        "facets": [
            facet(
                ORIGINAL_TEXT,
                "ovenfresh.example/blog/fresh",
                {
                    "$type": "app.bsky.richtext.facet#link",
                    "uri": "https://ovenfresh.example/blog/fresh",
                },
            ),
            facet(
                ORIGINAL_TEXT, "#baking", {"$type": "app.bsky.richtext.facet#tag", "tag": "baking"}
            ),
        ],
    },
    key("reply"): {
        "$type": POST,
        "text": REPLY_TEXT,
        "createdAt": at(WHEN["reply"]),
        "langs": ["en"],
        "reply": {"root": ref(RIVER_POST), "parent": ref(RIVER_POST)},
        "facets": [
            facet(
                REPLY_TEXT,
                "@riverside.example",
                {"$type": "app.bsky.richtext.facet#mention", "did": RIVER},
            )
        ],
    },
    key("thread"): {
        "$type": POST,
        "text": "Tip 1: never keep it in the fridge.",
        "createdAt": at(WHEN["thread"]),
        "reply": {
            "root": ref(uri(OWNER, WHEN["original"])),
            "parent": ref(uri(OWNER, WHEN["original"])),
        },
    },
    key("quote"): {
        "$type": POST,
        "text": "See you there on Saturday!",
        "createdAt": "2024-03-05T13:00:00+01:00",
        "langs": ["en", "de"],
        "embed": {"$type": "app.bsky.embed.record", "record": ref(MARKET_POST)},
    },
    key("quote_media"): {
        "$type": POST,
        "text": "Our stall this week, with the rye you asked for",
        "createdAt": at(WHEN["quote_media"]),
        "embed": {
            "$type": "app.bsky.embed.recordWithMedia",
            "record": {"$type": "app.bsky.embed.record", "record": ref(MARKET_POST)},
            "media": {
                "$type": "app.bsky.embed.images",
                "images": [
                    {"alt": "rye loaves", "image": blob("image/jpeg")},
                    {"alt": "the stall", "image": blob("image/jpeg")},
                ],
            },
        },
    },
    key("card"): {
        "$type": POST,
        "text": CARD_TEXT,
        "createdAt": at(WHEN["card"]),
        "facets": [
            facet(
                CARD_TEXT,
                "news.example/local/award",
                {
                    "$type": "app.bsky.richtext.facet#link",
                    "uri": "https://news.example/local/award",
                },
            )
        ],
        "embed": {
            "$type": "app.bsky.embed.external",
            "external": {
                "uri": "https://news.example/local/award",
                "title": "County bread award",
                "description": "",
            },
        },
    },
    key("video"): {
        "$type": POST,
        "text": "How we shape a boule",
        "createdAt": at(WHEN["video"]),
        "embed": {"$type": "app.bsky.embed.video", "video": blob("video/mp4"), "alt": "hands"},
    },
    key("reply_quote"): {
        "$type": POST,
        "text": "@market this is the one we meant",
        "createdAt": at(WHEN["reply_quote"]),
        "reply": {"root": ref(MARKET_POST), "parent": ref(MARKET_POST)},
        "embed": {"$type": "app.bsky.embed.record", "record": ref(RIVER_POST)},
    },
    key("no_time"): {"$type": POST, "text": "Closed today for a family wedding"},
    key("feed_card"): {
        "$type": POST,
        "text": "A feed of local food accounts",
        "createdAt": at(WHEN["feed_card"]),
        "embed": {"$type": "app.bsky.embed.record", "record": ref(MARKET_FEED)},
    },
    key("missing"): {"$type": POST, "text": "lost", "createdAt": at(WHEN["missing"])},
    f"{POST}/imported-1": {"$type": POST, "text": "moved over", "createdAt": "last tuesday"},
    f"app.bsky.feed.repost/{cb.tid(WHEN['repost'])}": {
        "$type": "app.bsky.feed.repost",
        "subject": ref(RIVER_POST),
        "createdAt": at(WHEN["repost"]),
    },
    f"app.bsky.feed.like/{cb.tid(t(2024, 3, 2, 9))}": {
        "$type": "app.bsky.feed.like",
        "subject": ref(RIVER_POST),
        "createdAt": at(t(2024, 3, 2, 9)),
    },
    f"app.bsky.feed.like/{cb.tid(t(2024, 3, 3, 9))}": {
        "$type": "app.bsky.feed.like",
        "subject": ref(MARKET_POST),
        "createdAt": at(t(2024, 3, 3, 9)),
    },
    f"app.bsky.graph.follow/{cb.tid(t(2024, 3, 1, 9))}": {
        "$type": "app.bsky.graph.follow",
        "subject": RIVER,
        "createdAt": at(t(2024, 3, 1, 9)),
    },
}
REPO = cb.build_repo(OWNER, RECORDS, leave_out=[key("missing")])


def number(record_key: str) -> int:
    """A record's 1-based position in the repository's key order."""
    return sorted(RECORDS).index(record_key) + 1


@pytest.fixture
def repo_car(tmp_path: Path) -> Path:
    path = tmp_path / "bakery.car"
    path.write_bytes(REPO.data)
    return path


def read_all(path: Path) -> tuple[list[Any], ReadReport]:
    report = ReadReport()
    return list(read(path, report)), report


def posts_by_key(path: Path) -> dict[str, Post]:
    records, _ = read_all(path)
    return {p.id.split("/", 3)[3]: p for p in records if isinstance(p, Post)}


# --- the builder builds what the spec says --------------------------------------------------

VALUE = "bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454"
LAYER_ONE = [  # the spec's "insertion that splits two layers down" keys, before the split
    "3jqfcqzm3fo2j",
    "3jqfcqzm3fp2j",
    "3jqfcqzm3fr2j",
    "3jqfcqzm3fs2j",
    "3jqfcqzm3ft2j",
    "3jqfcqzm3fz2j",
    "3jqfcqzm4fc2j",
    "3jqfcqzm4fd2j",
    "3jqfcqzm4ff2j",
    "3jqfcqzm4fg2j",
    "3jqfcqzm4fh2j",
]


@pytest.mark.parametrize(
    ("rkeys", "root"),
    [  # the atproto MST interop vectors ("empty", "trivial", "singlelayer2", "simple", edge cases)
        ([], "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm"),
        (["3jqfcqzm3fo2j"], "bafyreibj4lsc3aqnrvphp5xmrnfoorvru4wynt6lwidqbm2623a6tatzdu"),
        (["3jqfcqzm3fx2j"], "bafyreih7wfei65pxzhauoibu3ls7jgmkju4bspy4t2ha2qdjnzqvoy33ai"),
        (
            ["3jqfcqzm3fp2j", "3jqfcqzm3fr2j", "3jqfcqzm3fs2j", "3jqfcqzm3ft2j", "3jqfcqzm4fc2j"],
            "bafyreicmahysq4n6wfuxo522m6dpiy7z7qzym3dzs756t5n7nfdgccwq7m",
        ),
        (
            ["3jqfcqzm3ft2j", "3jqfcqzm3fz2j", "3jqfcqzm3fx2j"],
            "bafyreiavxaxdz7o7rbvr3zg2liox2yww46t7g6hkehx4i4h3lwudly7dhy",
        ),
        (
            ["3jqfcqzm3ft2j", "3jqfcqzm3fz2j", "3jqfcqzm3fx2j", "3jqfcqzm4fd2j"],
            "bafyreig4jv3vuajbsybhyvb7gggvpwh2zszwfyttjrj6qwvcsp24h6popu",
        ),
        (
            LAYER_ONE,
            "bafyreiettyludka6fpgp33stwxfuwhkzlur6chs4d2v4nkmq2j3ogpdjem",
        ),
        (
            [*LAYER_ONE, "3jqfcqzm3fx2j"],  # a new key two layers up splits a node in two
            "bafyreid2x5eqs4w4qxvc5jiwda4cien3gw2q6cshofxwnvv7iucrmfohpm",
        ),
    ],
)
def test_builder_matches_spec_vectors(rkeys: list[str], root: str) -> None:
    value = cb.cid_from_text(VALUE)
    mst = cb.build_mst({f"com.example.record/{r}": value for r in rkeys})
    assert libipld.encode_cid(mst.root) == root


@pytest.mark.parametrize(
    ("mst_key", "depth"),
    [
        ("2653ae71", 0),
        ("blue", 1),
        ("app.bsky.feed.post/454397e440ec", 4),
        ("app.bsky.feed.post/9adeb165882c", 8),
    ],
)
def test_key_depth_matches_spec(mst_key: str, depth: int) -> None:
    assert cb.key_depth(mst_key) == depth


def test_fixture_tree_has_several_levels() -> None:
    assert REPO.mst.layer == 3
    assert len(REPO.mst.nodes) == 9
    assert any(node["l"] is not None for node in REPO.mst.nodes)
    assert any(e["t"] is not None for node in REPO.mst.nodes for e in node["e"])
    assert any(e["p"] > 0 for node in REPO.mst.nodes for e in node["e"])


def test_tid_round_trips_through_clock() -> None:
    from twoway.clock import tid_time

    assert tid_time(cb.tid(t(2024, 3, 4, 8, 15))) == t(2024, 3, 4, 8, 15)


# --- detection ------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("bakery.car", REPO.data, True),
        ("BAKERY.CAR", b"anything at all", True),  # the extension claims it; read() then refuses
        ("download", REPO.data, True),  # no extension: recognised by its CAR v1 header
        ("notes.json", b'{"roots": [], "version": 1}', False),
        ("empty", b"", False),
        ("tweets.js", b"window.YTD.tweets.part0 = []", False),
        ("carv2", bytes.fromhex("0aa16776657273696f6e02") + bytes(40), False),
    ],
)
def test_detect_file(tmp_path: Path, name: str, data: bytes, expected: bool) -> None:
    assert IMPORTER.detect(open_bundle(_write(tmp_path, name, data))) is expected


def test_detect_gzipped_car(tmp_path: Path) -> None:
    path = _write(tmp_path, "bakery.car.gz", gzip.compress(REPO.data))
    assert IMPORTER.detect(open_bundle(path)) is True
    assert len([r for r in read(path) if isinstance(r, Post)]) == 11


def test_detect_zip_with_car(tmp_path: Path) -> None:
    path = tmp_path / "exports.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("bluesky/bakery.car", REPO.data)
        archive.writestr("__MACOSX/bluesky/._bakery.car", b"\x00\x05\x16\x07")
    assert IMPORTER.detect(open_bundle(path)) is True
    records, report = read_all(path)
    assert records[0] == Account(
        platform="bluesky", id=OWNER, handle=OWNER, display_name="Oven Fresh Bakery"
    )
    assert report.files_read == [f"{path}:bluesky/bakery.car"]


def test_folder_is_left_to_the_registry(tmp_path: Path) -> None:
    _write(tmp_path, "bakery.car", REPO.data)
    _write(tmp_path, "notes.txt", b"not an export")
    assert IMPORTER.detect(open_bundle(tmp_path)) is False
    records, report = read_all(tmp_path)
    assert len([r for r in records if isinstance(r, Post)]) == 11
    assert report.files_read == [str(tmp_path / "bakery.car")]


# --- what is read ---------------------------------------------------------------------------


def test_owner_account_comes_first(repo_car: Path) -> None:
    records, report = read_all(repo_car)
    assert records[0] == Account(
        platform="bluesky", id=OWNER, handle=OWNER, display_name="Oven Fresh Bakery"
    )
    assert all(not isinstance(r, Account) for r in records[1:])
    assert report.files_read == [str(repo_car)]
    assert report.inputs == [(str(repo_car), "bluesky")]


def test_counts_skip_likes_and_follows(repo_car: Path) -> None:
    records, _ = read_all(repo_car)
    posts = [r for r in records if isinstance(r, Post)]
    assert len(records) == 12
    assert [p.kind for p in posts].count(Kind.REPOST) == 1
    assert not any("like" in p.id or "follow" in p.id for p in posts)


def test_posts_come_in_key_order(repo_car: Path) -> None:
    ids = [p.id for p in posts_by_key(repo_car).values()]
    assert ids == sorted(ids, key=lambda i: i.split("/", 3)[3])


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("original", Kind.ORIGINAL),
        ("reply", Kind.REPLY),
        ("thread", Kind.THREAD),
        ("quote", Kind.QUOTE),
        ("quote_media", Kind.QUOTE),
        ("card", Kind.ORIGINAL),
        ("video", Kind.ORIGINAL),
        ("reply_quote", Kind.REPLY),
        ("no_time", Kind.ORIGINAL),
        ("feed_card", Kind.ORIGINAL),
    ],
)
def test_kinds(repo_car: Path, name: str, kind: Kind) -> None:
    post = posts_by_key(repo_car)[key(name)]
    assert post.kind is kind
    assert post.kind_guessed is False


def test_original(repo_car: Path) -> None:
    rkey = cb.tid(WHEN["original"])
    assert posts_by_key(repo_car)[key("original")] == Post(
        platform="bluesky",
        account=OWNER,
        account_id=OWNER,
        id=f"at://{OWNER}/app.bsky.feed.post/{rkey}",
        created_at=t(2024, 3, 4, 8, 15),
        text=ORIGINAL_TEXT,
        kind=Kind.ORIGINAL,
        provenance=Provenance(
            file=str(repo_car), record=number(key("original")), importer="bluesky", version="1"
        ),
        url=f"https://bsky.app/profile/{OWNER}/post/{rkey}",
        links=(Link(url="https://ovenfresh.example/blog/fresh", domain="ovenfresh.example"),),
        hashtags=("baking",),
        lang="en",
    )


def test_reply_metadata(repo_car: Path) -> None:
    post = posts_by_key(repo_car)[key("reply")]
    assert post.reply_to_id == RIVER_POST
    assert post.reply_to_account_id == RIVER
    assert post.reply_to_account == RIVER
    assert post.reply_to_time == t(2024, 3, 4, 8, 50)
    assert post.conversation_id == RIVER_POST
    assert post.mentions == (RIVER,)
    assert post.text == REPLY_TEXT
    assert post.quoted_id is None


def test_thread_metadata(repo_car: Path) -> None:
    post = posts_by_key(repo_car)[key("thread")]
    own = uri(OWNER, WHEN["original"])
    assert (post.reply_to_id, post.reply_to_account_id, post.conversation_id) == (own, OWNER, own)
    assert post.reply_to_time == WHEN["original"]
    assert post.lang is None


def test_quote_metadata(repo_car: Path) -> None:
    posts = posts_by_key(repo_car)
    assert posts[key("quote")].quoted_id == MARKET_POST
    assert posts[key("quote")].lang == "en"
    assert posts[key("quote")].reply_to_id is None
    assert posts[key("quote_media")].quoted_id == MARKET_POST
    assert posts[key("reply_quote")].quoted_id == RIVER_POST
    assert posts[key("reply_quote")].reply_to_id == MARKET_POST
    assert posts[key("reply_quote")].reply_to_account_id == MARKET
    assert posts[key("feed_card")].quoted_id is None


def test_repost_metadata(repo_car: Path) -> None:
    rkey = cb.tid(WHEN["repost"])
    record_key = f"app.bsky.feed.repost/{rkey}"
    assert posts_by_key(repo_car)[record_key] == Post(
        platform="bluesky",
        account=OWNER,
        account_id=OWNER,
        id=f"at://{OWNER}/app.bsky.feed.repost/{rkey}",
        created_at=t(2024, 3, 13, 9),
        text="",
        kind=Kind.REPOST,
        provenance=Provenance(
            file=str(repo_car), record=number(record_key), importer="bluesky", version="1"
        ),
        reposted_id=RIVER_POST,
        reposted_account=RIVER,
    )


@pytest.mark.parametrize(
    ("name", "media_count", "links"),
    [
        ("original", 0, ("https://ovenfresh.example/blog/fresh",)),
        ("quote_media", 2, ()),
        ("card", 0, ("https://news.example/local/award",)),  # facet and card: one link
        ("video", 1, ()),
        ("quote", 0, ()),
    ],
)
def test_media_and_links(
    repo_car: Path, name: str, media_count: int, links: tuple[str, ...]
) -> None:
    post = posts_by_key(repo_car)[key(name)]
    assert post.media_count == media_count
    assert tuple(link.url for link in post.links) == links


def test_times_are_utc(repo_car: Path) -> None:
    posts = posts_by_key(repo_car)
    assert posts[key("quote")].created_at == t(2024, 3, 5, 12, 0)  # written +01:00
    assert all(p.created_at.tzinfo is UTC for p in posts.values())


def test_missing_created_at_falls_back_to_the_record_key(repo_car: Path) -> None:
    records, report = read_all(repo_car)
    post = next(
        p for p in records if isinstance(p, Post) and p.id.endswith(cb.tid(WHEN["no_time"]))
    )
    assert post.created_at == WHEN["no_time"]
    assert report.warnings == [
        f"{repo_car}: 1 record(s) had no readable createdAt; "
        "their time was read from the record key"
    ]


def test_bad_and_missing_records_are_skipped_and_reported(repo_car: Path) -> None:
    _, report = read_all(repo_car)
    missing = key("missing")
    assert report.skipped_records == [
        SkippedRecord(
            str(repo_car), number(missing), f"{missing}: record block is not in the file"
        ),
        SkippedRecord(
            str(repo_car),
            number(f"{POST}/imported-1"),
            f"{POST}/imported-1: no readable createdAt, and the record key is no TID",
        ),
    ]
    assert report.skipped_record_count == 2


def test_empty_repository(tmp_path: Path) -> None:
    path = _write(tmp_path, "new.car", cb.build_repo(OWNER, {}).data)
    records, report = read_all(path)
    assert records == [Account(platform="bluesky", id=OWNER, handle=OWNER)]
    assert report.skipped_records == []


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (
            {"$type": "app.bsky.feed.repost", "createdAt": "2024-03-13T09:00:00Z"},
            "repost without a subject.uri",
        ),
        ({"$type": "app.bsky.feed.repost", "subject": {"uri": 7}}, "repost without a subject.uri"),
        ("not a map", "record is not a map"),
    ],
)
def test_bad_repost_is_skipped(tmp_path: Path, record: Any, reason: str) -> None:
    record_key = f"app.bsky.feed.repost/{cb.tid(WHEN['repost'])}"
    path = _write(tmp_path, "r.car", cb.build_repo(OWNER, {record_key: record}).data)
    records, report = read_all(path)
    assert records == [Account(platform="bluesky", id=OWNER, handle=OWNER)]
    assert report.skipped_records == [SkippedRecord(str(path), 1, f"{record_key}: {reason}")]


def test_odd_field_shapes_do_not_break_a_post(tmp_path: Path) -> None:
    record = {
        "text": 12,
        "createdAt": "0001-01-01T00:00:00+05:00",  # overflows when made UTC: time from the key
        "langs": "en",
        "facets": [None, {"features": [{"$type": "app.bsky.richtext.facet#link", "uri": 5}]}],
        "embed": {"$type": "app.bsky.embed.images", "images": "many"},
        "reply": {"parent": "at://nobody"},
    }
    path = _write(tmp_path, "odd.car", cb.build_repo(OWNER, {key("original"): record}).data)
    post = posts_by_key(path)[key("original")]
    assert (post.text, post.kind, post.created_at) == ("", Kind.REPLY, WHEN["original"])
    assert (post.reply_to_id, post.links, post.media_count, post.lang) == (None, (), 0, None)


# --- broken files ---------------------------------------------------------------------------

AGAIN = "export it again from the Bluesky app (Settings > Account > Export my data)"
GIVE = 'give the .car file that the Bluesky app\'s "Export my data" saves'


def test_truncated_car_is_one_line_format_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "cut.car", REPO.data[:-20])
    with pytest.raises(FormatError) as caught:
        list(read(path))
    assert str(caught.value) == (
        f"{path}: the CAR file is truncated or damaged: a block cannot be decoded; {AGAIN}"
    )
    assert "\n" not in str(caught.value)


def test_not_a_car_with_car_extension(tmp_path: Path) -> None:
    path = _write(tmp_path, "repo.car", b'{"posts": []}\n')
    with pytest.raises(FormatError) as caught:
        list(read(path))
    assert str(caught.value) == (
        f"{path}: not a CAR file: it does not start with a CAR v1 header; {GIVE}"
    )


def test_car_cut_after_the_header_has_no_commit(tmp_path: Path) -> None:
    header = libipld.encode_dag_cbor({"roots": [cb.cid_of(b"x")], "version": 1})
    path = _write(tmp_path, "head.car", cb.varint(len(header)) + header)
    with pytest.raises(FormatError) as caught:
        list(read(path))
    assert str(caught.value) == (
        f"{path}: the commit block named in the CAR header is not in the file; "
        f"the file is incomplete or not a repository export; {GIVE}"
    )


def test_missing_tree_node_is_a_format_error(tmp_path: Path) -> None:
    lost = REPO.mst.root
    blocks = libipld.decode_car(REPO.data)[1]
    kept = [(c, libipld.encode_dag_cbor(b)) for c, b in blocks.items() if c != lost]
    commit = next(c for c, b in blocks.items() if isinstance(b, dict) and "did" in b)
    path = _write(tmp_path, "part.car", cb.car([commit], kept))
    with pytest.raises(FormatError) as caught:
        list(read(path))
    assert str(caught.value) == (
        f"{path}: record tree node {libipld.encode_cid(lost)} is not in the file; "
        f"the export is incomplete (or only the changes since a revision); {AGAIN}"
    )


@pytest.mark.parametrize(
    ("commit", "problem"),
    [
        ({"version": 3, "data": None}, "the root block is not a repository commit (no did)"),
        (
            {"did": OWNER, "version": 1},
            "repository format version 1 is not supported (only 2 and 3)",
        ),
        ({"did": OWNER, "version": 3, "data": "x"}, "the commit has no link to its record tree"),
    ],
)
def test_bad_commit(tmp_path: Path, commit: dict[str, Any], problem: str) -> None:
    block = libipld.encode_dag_cbor(commit)
    path = _write(tmp_path, "c.car", cb.car([cb.cid_of(block)], [(cb.cid_of(block), block)]))
    with pytest.raises(FormatError) as caught:
        list(read(path))
    assert caught.value.problem == problem


@pytest.mark.parametrize(
    ("node", "problem"),
    [
        ({"l": None}, "is not an MST node {l, e}"),
        (
            {"l": None, "e": [{"p": 3, "k": b"a", "v": cb.cid_of(b"r"), "t": None}]},
            "entry 0 is not",
        ),
        (
            {
                "l": None,
                "e": [
                    {"p": 0, "k": b"b/1", "v": cb.cid_of(b"r"), "t": None},
                    {"p": 0, "k": b"a/1", "v": cb.cid_of(b"r"), "t": None},
                ],
            },
            "record tree keys are out of order at b'a/1'",
        ),
    ],
)
def test_broken_tree_node(tmp_path: Path, node: dict[str, Any], problem: str) -> None:
    node_block = libipld.encode_dag_cbor(node)
    commit = libipld.encode_dag_cbor({"did": OWNER, "version": 3, "data": cb.cid_of(node_block)})
    blocks = [(cb.cid_of(commit), commit), (cb.cid_of(node_block), node_block)]
    path = _write(tmp_path, "n.car", cb.car([cb.cid_of(commit)], blocks))
    with pytest.raises(FormatError) as caught:
        list(read(path))
    assert problem in caught.value.problem
    assert caught.value.hint == f"the file is damaged: {AGAIN}"


def test_tree_that_loops_is_a_format_error(tmp_path: Path) -> None:
    """A CAR's blocks are not checked against their CIDs, so a node can name itself."""
    loop = cb.cid_of(b"loop")
    node = libipld.encode_dag_cbor({"l": loop, "e": []})
    commit = libipld.encode_dag_cbor({"did": OWNER, "version": 3, "data": loop})
    path = _write(
        tmp_path, "l.car", cb.car([cb.cid_of(commit)], [(cb.cid_of(commit), commit), (loop, node)])
    )
    with pytest.raises(FormatError, match="appears twice in the tree"):
        list(read(path))


# --- any input: records or a TwowayError, nothing else ---------------------------------------

_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.text(max_size=20)
    | st.binary(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
"""Any DAG-CBOR value (bytes that parse as a CID are written as links)."""
_FACET_TYPES = ["app.bsky.richtext.facet#" + name for name in ("mention", "link", "tag")]
_EMBED_TYPES = [
    "app.bsky.embed." + n for n in ("record", "recordWithMedia", "external", "images", "video")
]
_features = st.fixed_dictionaries(
    {"$type": st.sampled_from(_FACET_TYPES)},
    optional={"did": _values, "uri": _values, "tag": _values},
)
_facets = st.fixed_dictionaries(
    {"features": st.lists(_features, max_size=3) | _values}, optional={"index": _values}
)
_embeds = st.fixed_dictionaries(
    {"$type": st.sampled_from(_EMBED_TYPES)},
    optional={"record": _values, "media": _values, "images": _values, "external": _values},
)
_records = st.fixed_dictionaries(
    {},
    optional={
        "text": _values,
        "createdAt": st.text(max_size=30) | _values,
        "langs": _values,
        "facets": st.lists(_facets | _values, max_size=3) | _values,
        "embed": _embeds | _values,
        "reply": st.fixed_dictionaries({}, optional={"parent": _values, "root": _values}) | _values,
        "subject": _values,
    },
)
"""A post or repost with every field present or not, well shaped or not."""
_collections = st.sampled_from([POST, "app.bsky.feed.repost", "app.bsky.feed.like"])
_keys = st.builds("{}/{}".format, _collections, st.from_regex(r"[a-z2-7]{1,13}", fullmatch=True))
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _outcome(path: Path) -> None:
    try:
        for record in read(path, ReadReport()):
            assert isinstance(record, Account | Post)
    except TwowayError:
        pass


@settings(FUZZ, max_examples=300)
@given(data=st.binary(max_size=600), name=st.sampled_from(["x.car", "x.bin"]))
def test_any_bytes_give_records_or_a_twoway_error(tmp_path: Path, data: bytes, name: str) -> None:
    _outcome(_write(tmp_path, name, data))


@settings(FUZZ, max_examples=200)
@given(records=st.dictionaries(_keys, _records | _values, max_size=6))
def test_any_records_give_posts_or_skips(tmp_path: Path, records: dict[str, Any]) -> None:
    try:
        repo = cb.build_repo(OWNER, records)
    except ValueError:  # a value libipld cannot encode (never in a real export)
        return
    _outcome(_write(tmp_path, "r.car", repo.data))


@settings(FUZZ, max_examples=300)
@given(
    cut=st.integers(0, len(REPO.data)),
    flip=st.integers(0, len(REPO.data) - 1),
    bit=st.integers(0, 7),
)
def test_damaged_exports_give_records_or_a_twoway_error(
    tmp_path: Path, cut: int, flip: int, bit: int
) -> None:
    damaged = bytearray(REPO.data)
    damaged[flip] ^= 1 << bit
    _outcome(_write(tmp_path, "d.car", bytes(damaged[:cut])))


def test_unknown_file_without_car_header_is_not_claimed(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.bin", b"\x05hello")
    with pytest.raises(UnknownFormatError):
        list(read(path))
