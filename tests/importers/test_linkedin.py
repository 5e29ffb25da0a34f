"""The LinkedIn export importer: Shares.csv, InstantReposts.csv, Comments.csv, Reactions.csv and
Profile.csv, as a folder, a zip, or one file."""

from __future__ import annotations

import contextlib
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.errors import FormatError, TwowayError
from twoway.importers import ReadReport, Record, detect, read
from twoway.importers.linkedin import IMPORTER, activity_time, post_urn
from twoway.model import Account, Kind, Link, Post, Provenance
from twoway.sources import open_bundle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "linkedin"
SHARES = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
COMMENTS = "Date,Link,Message\n"
FEED = "https://www.linkedin.com/feed/update/"


def read_all(path: Path) -> tuple[list[Record], ReadReport]:
    report = ReadReport()
    return list(read(path, report)), report


def posts(records: list[Record]) -> dict[str, Post]:
    return {r.id: r for r in records if isinstance(r, Post)}


def at(day: int, hour: int, minute: int, second: int = 0, ms: int = 0) -> datetime:
    return datetime(2024, 3, day, hour, minute, second, ms * 1000, tzinfo=UTC)


@pytest.fixture(scope="module")
def export() -> tuple[list[Record], ReadReport]:
    return read_all(FIXTURES)


# detection


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("Shares.csv", SHARES, True),
        ("Shares_48213377.csv", "\ufeff" + SHARES, True),
        ("posts.csv", "Date,ShareLink,ShareCommentary\n", True),  # the header decides
        ("Comments.csv", COMMENTS, True),
        ("InstantReposts.csv", "Date,Link\n", True),
        ("Reactions.csv", "Date,Type,Link\n", False),  # reactions alone hold no posts
        ("Profile.csv", "First Name,Last Name,Headline\n", False),
        ("twcs.csv", "tweet_id,author_id,inbound,created_at,text\n", False),
        ("Shares.csv", "", False),
    ],
)
def test_detect_file(tmp_path: Path, name: str, content: str, expected: bool) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert IMPORTER.detect(open_bundle(path)) is expected


def test_registry_picks_this_importer() -> None:
    for path in (FIXTURES, FIXTURES / "Shares.csv", FIXTURES / "Comments.csv"):
        importer = detect(open_bundle(path))
        assert importer is not None
        assert importer.name == "linkedin"


def test_folder_of_exports_is_read_export_by_export(tmp_path: Path) -> None:
    # a folder holding an unpacked export one level down is not claimed as a whole
    shutil.copytree(FIXTURES, tmp_path / "Basic_LinkedInDataExport_03-14-2024")
    (tmp_path / "notes.txt").write_text("my exports\n", encoding="utf-8")
    assert not IMPORTER.detect(open_bundle(tmp_path))
    records, report = read_all(tmp_path)
    assert report.inputs == [(str(tmp_path / "Basic_LinkedInDataExport_03-14-2024"), "linkedin")]
    assert len(posts(records)) == 11


# the owner


def test_owner_from_profile(export: tuple[list[Record], ReadReport]) -> None:
    records, _ = export
    assert records[0] == Account(
        platform="linkedin", id="Ada Okafor", handle="Ada Okafor", display_name="Ada Okafor"
    )
    assert sum(isinstance(r, Account) for r in records) == 1


def test_owner_from_public_profile_url_and_member_id(tmp_path: Path) -> None:
    archive = tmp_path / "Complete_LinkedInDataExport_03-14-2024.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(
            "Profile.csv",
            "First Name,Last Name,Headline,Public Profile URL\n"
            "Ada,Okafor,Baker,https://www.linkedin.com/in/ada-okafor-bakes/\n",
        )
        zipped.writestr(
            "Shares_48213377.csv",
            SHARES
            + f"2024-03-05 09:00:00,{FEED}urn%3Ali%3Ashare%3A7170704593806087815,Hi,,,PUBLIC\n",
        )
    records, _ = read_all(archive)
    assert records[0] == Account(
        platform="linkedin", id="48213377", handle="ada-okafor-bakes", display_name="Ada Okafor"
    )
    post = posts(records)["urn:li:share:7170704593806087815"]
    assert (post.account, post.account_id) == ("ada-okafor-bakes", "48213377")


def test_no_profile_warns(tmp_path: Path) -> None:
    (tmp_path / "Shares.csv").write_text(
        SHARES + f"2024-03-05 09:00:00,{FEED}urn:li:share:7170704593806087815,Hi,,,PUBLIC\n",
        encoding="utf-8",
    )
    records, report = read_all(tmp_path)
    assert records[0] == Account(platform="linkedin", id="", handle="", display_name=None)
    assert report.warnings == [
        f"{tmp_path}: no Profile.csv, so the owner's name is unknown; "
        "include it when you request the export"
    ]


