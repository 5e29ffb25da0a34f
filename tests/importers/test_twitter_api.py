"""The Twitter API JSON-lines importer: twarc2 pages, `twarc2 flatten` lines, twarc v1.1 statuses.

Fixtures in tests/fixtures/twitter_api/ are invented accounts and posts written in the real
layouts: ``timelines.jsonl`` (two twarc2 timeline pages, one per account), ``flattened.jsonl``
(`twarc2 flatten` of a search), ``statuses_v1.jsonl`` (twarc 1, API v1.1, one streamed with
``extended_tweet``) and ``broken_lines.jsonl`` (good lines among bad ones).
"""

from __future__ import annotations

import gzip
import json
import tarfile
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.errors import FormatError, TwowayError
from twoway.importers import ReadReport, Record, SkippedRecord, read
from twoway.importers.twitter_api import IMPORTER
from twoway.model import Account, Kind, Link, Post
from twoway.sources import open_bundle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "twitter_api"
TIMELINES = FIXTURES / "timelines.jsonl"
FLATTENED = FIXTURES / "flattened.jsonl"
STATUSES = FIXTURES / "statuses_v1.jsonl"
BROKEN = FIXTURES / "broken_lines.jsonl"

BAKERY, LIBRARY, CAFE, ANA, SCHOOL = (
    "730012345",
    "1501234567890123776",
    "88112233",
    "44556677",
    "2233445566",
)


def load(path: Path) -> tuple[list[Record], ReadReport]:
    report = ReadReport()
    return list(IMPORTER.read(open_bundle(path), report)), report


def posts_of(path: Path) -> dict[str, Post]:
    return {r.id: r for r in load(path)[0] if isinstance(r, Post)}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def write_lines(path: Path, *lines: Any) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    )
    return path


def first_line(path: Path) -> dict[str, Any]:
    with path.open() as stream:
        return json.loads(stream.readline())


# --- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", [TIMELINES, FLATTENED, STATUSES, BROKEN])
def test_detects_the_fixtures(fixture: Path) -> None:
    assert IMPORTER.detect(open_bundle(fixture))


def test_detects_a_page_whose_first_line_is_longer_than_the_bytes_looked_at(
    tmp_path: Path,
) -> None:
    page = first_line(TIMELINES)
    page["data"] = page["data"] * 40  # ~190 KB on one line, as a page of 100 tweets is
    path = write_lines(tmp_path / "big.jsonl", page)
    assert path.stat().st_size > 128 * 1024
    assert IMPORTER.detect(open_bundle(path))


NOT_TWARC = {
    "other.jsonl": '{"name": "Ana", "age": 40}\n',
    "users.jsonl": json.dumps(
        {"data": [{"id": ANA, "name": "Ana Reyes", "username": "ana_reads"}]}
    ),
    "counts.jsonl": json.dumps(
        {
            "data": [
                {
                    "end": "2023-05-02T00:00:00.000Z",
                    "start": "2023-05-01T00:00:00.000Z",
                    "tweet_count": 3,
                }
            ]
        }
    ),
    "mastodon.jsonl": json.dumps(
        {"id": "1100", "created_at": "2023-05-01T10:00:00Z", "text": None, "account": {"id": "1"}}
    ),
    "pretty.json": json.dumps({"data": [{"id": "1", "text": "hi"}]}, indent=2),
    "tweets.js": 'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1"}}]',
    "tweets.csv": "tweet_id,text\n1,hello\n",
    "tweets.txt": json.dumps({"id": "1", "text": "hi", "author_id": "2"}),
    "empty.jsonl": "",
    "binary.jsonl": "\x00\x01\x02",
    "long.jsonl": json.dumps({"items": ["x" * 100] * 1000, "text": "no"}),
}


@pytest.mark.parametrize(("name", "content"), list(NOT_TWARC.items()))
def test_does_not_detect_other_files(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content)
    assert not IMPORTER.detect(open_bundle(tmp_path / name))


