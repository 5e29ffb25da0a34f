"""The legacy X archive importer (tweets.csv and Grailbird files), on two hand-made archives of
invented accounts: ``archive/`` (a bakery, the full layout) and ``csv_only/`` (a café, a lone
tweets.csv saved through a spreadsheet, ids partly rounded to floats)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import tarfile
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twoway.errors import FormatError, TwowayError
from twoway.importers import ReadReport, SkippedRecord, detect, read
from twoway.importers.x_legacy import IMPORTER
from twoway.model import Account, Kind, Link, Post
from twoway.sources import open_bundle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x_legacy"
ARCHIVE = FIXTURES / "archive"
CSV_ONLY = FIXTURES / "csv_only" / "tweets.csv"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
WERATEDOGS = SHARED / "weratedogs-tweets.csv"

HEADER = (
    "tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,"
    "retweeted_status_id,retweeted_status_user_id,retweeted_status_timestamp,expanded_urls\n"
)

# The bakery's archive
A = "888688818387080839"  # original with a link and a photo (Grailbird, 2017_07.js)
B = "889848249841800839"  # reply to @miller_farm (Grailbird)
C = "892293822675080839"  # thread under A (Grailbird, 2017_08.js)
D = "892693959276680839"  # retweet of @town_council (Grailbird)
E = "893165818476680839"  # quote of @town_council (Grailbird)
F = "893531981215880839"  # only in tweets.csv
P1 = "889842671416247049"  # @miller_farm's tweet B answers
P2 = "892671310033846314"  # @town_council's tweet D retweets
P3 = "893078996382646371"  # @town_council's tweet E quotes

# The café's tweets.csv, rows 1-7 (row 8 has its id rounded to 8.9e+17)
G7 = "871750960543880839"  # original over two lines, with a mention, a hashtag and a link
G6 = "871305525459080839"  # quote of @quay_books
G5 = "870928038099080839"  # retweet of @quay_books, its id saved rounded
G4 = "870610948716680839"  # reply to @quay_books, the parent's id saved rounded
G3 = "870190679455880839"  # thread under G1, the parent's id saved rounded
G2 = "870189421164680839"  # thread under G1
G1 = "870188162873480839"  # original with two photos
P5 = "870897839112169728"
P6 = "871290425963446327"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def read_all(path: Path) -> tuple[list[Any], ReadReport]:
    report = ReadReport()
    return list(read(path, report)), report


def posts_by_id(records: list[Any]) -> dict[str, Post]:
    return {r.id: r for r in records if isinstance(r, Post)}


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def make_tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def copy_archive(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ARCHIVE, tmp_path / "archive"))


# --- detection ----------------------------------------------------------------------------


def _other_csv(tmp_path: Path) -> Path:
    return write(
        tmp_path / "support.csv", "tweet_id,author_id,inbound,created_at,text\n1,a,True,x,hi\n"
    )


def _renamed_csv(tmp_path: Path) -> Path:
    return write(tmp_path / "my tweets 2017.csv", CSV_ONLY.read_bytes())


def _new_archive(tmp_path: Path) -> Path:
    return write(tmp_path / "new" / "data" / "tweets.js", "window.YTD.tweets.part0 = []")


def _nested_zip(tmp_path: Path) -> Path:
    members = {f"twitter-archive/{n}": b for n, b in files_of(ARCHIVE).items()}
    return make_zip(tmp_path / "archive.zip", members)


def _too_deep_zip(tmp_path: Path) -> Path:
    return make_zip(tmp_path / "deep.zip", {"a/b/tweets.csv": CSV_ONLY.read_bytes()})


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda tmp: ARCHIVE, True),
        (lambda tmp: make_zip(tmp / "a.zip", files_of(ARCHIVE)), True),
        (lambda tmp: make_tar(tmp / "a.tar.gz", files_of(ARCHIVE)), True),
        (_nested_zip, True),
        (lambda tmp: CSV_ONLY, True),
        (_renamed_csv, True),
        (lambda tmp: ARCHIVE / "data" / "js" / "tweets" / "2017_08.js", True),
        (lambda tmp: ARCHIVE / "data" / "js" / "tweet_index.js", False),
        (_other_csv, False),
        (_new_archive, False),
        (_too_deep_zip, False),
    ],
    ids=[
        "folder",
        "zip",
        "tar.gz",
        "zip-with-top-folder",
        "tweets.csv",
        "csv-by-header",
        "grailbird-month-file",
        "tweet_index.js",
        "other-csv",
        "new-x-archive",
        "two-folders-down",
    ],
)
def test_detect(tmp_path: Path, make: Any, expected: bool) -> None:
    bundle = open_bundle(make(tmp_path))
    assert IMPORTER.detect(bundle) is expected
    if expected:
        assert detect(bundle) is IMPORTER


# --- the full archive: Grailbird first, tweets.csv for the rest ----------------------------


def test_archive_owner_comes_first() -> None:
    records, _ = read_all(ARCHIVE)
    assert records[0] == Account(
        platform="x", id="98765432", handle="lantern_bakery", display_name="Lantern Bakery"
    )
    assert [type(r) for r in records[1:]] == [Post] * 6


def test_archive_reads_each_tweet_once_preferring_grailbird() -> None:
    records, report = read_all(ARCHIVE)
    where = {p.id: (Path(p.provenance.file).name, p.provenance.record) for p in records[1:]}
    assert where == {
        B: ("2017_07.js", 1),
        A: ("2017_07.js", 2),
        E: ("2017_08.js", 1),
        D: ("2017_08.js", 2),
        C: ("2017_08.js", 3),
        F: ("tweets.csv", 1),
    }
    assert {(p.provenance.importer, p.provenance.version) for p in records[1:]} == {
        ("x-legacy", "1")
    }
    assert report.files_read == [
        str(ARCHIVE / "data/js/user_details.js"),
        str(ARCHIVE / "data/js/tweets/2017_07.js"),
        str(ARCHIVE / "data/js/tweets/2017_08.js"),
        str(ARCHIVE / "tweets.csv"),
        str(ARCHIVE / "data/js/payload_details.js"),
    ]
    assert report.skipped_records == []
    assert report.skipped_files == []
    assert report.warnings == []
    assert report.inputs == [(str(ARCHIVE), "x-legacy")]


_KIND_FIELDS = (
    "kind",
    "kind_guessed",
    "reply_to_id",
    "reply_to_account_id",
    "reply_to_account",
    "reply_to_time",
    "quoted_id",
    "reposted_id",
    "reposted_account",
)


def kind_fields(post: Post) -> dict[str, Any]:
    """The kind and the reply/quote/repost fields of ``post`` that are set."""
    values = {name: getattr(post, name) for name in _KIND_FIELDS}
    return {name: value for name, value in values.items() if value not in (None, False)}


@pytest.mark.parametrize(
    ("post_id", "expected"),
    [
        (A, {"kind": Kind.ORIGINAL}),
        (
            B,
            {
                "kind": Kind.REPLY,
                "reply_to_id": P1,
                "reply_to_account_id": "5550001",
                "reply_to_account": "miller_farm",
                "reply_to_time": utc(2017, 7, 25, 13, 40),
            },
        ),
        (
            C,
            {
                "kind": Kind.THREAD,
                "reply_to_id": A,
                "reply_to_account_id": "98765432",
                "reply_to_account": "lantern_bakery",
                "reply_to_time": utc(2017, 7, 22, 9, 15),
            },
        ),
        (D, {"kind": Kind.REPOST, "reposted_id": P2, "reposted_account": "town_council"}),
        (E, {"kind": Kind.QUOTE, "quoted_id": P3}),
        (F, {"kind": Kind.ORIGINAL}),
    ],
    ids=["original", "reply", "thread", "repost", "quote", "csv-only-original"],
)
def test_archive_kinds(post_id: str, expected: dict[str, Any]) -> None:
    assert kind_fields(posts_by_id(read_all(ARCHIVE)[0])[post_id]) == expected


@pytest.mark.parametrize(
    ("post_id", "text", "mentions", "links", "hashtags", "media", "client"),
    [
        (
            A,
            "Fresh rye loaves out of the oven at 7 #SaturdayBake https://lanternbakery.example/rye",
            (),
            (Link(url="https://lanternbakery.example/rye", domain="lanternbakery.example"),),
            ("SaturdayBake",),
            1,
            "Twitter for iPhone",
        ),
        (
            B,
            "@miller_farm Thank you! The spelt from your farm made all the difference",
            ("miller_farm",),
            (),
            (),
            0,
            "Twitter Web Client",
        ),
        (
            D,
            "RT @town_council: Quay Street closed for repairs until Friday "
            "https://towncouncil.example/roadworks",
            ("town_council",),
            (Link(url="https://towncouncil.example/roadworks", domain="towncouncil.example"),),
            (),
            0,
            "Twitter for iPhone",
        ),
        (
            E,
            f"Proud to be part of this & see you there! https://twitter.com/town_council/status/{P3}",
            (),
            (
                Link(
                    url=f"https://twitter.com/town_council/status/{P3}",
                    domain="twitter.com",
                    post_id=P3,
                ),
            ),
            (),
            0,
            "Twitter for iPhone",
        ),
    ],
    ids=["link-hashtag-photo", "mention", "retweet-link", "quote-unescaped"],
)
def test_archive_entities(
    post_id: str,
    text: str,
    mentions: tuple[str, ...],
    links: tuple[Link, ...],
    hashtags: tuple[str, ...],
    media: int,
    client: str,
) -> None:
    post = posts_by_id(read_all(ARCHIVE)[0])[post_id]
    assert (post.text, post.mentions, post.links, post.hashtags, post.media_count, post.client) == (
        text,
        mentions,
        links,
        hashtags,
        media,
        client,
    )
    assert post.url == f"https://x.com/lantern_bakery/status/{post_id}"
    assert (post.likes, post.reposts, post.replies, post.quotes) == (None, None, None, None)


@pytest.mark.parametrize(
    ("path", "post_id", "created_at"),
    [
        (ARCHIVE, A, utc(2017, 7, 22, 9, 15)),  # Grailbird, 2017-07-22 09:15:00 +0000
        (ARCHIVE, C, utc(2017, 8, 1, 8, 0)),  # Grailbird, Tue Aug 01 08:00:00 +0000 2017
        (ARCHIVE, F, utc(2017, 8, 4, 18, 0)),  # tweets.csv, 2017-08-04 18:00:00 +0000
        (CSV_ONLY, G7, utc(2017, 6, 5, 15, 30)),  # tweets.csv, Mon Jun 05 15:30:00 +0000 2017
    ],
    ids=["grailbird-iso", "grailbird-v1.1", "csv-iso", "csv-v1.1"],
)
def test_times_in_both_formats_are_utc(path: Path, post_id: str, created_at: datetime) -> None:
    post = posts_by_id(read_all(path)[0])[post_id]
    assert post.created_at == created_at
    assert post.created_at.utcoffset() is not None
    assert post.created_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


def test_archive_as_zip_with_top_folder(tmp_path: Path) -> None:
    path = _nested_zip(tmp_path)
    records, report = read_all(path)
    folder_records, _ = read_all(ARCHIVE)
    assert records[0] == folder_records[0]
    assert [(p.id, p.kind) for p in records[1:]] == [(p.id, p.kind) for p in folder_records[1:]]
    assert records[-1].provenance.file == f"{path}:twitter-archive/tweets.csv"
    assert report.files_read[0] == f"{path}:twitter-archive/data/js/user_details.js"


def test_grailbird_month_file_alone_takes_owner_from_its_tweets() -> None:
    records, report = read_all(ARCHIVE / "data" / "js" / "tweets" / "2017_08.js")
    assert records[0] == Account(
        platform="x", id="98765432", handle="lantern_bakery", display_name="Lantern Bakery"
    )
    assert [(p.id, p.kind) for p in records[1:]] == [
        (E, Kind.QUOTE),
        (D, Kind.REPOST),
        (C, Kind.THREAD),
    ]
    assert report.warnings == []


# --- tweets.csv alone ---------------------------------------------------------------------


def test_csv_only_infers_owner_from_photo_links_and_self_replies() -> None:
    records, _ = read_all(CSV_ONLY)
    assert records[0] == Account(platform="x", id="4400112233", handle="harbour_cafe")


def test_csv_only_report() -> None:
    _, report = read_all(CSV_ONLY)
    assert report.files_read == [str(CSV_ONLY)]
    assert report.skipped_records == [
        SkippedRecord(
            str(CSV_ONLY),
            8,
            "tweet_id was saved as a rounded number (8.9e+17), its last digits are lost; "
            "export the archive again, or keep ids as text when saving the CSV",
        )
    ]
    assert report.warnings == [
        f"{CSV_ONLY}: 1 reply names its parent by an id saved as a rounded number (like "
        "8.9e+17) that matches no tweet in the archive; the parent's time is kept, its id is "
        "left out"
    ]


_CAFE = {"reply_to_account_id": "4400112233", "reply_to_account": "harbour_cafe"}


@pytest.mark.parametrize(
    ("post_id", "record", "expected"),
    [
        (G7, 1, {"kind": Kind.ORIGINAL}),
        (G6, 2, {"kind": Kind.QUOTE, "quoted_id": P6}),
        (G5, 3, {"kind": Kind.REPOST, "reposted_id": P5, "reposted_account": "quay_books"}),
        (
            G4,
            4,
            {
                "kind": Kind.REPLY,
                "reply_to_account_id": "7012345",
                "reply_to_time": utc(2017, 6, 2, 11, 58, 30),
            },
        ),
        (
            G3,
            5,
            {"kind": Kind.THREAD, "reply_to_id": G1, "reply_to_time": utc(2017, 6, 1, 8), **_CAFE},
        ),
        (
            G2,
            6,
            {"kind": Kind.THREAD, "reply_to_id": G1, "reply_to_time": utc(2017, 6, 1, 8), **_CAFE},
        ),
        (G1, 7, {"kind": Kind.ORIGINAL}),
    ],
    ids=[
        "original",
        "quote",
        "repost-rounded-id-matched-by-photo-link",
        "reply-rounded-parent-keeps-time",
        "thread-rounded-parent-matched-in-archive",
        "thread",
        "original-photos",
    ],
)
def test_csv_only_kinds(post_id: str, record: int, expected: dict[str, Any]) -> None:
    post = posts_by_id(read_all(CSV_ONLY)[0])[post_id]
    assert kind_fields(post) == expected
    assert (post.provenance.file, post.provenance.record) == (str(CSV_ONLY), record)


@pytest.mark.parametrize(
    ("post_id", "text", "mentions", "links", "hashtags", "media"),
    [
        (
            G7,
            "Bread & butter pudding today\nWith custard, @miller_farm cream #PuddingDay "
            "https://millerfarm.example/cream",
            ("miller_farm",),
            (Link(url="https://millerfarm.example/cream", domain="millerfarm.example"),),
            ("PuddingDay",),
            0,
        ),
        (
            G6,
            f"This is why we love this town https://twitter.com/quay_books/status/{P6}",
            (),
            (
                Link(
                    url=f"https://twitter.com/quay_books/status/{P6}",
                    domain="twitter.com",
                    post_id=P6,
                ),
            ),
            (),
            0,
        ),
        (
            G5,
            "RT @quay_books: Poetry night at the harbour cafe on Friday!",
            ("quay_books",),
            (),
            (),
            1,
        ),
        (G1, "New summer menu is here", (), (), (), 2),
    ],
    ids=["multiline-mention-hashtag-link", "quote-link", "retweet-photo", "two-photos"],
)
def test_csv_only_entities(
    post_id: str,
    text: str,
    mentions: tuple[str, ...],
    links: tuple[Link, ...],
    hashtags: tuple[str, ...],
    media: int,
) -> None:
    post = posts_by_id(read_all(CSV_ONLY)[0])[post_id]
    assert (post.text, post.mentions, post.links, post.hashtags, post.media_count) == (
        text,
        mentions,
        links,
        hashtags,
        media,
    )


def test_csv_counts_kinds() -> None:
    records, _ = read_all(CSV_ONLY)
    assert Counter(p.kind for p in records[1:]) == {
        Kind.ORIGINAL: 2,
        Kind.THREAD: 2,
        Kind.REPLY: 1,
        Kind.REPOST: 1,
        Kind.QUOTE: 1,
    }


def test_csv_without_owner_clues_warns_and_reads_with_empty_handle(tmp_path: Path) -> None:
    path = write(
        tmp_path / "tweets.csv",
        HEADER + '101,,,2012-03-01 10:00:00 +0000,web,"Hello, harbour!",,,,\n',
    )
    records, report = read_all(path)
    assert records[0] == Account(platform="x", id="", handle="")
    assert (records[1].account, records[1].url, records[1].kind) == ("", None, Kind.ORIGINAL)
    assert report.warnings == [
        f"{path}: the owner's handle is not in the archive (no user_details.js, no links to its "
        "own photos); posts are read without it",
        f"{path}: the owner's id is not in the archive and could not be inferred; replies to the "
        "owner's own tweets outside the archive count as replies, not threads",
    ]


def test_csv_retweet_of_self_gives_the_handle(tmp_path: Path) -> None:
    path = write(
        tmp_path / "tweets.csv",
        HEADER
        + "103,102,77,2012-03-01 10:02:00 +0000,web,more below,,,,\n"
        + "102,,,2012-03-01 10:01:00 +0000,web,RT @harbour_cafe: Hello,101,77,"
        + "2012-03-01 10:00:00 +0000,\n"
        + "101,,,2012-03-01 10:00:00 +0000,web,Hello,,,,\n",
    )
    records, report = read_all(path)
    assert records[0] == Account(platform="x", id="77", handle="harbour_cafe")
    assert [(p.id, p.kind, p.reply_to_id, p.reposted_id) for p in records[1:]] == [
        ("103", Kind.THREAD, "102", None),
        ("102", Kind.REPOST, None, "101"),
        ("101", Kind.ORIGINAL, None, None),
    ]
    assert report.warnings == []


def test_csv_without_reply_columns_falls_back_to_text_and_says_so(tmp_path: Path) -> None:
    path = write(
        tmp_path / "tweets.csv",
        "tweet_id,timestamp,text\n"
        "3,2009-05-01 09:02:00 +0000,@miller_farm see you Saturday\n"
        "2,2009-05-01 09:01:00 +0000,RT @town_council: Roads closed\n"
        "1,2009-05-01 09:00:00 +0000,Hello\n",
    )
    posts = read_all(path)[0][1:]
    assert [(p.kind, p.kind_guessed, p.reply_to_account, p.reposted_account) for p in posts] == [
        (Kind.REPLY, True, "miller_farm", None),
        (Kind.REPOST, True, None, "town_council"),
        (Kind.ORIGINAL, False, None, None),
    ]


@pytest.mark.parametrize(
    "text",
    ["Fish &amp; chips &lt;3 on Friday", "Fish & chips <3 on Friday"],
    ids=["escaped", "raw"],
)
def test_csv_text_escaped_or_not_reads_as_plain_text(tmp_path: Path, text: str) -> None:
    path = write(
        tmp_path / "tweets.csv", HEADER + f"1,,,2012-03-01 10:00:00 +0000,web,{text},,,,\n"
    )
    assert read_all(path)[0][1].text == "Fish & chips <3 on Friday"


def test_grailbird_retweet_without_retweeted_status_is_a_guessed_repost(tmp_path: Path) -> None:
    path = write(
        tmp_path / "2010_01.js",
        'Grailbird.data.tweets_2010_01 = \n [ {\n  "id_str" : "7001",\n'
        '  "created_at" : "2010-01-05 10:00:00 +0000",\n'
        '  "text" : "RT @town_council: Snow day, roads gritted",\n'
        '  "user" : { "screen_name" : "lantern_bakery", "id_str" : "98765432" }\n} ]',
    )
    post = read_all(path)[0][1]
    assert (post.kind, post.kind_guessed, post.reposted_account) == (
        Kind.REPOST,
        True,
        "town_council",
    )


# --- bad records and broken files ---------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("abc,,,2012-03-01 10:00:00 +0000,web,Hi,,,,", "tweet_id 'abc' is not a number"),
        (",,,2012-03-01 10:00:00 +0000,web,Hi,,,,", "no tweet_id"),
        ("-5,,,2012-03-01 10:00:00 +0000,web,Hi,,,,", "tweet_id '-5' is not an id"),
        ("7,,,yesterday,web,Hi,,,,", "timestamp 'yesterday' is not a date"),
        (
            "7,x1,,2012-03-01 10:00:00 +0000,web,Hi,,,,",
            "in_reply_to_status_id 'x1' is not a number",
        ),
        ("7,,,2012-03-01 10:00:00 +0000", "row has 4 fields, the header has 10"),
        ("101,,,2012-03-01 10:00:00 +0000,web,Again,,,,", "tweet 101 is in the file twice"),
    ],
    ids=[
        "id-not-number",
        "no-id",
        "negative-id",
        "bad-time",
        "bad-parent",
        "short-row",
        "duplicate",
    ],
)
def test_bad_csv_row_is_skipped_with_its_number(tmp_path: Path, row: str, reason: str) -> None:
    path = write(
        tmp_path / "tweets.csv",
        HEADER
        + "101,,,2012-03-01 10:00:00 +0000,web,First,,,,\n"
        + row
        + "\n"
        + "100,,,2012-03-01 09:00:00 +0000,web,Last,,,,\n",
    )
    records, report = read_all(path)
    assert [p.id for p in records[1:]] == ["101", "100"]
    assert report.skipped_records == [SkippedRecord(str(path), 2, reason)]


def test_bad_grailbird_record_is_skipped_with_its_number(tmp_path: Path) -> None:
    folder = copy_archive(tmp_path)
    month = folder / "data/js/tweets/2017_07.js"
    month.write_text(
        month.read_text().replace('"created_at" : "2017-07-25', '"created_x" : "2017-07-25')
    )
    records, report = read_all(folder)
    assert [(r.file, r.record) for r in report.skipped_records] == [(str(month), 1)]
    assert report.skipped_records[0].reason.startswith("unreadable value (")
    # the tweets.csv row of the same tweet fills in
    assert posts_by_id(records)[B].provenance.file == str(folder / "tweets.csv")


def test_broken_grailbird_file_is_left_to_tweets_csv(tmp_path: Path) -> None:
    folder = copy_archive(tmp_path)
    month = folder / "data/js/tweets/2017_07.js"
    month.write_text(month.read_text()[:300])
    records, report = read_all(folder)
    assert report.skipped_files == [
        (
            str(month),
            "the file ends before its closing `]`; its tweets are read from tweets.csv",
        )
    ]
    posts = posts_by_id(records)
    assert sorted(posts) == sorted([A, B, C, D, E, F])
    assert (posts[A].provenance.file, posts[A].provenance.record) == (str(folder / "tweets.csv"), 6)
    assert (posts[A].text, posts[A].media_count, posts[A].hashtags) == (
        "Fresh rye loaves out of the oven at 7 #SaturdayBake https://lanternbakery.example/rye",
        1,
        ("SaturdayBake",),
    )
    assert (posts[B].kind, posts[B].reply_to_id) == (Kind.REPLY, P1)


def test_broken_grailbird_file_without_csv_raises_one_line(tmp_path: Path) -> None:
    folder = copy_archive(tmp_path)
    (folder / "tweets.csv").unlink()
    month = folder / "data/js/tweets/2017_07.js"
    month.write_text(month.read_text()[:300])
    with pytest.raises(FormatError) as caught:
        read_all(folder)
    assert str(caught.value) == (
        f"{month}: the file ends before its closing `]`; the file is truncated; "
        "export or copy it again"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty; export or copy the archive again"),
        (
            b"id,when,words\n1,2,3\n",
            "the header has no tweet_id, timestamp, text columns; is this the tweets.csv of a "
            "Twitter archive? It starts with a header line",
        ),
        (
            "tweet_id,timestamp,text\n".encode("utf-16"),
            "the header is not UTF-8 text; save the file as CSV UTF-8 and import it again",
        ),
    ],
    ids=["empty", "wrong-header", "utf-16"],
)
def test_broken_csv_raises_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = write(tmp_path / "tweets.csv", content)
    with pytest.raises(FormatError) as caught:
        read_all(path)
    assert str(caught.value) == f"{path}: {message}"


def test_open_quote_swallowing_the_file_is_one_skipped_record(tmp_path: Path) -> None:
    path = write(
        tmp_path / "tweets.csv",
        HEADER
        + "2,,,2012-03-01 10:00:00 +0000,web,fine,,,,\n"
        + '1,,,2012-03-01 09:00:00 +0000,web,"never closed'
        + " and on" * 20_000,
    )
    records, report = read_all(path)
    assert [p.id for p in records if isinstance(p, Post)] == ["2"]
    assert [str(s) for s in report.skipped_records] == [
        f"{path} record 2: unreadable CSV (field larger than field limit (131072); a quote left "
        "open?); skipped"
    ]


def test_row_not_utf8_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "tweets.csv",
        HEADER.encode()
        + b"1,,,2012-03-01 10:00:00 +0000,web,caf\xe9,,,,\n"
        + b"2,,,2012-03-01 11:00:00 +0000,web,fine,,,,\n",
    )
    records, report = read_all(path)
    assert [p.id for p in records if isinstance(p, Post)] == ["2"]
    assert [str(s) for s in report.skipped_records] == [
        f"{path} record 1: line 2 is not UTF-8 text; save the file as UTF-8; skipped"
    ]


def test_payload_count_mismatch_warns(tmp_path: Path) -> None:
    folder = copy_archive(tmp_path)
    payload = folder / "data/js/payload_details.js"
    payload.write_text(payload.read_text().replace('"tweets" : 6', '"tweets" : 9'))
    _, report = read_all(folder)
    assert report.warnings == [f"{payload}: the archive says it holds 9 tweets; 6 were read"]


def test_unreadable_user_details_falls_back_to_grailbird_user(tmp_path: Path) -> None:
    folder = copy_archive(tmp_path)
    details = folder / "data/js/user_details.js"
    details.write_text("var user_details = {")
    records, report = read_all(folder)
    assert records[0] == Account(
        platform="x", id="98765432", handle="lantern_bakery", display_name="Lantern Bakery"
    )
    assert [f for f, _ in report.skipped_files] == [str(details)]


# --- real data ----------------------------------------------------------------------------


@pytest.mark.skipif(
    not SHARED.exists(),
    reason="../shared/data not present (real exports are only on the developers' machines)",
)
def test_real_weratedogs_tweets_csv() -> None:
    records, report = read_all(WERATEDOGS)
    assert records[0] == Account(platform="x", id="4196983835", handle="dog_rates")
    posts = records[1:]
    kinds = Counter(p.kind for p in posts)
    assert kinds == {
        Kind.ORIGINAL: 2068,
        Kind.REPOST: 180,
        Kind.THREAD: 47,
        Kind.REPLY: 31,
        Kind.QUOTE: 29,
    }
    assert report.skipped_record_count == 1  # one row has no tweet_id
    # every reply to the account itself is a thread, and threads only answer the account
    assert {p.reply_to_account_id for p in posts if p.kind is Kind.THREAD} == {"4196983835"}
    assert all(p.reply_to_account_id != "4196983835" for p in posts if p.kind is Kind.REPLY)
    assert all(p.reply_to_time is not None for p in posts if p.kind in (Kind.REPLY, Kind.THREAD))
    assert {p.client for p in posts} == {
        "Twitter for iPhone",
        "Vine - Make a Scene",
        "Twitter Web Client",
        "TweetDeck",
    }
    assert all(p.created_at.tzinfo is UTC for p in posts)


# --- anything in, records or a TwowayError out --------------------------------------------


def _read_quietly(path: Path) -> None:
    with contextlib.suppress(TwowayError):
        list(IMPORTER.read(open_bundle(path), ReadReport()))


_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@given(data=st.binary(max_size=600))
def test_any_bytes_as_tweets_csv(tmp_path: Path, data: bytes) -> None:
    _read_quietly(write(tmp_path / "tweets.csv", data))


_CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "8.9e+17",
            "8.701881628734808e+17",
            "4400112233.0",
            "1e999",
            "nan",
            "-1",
            "870188162873480839",
            "99999999999999999999999",
            "2017-06-01 08:00:00 +0000",
            "Tue Aug 01 16:23:56 +0000 2017",
            "0001-01-01 00:00:00 +0100",
            "RT @harbour_cafe: hi",
            "@quay_books hi https://t.co/abc",
            "https://twitter.com/harbour_cafe/status/870188162873480839/photo/1",
            "https://twitter.com/a/status/1/photo/1,https://x.example/a,b",
            "<a href='x'>App</a>",
        ]
    ),
)


@_SETTINGS
@given(rows=st.lists(st.lists(_CELLS, max_size=11), max_size=6))
def test_any_rows_in_tweets_csv(tmp_path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    _read_quietly(write(tmp_path / "tweets.csv", HEADER + out.getvalue()))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
_TWEET_KEYS = st.sampled_from(
    [
        "id_str",
        "id",
        "text",
        "created_at",
        "user",
        "entities",
        "retweeted_status",
        "in_reply_to_status_id_str",
        "in_reply_to_user_id_str",
        "source",
    ]
)


@_SETTINGS
@given(
    tweets=st.lists(st.dictionaries(_TWEET_KEYS, _JSON, max_size=6), max_size=4),
    raw=st.binary(max_size=200),
    with_csv=st.booleans(),
)
def test_any_grailbird_file(
    tmp_path: Path, tweets: list[dict[str, Any]], raw: bytes, with_csv: bool
) -> None:
    folder = tmp_path / "archive"
    shutil.rmtree(folder, ignore_errors=True)
    body = "Grailbird.data.tweets_2017_01 = \n " + json.dumps(tweets, indent=2)
    write(folder / "data/js/tweets/2017_01.js", body)
    write(folder / "data/js/tweets/2017_02.js", b"Grailbird.data.tweets_2017_02 = " + raw)
    write(folder / "data/js/user_details.js", b"var user_details = " + raw)
    if with_csv:
        write(folder / "tweets.csv", HEADER + "1,,,2012-03-01 10:00:00 +0000,web,Hi,,,,\n")
    _read_quietly(folder)