# shares: kinds, text, links, times


@pytest.mark.parametrize(
    ("post_id", "kind", "guessed", "quoted_id", "reposted_id", "media_count"),
    [
        ("urn:li:share:7170704593806087815", Kind.ORIGINAL, False, None, None, 1),
        ("urn:li:ugcPost:7171512415243309505", Kind.ORIGINAL, False, None, None, 0),
        (
            "urn:li:share:7171810633300974529",
            Kind.QUOTE,
            False,
            "urn:li:activity:7169394124996342423",
            None,
            0,
        ),
        # empty commentary: a bare repost of the post in SharedUrl
        (
            "urn:li:share:7172865078571515357",
            Kind.REPOST,
            True,
            None,
            "urn:li:activity:7168500066943088233",
            0,
        ),
        # empty commentary with a photo: a post without words
        ("urn:li:ugcPost:7173358330314807443", Kind.ORIGINAL, True, None, None, 1),
        ("urn:li:share:7172199445380843200", Kind.ORIGINAL, False, None, None, 0),
    ],
)
def test_share_kinds(
    export: tuple[list[Record], ReadReport],
    post_id: str,
    kind: Kind,
    guessed: bool,
    quoted_id: str | None,
    reposted_id: str | None,
    media_count: int,
) -> None:
    post = posts(export[0])[post_id]
    assert (post.kind, post.kind_guessed) == (kind, guessed)
    assert (post.quoted_id, post.reposted_id, post.media_count) == (
        quoted_id,
        reposted_id,
        media_count,
    )


def test_share_fields(export: tuple[list[Record], ReadReport]) -> None:
    assert posts(export[0])["urn:li:share:7170704593806087815"] == Post(
        platform="linkedin",
        account="Ada Okafor",
        account_id="Ada Okafor",
        id="urn:li:share:7170704593806087815",
        created_at=at(5, 9, 0),
        text=(
            "We open the new bakery on Saturday!\n\n"
            "Come by for a free coffee, and bring a friend. #SmallBusiness #Leeds"
        ),
        kind=Kind.ORIGINAL,
        provenance=Provenance(
            file=str(FIXTURES / "Shares.csv"), record=2, importer="linkedin", version="1"
        ),
        url=f"{FEED}urn%3Ali%3Ashare%3A7170704593806087815",
        hashtags=("SmallBusiness", "Leeds"),
        media_count=1,
        visibility="member_network",
    )


def test_share_text_link_and_doubled_quotes(export: tuple[list[Record], ReadReport]) -> None:
    post = posts(export[0])["urn:li:ugcPost:7171512415243309505"]
    assert post.text == (
        'Our recipe for "sourdough Mondays" is up: https://crumbandco.example/blog/sourdough'
    )
    assert post.links == (
        Link(url="https://crumbandco.example/blog/sourdough", domain="crumbandco.example"),
    )
    assert post.provenance.record == 5  # the line it starts on, after a three-line row
    assert post.visibility == "public"


def test_quote_links_the_quoted_post(export: tuple[list[Record], ReadReport]) -> None:
    post = posts(export[0])["urn:li:share:7171810633300974529"]
    assert post.links == (
        Link(
            url="https://www.linkedin.com/posts/market-hall-coop_community-activity-7169394124996342423-Xy3Q",
            domain="linkedin.com",
            post_id="urn:li:activity:7169394124996342423",
        ),
    )


def test_blank_date_is_read_from_the_id(export: tuple[list[Record], ReadReport]) -> None:
    post = posts(export[0])["urn:li:share:7172199445380843200"]
    assert post.created_at == at(9, 12, 0, 0, 800)


def test_instant_repost(export: tuple[list[Record], ReadReport]) -> None:
    reposts = [
        p for p in posts(export[0]).values() if p.provenance.file.endswith("InstantReposts.csv")
    ]
    assert len(reposts) == 1
    post = reposts[0]
    assert (post.kind, post.kind_guessed, post.text) == (Kind.REPOST, False, "")
    assert post.reposted_id == "urn:li:activity:7173664096754073609"
    assert post.created_at == at(13, 13, 5)
    assert post.id.startswith("twoway:repost:")


# comments: replies and threads


def comments(records: list[Record]) -> list[Post]:
    return [p for p in posts(records).values() if p.provenance.file.endswith("Comments.csv")]