def test_leaves_folders_to_the_registry_which_reads_them_file_by_file(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(TIMELINES.read_bytes())
    (tmp_path / "b.jsonl").write_bytes(STATUSES.read_bytes())
    assert not IMPORTER.detect(open_bundle(tmp_path))
    report = ReadReport()
    ids = [r.id for r in read(tmp_path, report) if isinstance(r, Post)]
    assert len(ids) == 10 + 5
    assert report.inputs == [
        (str(tmp_path / "a.jsonl"), "twitter-api"),
        (str(tmp_path / "b.jsonl"), "twitter-api"),
    ]


def test_the_registry_picks_this_importer() -> None:
    report = ReadReport()
    records = list(read(FLATTENED, report))
    assert report.inputs == [(str(FLATTENED), "twitter-api")]
    assert report.files_read == [str(FLATTENED)]
    assert len(records) == 6


def test_reads_gzipped_files(tmp_path: Path) -> None:
    path = tmp_path / "timelines.jsonl.gz"
    path.write_bytes(gzip.compress(TIMELINES.read_bytes()))
    bundle = open_bundle(path)
    assert IMPORTER.detect(bundle)
    report = ReadReport()
    records = list(IMPORTER.read(bundle, report))
    assert [r.id for r in records if isinstance(r, Post)] == list(posts_of(TIMELINES))
    assert report.files_read == [str(path)]


def test_reads_the_jsonl_files_of_a_zip_and_skips_other_json(tmp_path: Path) -> None:
    path = tmp_path / "collection.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(TIMELINES, "collection/timelines.jsonl")
        archive.write(STATUSES, "collection/statuses.jsonl")
        archive.writestr("collection/README.txt", "Collected with twarc2 in May 2023.")
        archive.writestr("collection/query.json", json.dumps({"query": "reading night"}, indent=2))
    bundle = open_bundle(path)
    assert IMPORTER.detect(bundle)
    report = ReadReport()
    records = list(IMPORTER.read(bundle, report))
    assert sum(isinstance(r, Post) for r in records) == 15
    assert report.files_read == [
        f"{path}:collection/statuses.jsonl",
        f"{path}:collection/timelines.jsonl",
    ]
    assert report.skipped_files == [(f"{path}:collection/query.json", "not twarc JSON lines")]


def test_an_unsafe_member_of_a_zip_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "collection.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.jsonl", b" " * (4 << 20))  # expands more than 200 times
        archive.write(FLATTENED, "flattened.jsonl")
    bundle = open_bundle(path)
    assert IMPORTER.detect(bundle)
    report = ReadReport()
    assert sum(isinstance(r, Post) for r in IMPORTER.read(bundle, report)) == 4
    assert [(file, reason.split(" ")[0]) for file, reason in report.skipped_files] == [
        (f"{path}:bomb.jsonl", "would")
    ]


def test_reads_a_tar_gz_of_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "collection.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        archive.add(FLATTENED, "flattened.jsonl")
    bundle = open_bundle(path)
    assert IMPORTER.detect(bundle)
    assert [r.id for r in IMPORTER.read(bundle, ReadReport()) if isinstance(r, Post)] == list(
        posts_of(FLATTENED)
    )


# --- accounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "accounts"),
    [
        (
            TIMELINES,
            [
                (BAKERY, "harbourbakery", "Harbour Bakery"),
                (LIBRARY, "eastside_library", "Eastside Library"),
            ],
        ),
        (
            FLATTENED,
            [(CAFE, "millstreetcafe", "Mill Street Café"), (ANA, "ana_reads", "Ana Reyes")],
        ),
        (
            STATUSES,
            [(SCHOOL, "riverside_school", "Riverside Primary"), (ANA, "ana_reads", "Ana Reyes")],
        ),
    ],
)
def test_yields_each_author_once_before_its_first_post(
    fixture: Path, accounts: list[tuple[str, str, str]]
) -> None:
    records, _ = load(fixture)
    assert [Account(platform="x", id=i, handle=h, display_name=n) for i, h, n in accounts] == [
        r for r in records if isinstance(r, Account)
    ]
    seen: set[str] = set()
    for record in records:
        if isinstance(record, Account):
            seen.add(record.id)
        else:
            assert record.account_id in seen


# --- posts -------------------------------------------------------------------------------------

POSTS: list[tuple[Path, str, dict[str, Any]]] = [
    # twarc2 pages: an original with a link, a hashtag and an escaped ampersand
    (
        TIMELINES,
        "1653300790687956993",
        {
            "account": "harbourbakery",
            "account_id": BAKERY,
            "kind": Kind.ORIGINAL,
            "created_at": at("2023-05-02T07:30:00"),
            "text": "Fresh sourdough & rye out of the oven at 7 #bread https://harbourbakery.example/menu",
            "url": "https://x.com/harbourbakery/status/1653300790687956993",
            "links": (
                Link(url="https://harbourbakery.example/menu", domain="harbourbakery.example"),
            ),
            "hashtags": ("bread",),
            "mentions": (),
            "client": "Twitter Web App",
            "lang": "en",
            "conversation_id": "1653300790687956993",
            "likes": 12,
            "reposts": 3,
            "replies": 1,
            "quotes": 0,
        },
    ),
    # a reply to another account: its username from includes.users, its time from the parent's id
    (
        TIMELINES,
        "1653311360334036994",
        {
            "kind": Kind.REPLY,
            "text": "@millstreetcafe Thank you! Saturday works, shall we bring the rolls at 9?",
            "reply_to_id": "1653308340435157003",
            "reply_to_account_id": CAFE,
            "reply_to_account": "millstreetcafe",
            "reply_to_time": at("2023-05-02T08:00:00"),
            "conversation_id": "1653308340435157003",
            "mentions": ("millstreetcafe",),
            "client": "Twitter for iPhone",
            "quoted_id": None,
        },
    ),
    # a reply to the author's own post
    (
        TIMELINES,
        "1653301042346196995",
        {
            "kind": Kind.THREAD,
            "reply_to_id": "1653300790687956993",
            "reply_to_account_id": BAKERY,
            "reply_to_account": "harbourbakery",
            "reply_to_time": at("2023-05-02T07:30:00"),
        },
    ),
    # a quote: the status link is kept, expanded, and names the quoted post
    (
        TIMELINES,
        "1653700927289556996",
        {
            "kind": Kind.QUOTE,
            "quoted_id": "1653695894124757004",
            "text": "Best neighbours on the street https://twitter.com/millstreetcafe/status/1653695894124757004",
            "links": (
                Link(
                    url="https://twitter.com/millstreetcafe/status/1653695894124757004",
                    domain="twitter.com",
                    post_id="1653695894124757004",
                ),
            ),
            "reply_to_id": None,
            "quotes": 1,
        },
    ),
    # a retweet: v2's truncated "RT @user: …" text is kept; the original's author from includes
    (
        TIMELINES,
        "1653836822739156997",
        {
            "kind": Kind.REPOST,
            "reposted_id": "1653829272991957005",
            "reposted_account": "ana_reads",
            "text": "RT @ana_reads: Reading group meets at the bakery tonight, bring a book & a "
            "friend! We start at 7 with tea and end when the scones run out, which…",
            "mentions": ("ana_reads",),
            "likes": 0,
            "reposts": 6,
        },
    ),
    # two photos: their t.co link leaves the text and is no link
    (
        TIMELINES,
        "1654033116166356998",
        {
            "kind": Kind.ORIGINAL,
            "text": "Tuesday's cinnamon buns are here",
            "media_count": 2,
            "links": (),
        },
    ),
    # a reply that also quotes is a reply, and keeps the quoted id
    (
        TIMELINES,
        "1654551532140756999",
        {
            "kind": Kind.REPLY,
            "reply_to_id": "1654545240684757006",
            "reply_to_account": "ana_reads",
            "reply_to_account_id": ANA,
            "reply_to_time": at("2023-05-05T17:55:00"),
            "quoted_id": "1653695894124757004",
        },
    ),
    # a long post: the note's text and entities replace the truncated ones
    (
        TIMELINES,
        "1654818289875157000",
        {
            "kind": Kind.ORIGINAL,
            "text": "Bread club news! From June we bake a different heritage loaf every week, and "
            "members get the first slice. Huge thanks to @eastside_library for lending us the "
            "community room for the tasting evenings, and to every neighbour who voted for the "
            "recipes. Sign-up sheet and the full list of loaves are here: "
            "https://harbourbakery.example/bread-club #community",
            "mentions": ("eastside_library",),
            "hashtags": ("community",),
            "links": (
                Link(
                    url="https://harbourbakery.example/bread-club", domain="harbourbakery.example"
                ),
            ),
            "likes": 40,
            "reposts": 9,
            "replies": 5,
            "quotes": 2,
        },
    ),
    # the second account's page: no source field, so no client
    (
        TIMELINES,
        "1653051649030357001",
        {
            "account": "eastside_library",
            "account_id": LIBRARY,
            "kind": Kind.ORIGINAL,
            "client": None,
            "hashtags": ("storytime",),
            "url": "https://x.com/eastside_library/status/1653051649030357001",
        },
    ),
    (
        TIMELINES,
        "1653323439929557002",
        {
            "account": "eastside_library",
            "kind": Kind.REPLY,
            "reply_to_account": "harbourbakery",
            "reply_to_account_id": BAKERY,
            "reply_to_time": at("2023-05-02T07:30:00"),
        },
    ),
    # twarc2 flatten: author, in_reply_to_user and referenced tweets inline
    (
        FLATTENED,
        "1655516641491157026",
        {
            "account": "millstreetcafe",
            "account_id": CAFE,
            "kind": Kind.REPLY,
            "reply_to_id": "1655497767123157023",
            "reply_to_account": "ana_reads",
            "reply_to_time": at("2023-05-08T09:00:00"),
            "created_at": at("2023-05-08T10:15:00"),
        },
    ),
    (
        FLATTENED,
        "1655505316870357024",
        {
            "kind": Kind.REPOST,
            "reposted_id": "1655497767123157023",
            "reposted_account": "ana_reads",
            "text": "RT @ana_reads: Who's coming to reading night on Friday? "
            "Reply with the book you're bringing 📚",
        },
    ),
    (
        FLATTENED,
        "1655499025414357025",
        {
            "account": "ana_reads",
            "kind": Kind.THREAD,
            "reply_to_account": "ana_reads",
            "mentions": ("harbourbakery",),
        },
    ),
    (
        FLATTENED,
        "1655497767123157023",
        {"kind": Kind.ORIGINAL, "client": "Twitter for Android", "likes": 14, "replies": 2},
    ),
    # twarc 1 (API v1.1) statuses, through the same code as X archives
    (
        STATUSES,
        "1653036549535957033",
        {
            "account": "riverside_school",
            "account_id": SCHOOL,
            "kind": Kind.ORIGINAL,
            "created_at": at("2023-05-01T14:00:00"),
            "text": "Open day on Saturday 13 May & everyone is welcome! Programme: "
            "https://riverside-school.example/open-day #openday",
            "hashtags": ("openday",),
            "client": "Twitter Web App",
            "likes": 9,
            "reposts": 5,
            "url": "https://x.com/riverside_school/status/1653036549535957033",
        },
    ),
    (
        STATUSES,
        "1653051649030357035",
        {
            "kind": Kind.REPOST,
            "reposted_id": "1653006350547157034",
            "reposted_account": "millstreetcafe",
        },
    ),
    (STATUSES, "1653444235884757037", {"kind": Kind.QUOTE, "quoted_id": "1653429136390357036"}),
    (
        STATUSES,
        "1653096947513557038",
        {
            "account": "ana_reads",
            "kind": Kind.REPLY,
            "reply_to_id": "1653036549535957033",
            "reply_to_account": "riverside_school",
            "reply_to_account_id": SCHOOL,
            "reply_to_time": at("2023-05-01T14:00:00"),
            "client": "Twitter for Android",
        },
    ),
    # streamed with a truncated text and the whole post in extended_tweet
    (
        STATUSES,
        "1653104497260757039",
        {
            "kind": Kind.THREAD,
            "text": "@ana_reads Doors open at 10 and the first tour starts at 10:15. The library, "
            "the garden and the new science room are all open, and Year 6 will run the cake stall "
            "all morning. Parking on Mill Street.",
            "mentions": ("ana_reads",),
            "links": (),
            "replies": 0,
            "quotes": 0,
        },
    ),
]