@pytest.mark.parametrize(
    ("record", "kind", "reply_to_id", "reply_to_time", "created_at"),
    [
        # on someone else's post: the parent's time is decoded from its id
        (
            2,
            Kind.REPLY,
            "urn:li:activity:7169394124996342423",
            at(1, 18, 12, 40, 300),
            at(6, 11, 11, 11),
        ),
        # on the account's own post, named by the same URN
        (
            4,
            Kind.THREAD,
            "urn:li:ugcPost:7171512415243309505",
            at(7, 14, 30, 0, 51),
            at(7, 15, 2, 10),
        ),
        # on the account's own post, named by its activity (minted with the share)
        (
            5,
            Kind.THREAD,
            "urn:li:activity:7171810629999657037",
            at(8, 10, 14, 59, 990),
            at(8, 10, 20),
        ),
        # blank Date: the time from the comment's own id in the link
        (
            6,
            Kind.REPLY,
            "urn:li:activity:7171099993778946047",
            at(6, 11, 11, 11, 111),
            at(10, 9, 20, 0, 20),
        ),
    ],
)
def test_comment_kinds_and_times(
    export: tuple[list[Record], ReadReport],
    record: int,
    kind: Kind,
    reply_to_id: str,
    reply_to_time: datetime,
    created_at: datetime,
) -> None:
    post = next(p for p in comments(export[0]) if p.provenance.record == record)
    assert (post.kind, post.kind_guessed) == (kind, False)
    assert (post.reply_to_id, post.conversation_id) == (reply_to_id, reply_to_id)
    assert (post.reply_to_time, post.created_at) == (reply_to_time, created_at)
    own = kind is Kind.THREAD
    assert post.reply_to_account == ("Ada Okafor" if own else None)
    assert post.reply_to_account_id == ("Ada Okafor" if own else None)


def test_comment_text_with_backslash_quotes(export: tuple[list[Record], ReadReport]) -> None:
    by_record = {p.provenance.record: p for p in comments(export[0])}
    assert by_record[2].text == (
        'Congratulations! The "Friday loaf" was the best thing at the fair,\nsee you next week.'
    )
    assert by_record[6].text == 'Happy to help, send me a message "any time".'


def test_comment_ids(export: tuple[list[Record], ReadReport]) -> None:
    by_record = {p.provenance.record: p for p in comments(export[0])}
    assert by_record[6].id == "urn:li:comment:(activity:7171099993778946047,7172521564653486095)"
    assert by_record[6].url == (
        f"{FEED}urn%3Ali%3Aactivity%3A7171099993778946047?commentUrn="
        "urn%3Ali%3Acomment%3A%28activity%3A7171099993778946047%2C7172521564653486095%29"
    )
    assert by_record[2].id.startswith("twoway:comment:")
    assert by_record[2].url is None
    # the hash is stable: the same export gives the same ids
    again = {p.provenance.record: p.id for p in comments(read_all(FIXTURES)[0])}
    assert again[2] == by_record[2].id


def test_comment_links(export: tuple[list[Record], ReadReport]) -> None:
    by_record = {p.provenance.record: p for p in comments(export[0])}
    assert by_record[5].links == (
        Link(url="https://markethall.example/spring", domain="markethall.example"),
    )


# counts, reactions, what was read


def test_counts(export: tuple[list[Record], ReadReport]) -> None:
    records, report = export
    kinds = [p.kind for p in posts(records).values()]
    assert len(kinds) == 11
    assert {kind: kinds.count(kind) for kind in Kind} == {
        Kind.ORIGINAL: 4,
        Kind.QUOTE: 1,
        Kind.REPOST: 2,
        Kind.REPLY: 2,
        Kind.THREAD: 2,
    }
    assert [(type(r).__name__, r.provenance.file.rsplit("/", 1)[-1]) for r in records[1:]] == [
        ("Post", "Shares.csv")
    ] * 6 + [("Post", "InstantReposts.csv")] + [("Post", "Comments.csv")] * 4
    assert report.files_read == [
        str(FIXTURES / name)
        for name in (
            "Profile.csv",
            "Shares.csv",
            "InstantReposts.csv",
            "Comments.csv",
            "Reactions.csv",
        )
    ]


def test_reactions_are_counted_not_posted(export: tuple[list[Record], ReadReport]) -> None:
    records, report = export
    assert report.warnings == [
        f"{FIXTURES / 'Reactions.csv'}: reactions are not posts: the 3 the account gave "
        "were not imported"
    ]
    assert not any(p.provenance.file.endswith("Reactions.csv") for p in posts(records).values())