@pytest.mark.parametrize(("fixture", "post_id", "expected"), POSTS)
def test_post_fields(fixture: Path, post_id: str, expected: dict[str, Any]) -> None:
    post = posts_of(fixture)[post_id]
    assert {key: getattr(post, key) for key in expected} == expected


@pytest.mark.parametrize(
    ("fixture", "kinds"),
    [
        (
            TIMELINES,
            [
                *("original", "reply", "original", "repost", "quote", "reply", "thread"),
                *("original", "reply", "original"),
            ],
        ),
        (FLATTENED, ["reply", "repost", "thread", "original"]),
        (STATUSES, ["original", "repost", "quote", "reply", "thread"]),
    ],
)
def test_kinds_in_file_order(fixture: Path, kinds: list[str]) -> None:
    assert [post.kind.value for post in posts_of(fixture).values()] == kinds


@pytest.mark.parametrize("fixture", [TIMELINES, FLATTENED, STATUSES])
def test_times_are_utc_and_nothing_is_guessed(fixture: Path) -> None:
    for post in posts_of(fixture).values():
        assert post.created_at.utcoffset() is not None
        assert post.created_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
        assert not post.kind_guessed
        assert post.platform == "x"


def test_provenance_is_the_line_number() -> None:
    records = [p.provenance for p in posts_of(TIMELINES).values()]
    assert [(p.file, p.record, p.importer, p.version) for p in records] == [
        (str(TIMELINES), 1, "twitter-api", "1")
    ] * 8 + [(str(TIMELINES), 2, "twitter-api", "1")] * 2
    assert [p.provenance.record for p in posts_of(STATUSES).values()] == [1, 2, 3, 4, 5]


# --- shapes beyond the fixtures ----------------------------------------------------------------


def test_streamed_page_with_one_tweet_object(tmp_path: Path) -> None:
    page = first_line(TIMELINES)
    page["data"] = page["data"][-1]
    page["matching_rules"] = [{"id": "1654000000000000000", "tag": "bakeries"}]
    path = write_lines(tmp_path / "filter.jsonl", page)
    assert IMPORTER.detect(open_bundle(path))
    assert list(posts_of(path)) == ["1653300790687956993"]


def test_without_includes_the_reply_target_comes_from_the_mentions(tmp_path: Path) -> None:
    page = first_line(TIMELINES)
    page["data"] = [page["data"][5]]  # the reply to @millstreetcafe
    del page["includes"]
    records, _ = load(write_lines(tmp_path / "bare.jsonl", page))
    assert records[0] == Account(platform="x", id=BAKERY, handle="", display_name=None)
    post = records[1]
    assert isinstance(post, Post)
    assert (post.account, post.url, post.reply_to_account, post.kind) == (
        "",
        None,
        "millstreetcafe",
        Kind.REPLY,
    )


def test_a_tweet_without_created_at_gets_the_time_in_its_id(tmp_path: Path) -> None:
    tweet = first_line(FLATTENED)
    del tweet["created_at"]
    post = posts_of(write_lines(tmp_path / "t.jsonl", tweet))["1655516641491157026"]
    assert post.created_at == datetime(2023, 5, 8, 10, 15, tzinfo=UTC)


def test_a_tweet_linking_to_a_status_without_referenced_tweets_is_a_quote(tmp_path: Path) -> None:
    page = first_line(TIMELINES)
    tweet = page["data"][4]
    del tweet["referenced_tweets"]
    post = posts_of(write_lines(tmp_path / "t.jsonl", page))[tweet["id"]]
    assert (post.kind, post.quoted_id) == (Kind.QUOTE, "1653695894124757004")


def test_a_page_without_tweets_is_not_an_error(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "t.jsonl",
        first_line(FLATTENED),
        {
            "meta": {"result_count": 0},
            "__twarc": {"url": "https://api.twitter.com/2/x", "version": "2.14.0"},
        },
    )
    records, report = load(path)
    assert len(records) == 2
    assert report.skipped_record_count == 0


def test_user_profiles_in_a_page_are_skipped(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "t.jsonl",
        first_line(FLATTENED),
        {"data": [{"id": ANA, "name": "Ana Reyes", "username": "ana_reads"}]},
    )
    _, report = load(path)
    assert report.skipped_records == [SkippedRecord(str(path), 2, "a user profile, not a tweet")]


def test_a_file_without_tweets_warns(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "t.jsonl", {"meta": {"result_count": 0}})
    records, report = load(path)
    assert records == []
    assert report.warnings == [f"{path}: no tweets in it"]


# --- errors ------------------------------------------------------------------------------------