def test_blank_date_without_id_is_skipped(export: tuple[list[Record], ReadReport]) -> None:
    _, report = export
    assert [(s.file, s.record, s.reason) for s in report.skipped_records] == [
        (str(FIXTURES / "Comments.csv"), 7, "no Date, and no id in its link to read the time from")
    ]


# zip archives, as LinkedIn mails them


def test_zip_with_top_folder(tmp_path: Path) -> None:
    archive = tmp_path / "Basic_LinkedInDataExport_03-14-2024.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(FIXTURES.iterdir()):
            zipped.write(path, f"Basic_LinkedInDataExport_03-14-2024/{path.name}")
    records, report = read_all(archive)
    assert [getattr(r, "id", None) for r in records] == [
        getattr(r, "id", None) for r in read_all(FIXTURES)[0]
    ]
    first = posts(records)["urn:li:share:7170704593806087815"]
    assert first.provenance.file == f"{archive}:Basic_LinkedInDataExport_03-14-2024/Shares.csv"
    assert report.inputs == [(str(archive), "linkedin")]


# bad rows and broken files


def test_bad_rows_are_skipped_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "Shares.csv"
    path.write_text(
        SHARES
        + f"2024-03-05 09:00:00,{FEED}urn:li:share:7170704593806087815,Fine,,,PUBLIC\n"
        + f"last Tuesday,{FEED}urn:li:share:7171810633300974529,Bad date,,,PUBLIC\n"
        + f"2024-03-07 14:30:00,{FEED}urn:li:share:7171512415243309505,Too few\n"
        + f"2024-03-05 09:00:00,{FEED}urn:li:share:7170704593806087815,Fine,,,PUBLIC\n"
        + f",{FEED}urn:li:share:1,No date and an id without a time,,,PUBLIC\n"
        + f"2024-03-12 16:45:00,{FEED}urn:li:ugcPost:7173358330314807443,Also fine,,,PUBLIC\n",
        encoding="utf-8",
    )
    records, report = read_all(path)
    assert [(s.record, s.reason) for s in report.skipped_records] == [
        (3, "Date 'last Tuesday' is not a time like '2024-03-05 09:00:00'"),
        (4, "3 fields where the header has 6"),
        (5, "urn:li:share:7170704593806087815 again (the first row with it is kept)"),
        (6, "no Date, and no id in its link to read the time from"),
    ]
    assert list(posts(records)) == [
        "urn:li:share:7170704593806087815",
        "urn:li:ugcPost:7173358330314807443",
    ]
    assert str(report.skipped_records[0]) == (
        f"{path} record 3: Date 'last Tuesday' is not a time like '2024-03-05 09:00:00'; skipped"
    )


def test_share_without_urn_gets_a_stable_hash(tmp_path: Path) -> None:
    path = tmp_path / "Shares.csv"
    path.write_text(SHARES + "2024-03-05 09:00:00,,Hello,,,\n", encoding="utf-8")
    first = list(posts(read_all(path)[0]))
    assert first == list(posts(read_all(path)[0]))
    assert first[0].startswith("twoway:share:")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "Shares.csv",
            b"Name,Value\n1,2\n",
            "{path} record 1: not a LinkedIn Shares.csv, InstantReposts.csv or Comments.csv "
            "(no Date, ShareLink, ShareCommentary or Date, Link, Message header); give the zip "
            "LinkedIn sends after Settings > Data privacy > Get a copy of your data, "
            "or the folder it unpacks to",
        ),
    ],
)
def test_broken_file_raises_one_line(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FormatError) as caught:
        list(IMPORTER.read(open_bundle(path), ReadReport()))
    assert str(caught.value) == message.format(path=path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        (
            b"2024-03-05 09:00:00,x,caf\xe9,,,\n",
            "line 2 is not UTF-8 text; save the file as UTF-8",
        ),
        (
            b'2024-03-05 09:00:00,x,"never closed\n' + b"x" * 140_000 + b"\n",
            "unreadable CSV (field larger than field limit (131072); a quote left open?)",
        ),
    ],
)
def test_unreadable_row_is_skipped_and_the_rest_read(
    tmp_path: Path, bad_row: bytes, reason: str
) -> None:
    path = tmp_path / "Shares.csv"
    good = (
        b"2024-03-06 10:00:00,https://www.linkedin.com/feed/update/urn:li:share:1,Open today,,,\n"
    )
    path.write_bytes(SHARES.encode() + bad_row + good)
    records, report = read_all(path)
    assert [p.text for p in posts(records).values()] == ["Open today"]
    assert [str(s) for s in report.skipped_records] == [f"{path} record 2: {reason}; skipped"]