def test_bad_lines_are_skipped_with_their_line_numbers() -> None:
    records, report = load(BROKEN)
    assert [r.id for r in records if isinstance(r, Post)] == [
        "1655497767123157023",
        "1653036549535957033",
    ]
    where = str(BROKEN)
    skipped = [(s.file, s.record, s.reason) for s in report.skipped_records]
    assert [(f, n) for f, n, _ in skipped] == [
        (where, 2),
        (where, 3),
        (where, 4),
        (where, 7),
        (where, 8),
    ]
    reasons = [reason for _, _, reason in skipped]
    assert reasons[0] == (
        "tweet 1655845055494357043 has no author_id (collect with twarc2's default fields)"
    )
    assert reasons[1].startswith("invalid JSON (")
    assert reasons[2] == "a stream notice ('limit'), not a tweet"
    assert reasons[3].startswith("unreadable value (time data 'yesterday at noon'")
    assert reasons[4].startswith("invalid JSON (")
    assert report.skipped_record_count == 5


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('["a", "list"]', "a JSON array, not a tweet or an API page"),
        ("42", "a JSON number, not a tweet or an API page"),
        ('{"hello": "world"}', "not a tweet or an API page"),
        ('{"delete": {"status": {"id_str": "1"}}}', "a stream notice ('delete'), not a tweet"),
        ('{"data": "nothing"}', "data is not a list of tweets"),
        ('{"id_str": "1", "user": "ana"}', "user is not an object"),
        ('{"id": "1655497767123157023", "text": 5, "author_id": "1"}', "text is not a string"),
    ],
)
def test_reasons_for_skipped_lines(tmp_path: Path, line: str, reason: str) -> None:
    path = write_lines(tmp_path / "t.jsonl", first_line(FLATTENED), line)
    _, report = load(path)
    assert report.skipped_records == [SkippedRecord(str(path), 2, reason)]


def test_bad_lines_before_the_first_tweet_are_reported_once_it_comes(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "t.jsonl", '{"data": [{"id": "16', first_line(FLATTENED))
    records, report = load(path)
    assert len(records) == 2
    assert [(s.record, s.reason) for s in report.skipped_records] == [
        (1, "invalid JSON (unexpected end of data)")
    ]


@pytest.mark.parametrize(
    "content",
    [
        "id,text\n1,hello\n2,goodbye\n",
        "not json at all\n",
        "[1, 2, 3]\n[4]\n",
        "\n".join(["garbage"] * 10 + [json.dumps(first_line(FLATTENED))]),
    ],
)
def test_a_file_that_is_not_json_lines_raises_one_line(tmp_path: Path, content: str) -> None:
    path = tmp_path / "tweets.jsonl"
    path.write_text(content)
    with pytest.raises(FormatError) as caught:
        list(IMPORTER.read(open_bundle(path), ReadReport()))
    assert str(caught.value) == f"{path}: not JSON lines; is this a twarc output file?"
    assert caught.value.file == str(path)


def test_a_damaged_gzip_raises_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "tweets.jsonl.gz"
    path.write_bytes(gzip.compress(TIMELINES.read_bytes())[:400])
    with pytest.raises(FormatError, match="damaged or truncated"):
        list(IMPORTER.read(open_bundle(path), ReadReport()))


# --- never another exception -------------------------------------------------------------------


def _read_bytes(data: bytes, name: str = "t.jsonl") -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            bundle = open_bundle(path)
            IMPORTER.detect(bundle)
            list(IMPORTER.read(bundle, ReadReport()))
        except TwowayError:
            pass


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_give_records_or_a_twoway_error(data: bytes) -> None:
    _read_bytes(data)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
LINES = [
    json.loads(line)
    for fixture in (TIMELINES, FLATTENED, STATUSES)
    for line in fixture.read_text().splitlines()
]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:2]):
            found += _paths(item, (*prefix, index))
    return found


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_any_value_in_any_field_gives_records_or_a_twoway_error(data: st.DataObject) -> None:
    line = json.loads(json.dumps(data.draw(st.sampled_from(LINES))))
    path = data.draw(st.sampled_from(_paths(line)[1:]))
    target = line
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = data.draw(JSON)
    _read_bytes(json.dumps(line).encode() + b"\n")


def test_a_count_past_64_bits_is_unknown(tmp_path: Path) -> None:
    """A like count of 2**64 - 1 reached the Parquet writer and the figures: exit 3."""
    line = first_line(FLATTENED)
    line["public_metrics"] = {**line["public_metrics"], "like_count": 2**64 - 1}
    path = write_lines(tmp_path / "tweets.jsonl", line)
    (post,) = posts_of(path).values()
    assert post.likes is None
    assert post.reposts == line["public_metrics"]["retweet_count"]