def test_broken_shares_in_an_export_names_the_file(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "export")
    (tmp_path / "export" / "Comments.csv").write_text("Date,Url,Text\n", encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        read_all(tmp_path / "export")
    assert str(caught.value).startswith(
        f"{tmp_path / 'export' / 'Comments.csv'} record 1: not a LinkedIn Comments.csv: "
        "the header has no Link, Message;"
    )


# URNs and their times


@pytest.mark.parametrize(
    ("url", "urn"),
    [
        (f"{FEED}urn%3Ali%3Aactivity%3A7170704593806087815", "urn:li:activity:7170704593806087815"),
        (f"{FEED}urn:li:ugcPost:7171512415243309505/", "urn:li:ugcPost:7171512415243309505"),
        (
            "https://www.linkedin.com/posts/ada-okafor_bread-activity-7169394124996342423-Xy3Q?utm_source=share",
            "urn:li:activity:7169394124996342423",
        ),
        ("https://crumbandco.example/blog/activity-7169394124996342423-x", None),
        ("https://example.com/return-activity-7169394124996342423-x", None),
        ("https://www.linkedin.com/in/ada-okafor/", None),
    ],
)
def test_post_urn(url: str, urn: str | None) -> None:
    assert post_urn(url) == urn


@pytest.mark.parametrize(
    ("number", "moment"),
    [
        # LinkedIn's own example: a comment made at 1506560133675 ms (Compliance Events API docs)
        (6318971194909560123, datetime(2017, 9, 28, 0, 55, 33, 674000, tzinfo=UTC)),
        ("7170704593806087815", at(5, 9, 0, 0, 412)),
        (12345, None),  # too small to hold a time
        ("abc", None),
        (None, None),
        (1 << 64, None),
    ],
)
def test_activity_time(number: int | str | None, moment: datetime | None) -> None:
    assert activity_time(number) == moment


# any bytes in: records or a TwowayError out


def _read_bytes(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.write_bytes(data)
    with contextlib.suppress(TwowayError):
        list(IMPORTER.read(open_bundle(path), ReadReport()))


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400), name=st.sampled_from(["Shares.csv", "Comments.csv"]))
def test_any_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes, name: str) -> None:
    _read_bytes(tmp_path_factory.mktemp("bytes"), name, data)


_cell = st.sampled_from(
    [
        "",
        "2024-03-05 09:00:00",
        "2024-13-45 99:00:00",
        f"{FEED}urn:li:share:7170704593806087815",
        f"{FEED}urn%3Ali%3Aactivity%3A99999999999999999999999",
        f"{FEED}urn:li:activity:1?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A1%2C7172521564653486095%29",
        "https://www.linkedin.com/posts/x_y-activity-7169394124996342423-Ab",
        '"',
        '\\"',
        "PUBLIC",
    ]
) | st.text(max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    header=st.sampled_from([SHARES, COMMENTS, "Date,Link\n"]),
    rows=st.lists(st.lists(_cell, min_size=1, max_size=7), max_size=6),
    tail=st.binary(max_size=40),
)
def test_any_rows(
    tmp_path_factory: pytest.TempPathFactory, header: str, rows: list[list[str]], tail: bytes
) -> None:
    text = header + "".join(",".join(row) + "\n" for row in rows)
    name = {SHARES: "Shares.csv", COMMENTS: "Comments.csv"}.get(header, "InstantReposts.csv")
    _read_bytes(tmp_path_factory.mktemp("rows"), name, text.encode("utf-8", "surrogatepass") + tail)


@settings(max_examples=60, deadline=None)
@given(
    shares=st.lists(st.lists(_cell, min_size=6, max_size=6), max_size=4),
    comments=st.lists(st.lists(_cell, min_size=3, max_size=3), max_size=4),
    profile=st.binary(max_size=80),
)
def test_any_export(
    tmp_path_factory: pytest.TempPathFactory,
    shares: list[list[str]],
    comments: list[list[str]],
    profile: bytes,
) -> None:
    folder = tmp_path_factory.mktemp("export")
    (folder / "Shares.csv").write_text(
        SHARES + "".join(",".join(row) + "\n" for row in shares),
        encoding="utf-8",
        errors="surrogatepass",
    )
    (folder / "Comments.csv").write_text(
        COMMENTS + "".join(",".join(row) + "\n" for row in comments),
        encoding="utf-8",
        errors="surrogatepass",
    )
    (folder / "Profile.csv").write_bytes(profile)
    with contextlib.suppress(TwowayError):
        list(IMPORTER.read(open_bundle(folder), ReadReport()))
