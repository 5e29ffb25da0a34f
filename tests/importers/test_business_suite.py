"""The Meta Business Suite Page posts CSV importer."""

from __future__ import annotations

import contextlib
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.errors import FormatError, TwowayError
from twoway.importers import ReadReport, Record, detect, read
from twoway.importers.business_suite import IMPORTER
from twoway.model import Account, Kind, Link, Post, Provenance
from twoway.sources import open_bundle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "business_suite"
MARCH = FIXTURES / "Mar-01-2024_Mar-31-2024_1042337719823311.csv"
BROKEN = FIXTURES / "broken.csv"
HEADER = (
    "Post ID,Page ID,Page name,Title,Description,Publish time,Permalink,Post type,"
    "Reactions,Comments,Shares\n"
)
TIME_ZONE = (
    "{where}: 'Publish time' has no time zone and was read as UTC; the hours of posts may be "
    "off by the exporter's offset from UTC"
)
HINT = (
    "give the Posts CSV from Meta Business Suite (Insights > Content > Export data), "
    "as it was downloaded"
)


def read_all(path: Path) -> tuple[list[Record], ReadReport]:
    report = ReadReport()
    return list(read(path, report)), report


def posts(records: list[Record]) -> dict[str, Post]:
    return {r.id: r for r in records if isinstance(r, Post)}


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2024, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture(scope="module")
def march() -> tuple[list[Record], ReadReport]:
    return read_all(MARCH)


# detection


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (HEADER, True),
        ("\ufeff" + HEADER, True),
        (HEADER.lower(), True),  # names in any case
        ("sep=,\n" + HEADER, True),  # Excel's separator hint
        (HEADER.replace("Page ID,Page name,", ""), False),
        (HEADER.replace("Publish time", "Created"), False),
        # the Instagram posts export of Business Suite: no Page columns
        (
            "Post ID,Account ID,Account username,Account name,Description,Duration (sec),"
            "Publish time,Permalink,Post type,Data comment,Date,Views,Reach,Likes,Shares\n",
            False,
        ),
        # Ads Manager: a Page ID but no posts
        ("Campaign name,Ad ID,Page ID,Reporting starts,Amount spent (USD)\n", False),
        ("Date,ShareLink,ShareCommentary\n", False),
        ("", False),
    ],
)
def test_detect_file(tmp_path: Path, content: str, expected: bool) -> None:
    path = tmp_path / "posts.csv"
    path.write_text(content, encoding="utf-8")
    assert IMPORTER.detect(open_bundle(path)) is expected


def test_utf16_is_not_claimed(tmp_path: Path) -> None:
    # Meta's page-level exports are UTF-16: not this format
    path = tmp_path / "Follows.csv"
    path.write_bytes(HEADER.encode("utf-16"))
    assert IMPORTER.detect(open_bundle(path)) is False


@pytest.mark.parametrize("path", [MARCH, BROKEN])
def test_registry_picks_this_importer(path: Path) -> None:
    importer = detect(open_bundle(path))
    assert importer is not None
    assert importer.name == "business-suite"


def test_folder_is_read_file_by_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an export\n", encoding="utf-8")
    (tmp_path / MARCH.name).write_bytes(MARCH.read_bytes())
    assert not IMPORTER.detect(open_bundle(tmp_path))
    records, report = read_all(tmp_path)
    assert len(posts(records)) == 6
    assert report.inputs == [(str(tmp_path / MARCH.name), "business-suite")]


# the March export


def test_page_account_first(march: tuple[list[Record], ReadReport]) -> None:
    records, _ = march
    assert records[0] == Account(
        platform="facebook",
        id="104233771982331",
        handle="Crumb & Co. Bakery",
        display_name="Crumb & Co. Bakery",
    )
    assert sum(isinstance(r, Account) for r in records) == 1


def test_post_fields(march: tuple[list[Record], ReadReport]) -> None:
    assert posts(march[0])["122112233445566778"] == Post(
        platform="facebook",
        account="Crumb & Co. Bakery",
        account_id="104233771982331",
        id="122112233445566778",
        created_at=at(2, 8, 15),
        text="Fresh cinnamon buns every Saturday from 8am! #Leeds #Bakery",
        kind=Kind.ORIGINAL,
        provenance=Provenance(file=str(MARCH), record=2, importer="business-suite", version="1"),
        url="https://www.facebook.com/crumbandco/posts/pfbid02Xb7cinnamonbunsExample",
        hashtags=("Leeds", "Bakery"),
        likes=87,
        replies=12,
        reposts=3,
    )


@pytest.mark.parametrize(
    ("post_id", "kind", "created_at", "likes", "replies", "reposts"),
    [
        ("122112233445566778", Kind.ORIGINAL, at(2, 8, 15), 87, 12, 3),  # Photos
        ("122112233445566901", Kind.ORIGINAL, at(4, 12, 0), 45, 6, 1),  # Links
        ("122112233445567020", Kind.QUOTE, at(8, 10, 15), 20, 2, 0),  # shared, with words
        ("122112233445567133", Kind.REPOST, at(11, 8, 5), 3, None, 0),  # shared, no words
        ("122112233445567250", Kind.ORIGINAL, at(15, 17, 30), 1031, 64, 120),  # "1,031"
        ("122112233445567371", Kind.ORIGINAL, at(20, 9, 5), 0, 0, 0),  # Videos
    ],
)
def test_kinds_times_and_counts(
    march: tuple[list[Record], ReadReport],
    post_id: str,
    kind: Kind,
    created_at: datetime,
    likes: int | None,
    replies: int | None,
    reposts: int | None,
) -> None:
    post = posts(march[0])[post_id]
    assert (post.kind, post.kind_guessed) == (kind, False)
    assert post.created_at == created_at
    assert post.created_at.tzinfo is UTC
    assert (post.likes, post.replies, post.reposts, post.quotes) == (likes, replies, reposts, None)


@pytest.mark.parametrize(
    ("post_id", "text"),
    [
        # Description longer than Title: the Description, with its line break
        (
            "122112233445566901",
            "Sourdough Mondays are back! Our guide is on the blog: "
            "https://crumbandco.example/blog/sourdough\n"
            "Tell us how your loaf turns out, what flour did you use?",
        ),
        # Title only
        ("122112233445567371", "Oven tour \U0001f525"),
        ("122112233445567133", ""),
    ],
)
def test_text(march: tuple[list[Record], ReadReport], post_id: str, text: str) -> None:
    assert posts(march[0])[post_id].text == text


def test_links_from_text(march: tuple[list[Record], ReadReport]) -> None:
    post = posts(march[0])["122112233445566901"]
    assert post.links == (
        Link(url="https://crumbandco.example/blog/sourdough", domain="crumbandco.example"),
    )
    assert post.provenance.record == 3
    # the row after the two-line one is numbered by the line it starts on
    assert posts(march[0])["122112233445567020"].provenance.record == 5


def test_counts_and_report(march: tuple[list[Record], ReadReport]) -> None:
    records, report = march
    assert [type(r).__name__ for r in records] == ["Account"] + ["Post"] * 6
    assert report.skipped_records == []
    assert report.files_read == [str(MARCH)]
    assert report.warnings == [TIME_ZONE.format(where=MARCH)]


# bad rows


def test_bad_rows_are_skipped_with_their_line() -> None:
    records, report = read_all(BROKEN)
    where = str(BROKEN)
    assert [(s.file, s.record, s.reason) for s in report.skipped_records] == [
        (where, 3, "Publish time 'yesterday' is not a time like '03/05/2024 09:00'"),
        (where, 4, "Post ID '1.22112E+17' was rounded by a spreadsheet"),
        (where, 5, "7 fields where the header has 28 (a comma or line break outside quotes?)"),
        (where, 6, "no Post ID"),
        (where, 8, "Post ID 122112233445568001 again (the first row with it is kept)"),
    ]
    assert str(report.skipped_records[0]) == (
        f"{where} record 3: Publish time 'yesterday' is not a time like '03/05/2024 09:00'; skipped"
    )
    assert list(posts(records)) == ["122112233445568001", "122112233445568006"]
    assert posts(records)["122112233445568006"].likes is None  # "n/a"
    assert posts(records)["122112233445568006"].replies == 22
    assert report.warnings == [
        TIME_ZONE.format(where=where),
        f"{where}: 1 row had a reaction, comment or share count that is not a number; "
        "those counts are left unknown",
        f"{where}: 1 Post ID was rounded by a spreadsheet; export the CSV again and give it to "
        "twoway without opening and saving it in Excel",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("03/05/2024 09:00", datetime(2024, 3, 5, 9, 0, tzinfo=UTC)),
        ("12/31/2023 23:59", datetime(2023, 12, 31, 23, 59, tzinfo=UTC)),
        ("03/05/2024 09:00:30", datetime(2024, 3, 5, 9, 0, 30, tzinfo=UTC)),
        ("2024-03-05 09:00:00", datetime(2024, 3, 5, 9, 0, tzinfo=UTC)),
        ("2024-03-05T09:00:00+0100", datetime(2024, 3, 5, 8, 0, tzinfo=UTC)),
        ("31/12/2023 23:59", None),  # day first: not the English export
        ("Lifetime", None),
    ],
)
def test_publish_time_formats(tmp_path: Path, value: str, expected: datetime | None) -> None:
    path = tmp_path / "posts.csv"
    path.write_text(HEADER + f"1001,2002,Shop,Hi,,{value},,Photos,1,2,3\n", encoding="utf-8")
    records, report = read_all(path)
    found = posts(records)
    if expected is None:
        assert found == {}
        assert report.skipped_record_count == 1
    else:
        assert found["1001"].created_at == expected


@pytest.mark.parametrize(
    ("post_type", "text", "kind"),
    [
        ("Photos", "Hi", Kind.ORIGINAL),
        ("Links", "Read this", Kind.ORIGINAL),
        ("Reels", "", Kind.ORIGINAL),
        ("Shared post", "Look!", Kind.QUOTE),
        ("SharedVideo", "", Kind.REPOST),
        ("", "Plain status", Kind.ORIGINAL),
    ],
)
def test_kind_from_post_type(tmp_path: Path, post_type: str, text: str, kind: Kind) -> None:
    path = tmp_path / "posts.csv"
    path.write_text(
        HEADER + f"1001,2002,Shop,{text},,03/05/2024 09:00,,{post_type},1,2,3\n", encoding="utf-8"
    )
    assert posts(read_all(path)[0])["1001"].kind is kind


def test_quote_of_a_linked_post(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text(
        HEADER
        + "1001,2002,Shop,,Worth a read https://x.com/neighbour/status/1765000000000000000,"
        + "03/05/2024 09:00,,Shared post,1,2,3\n",
        encoding="utf-8",
    )
    assert posts(read_all(path)[0])["1001"].quoted_id == "1765000000000000000"


def test_extra_and_missing_optional_columns(tmp_path: Path) -> None:
    # only the required columns, in another order, plus one twoway does not know
    path = tmp_path / "posts.csv"
    path.write_text(
        "Publish time,Page name,Post ID,Negative feedback from users: Hide\n"
        "03/05/2024 09:00,Shop,1001,0\n",
        encoding="utf-8",
    )
    records, report = read_all(path)
    assert records[0] == Account(platform="facebook", id="Shop", handle="Shop", display_name="Shop")
    post = posts(records)["1001"]
    assert (post.text, post.url, post.likes, post.replies, post.reposts) == (
        "",
        None,
        None,
        None,
        None,
    )
    assert report.skipped_records == []


def test_rounded_page_id_falls_back_to_the_name(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text(
        HEADER + "1001,1.04234E+14,Shop,Hi,,03/05/2024 09:00,,Photos,1,2,3\n", encoding="utf-8"
    )
    post = posts(read_all(path)[0])["1001"]
    assert (post.account, post.account_id) == ("Shop", "Shop")


# archives


def test_zip_of_monthly_exports(tmp_path: Path) -> None:
    archive = tmp_path / "insights.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(MARCH, f"posts/{MARCH.name}")
        zipped.write(BROKEN, "posts/Apr-01-2024_Apr-30-2024_1042337719823311.csv")
        zipped.writestr("README.txt", "exports\n")
    records, report = read_all(archive)
    assert report.inputs == [(str(archive), "business-suite")]
    assert sum(isinstance(r, Account) for r in records) == 1  # one Page across the files
    assert len(posts(records)) == 8
    assert posts(records)["122112233445566778"].provenance.file == f"{archive}:posts/{MARCH.name}"


# broken files


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"Name,Value\n1,2\n",
            "{path} record 1: not a Meta Business Suite posts CSV: the header has no Post ID, "
            "Publish time, Page ID or Page name; " + HINT,
        ),
        (
            b"",
            "{path} record 1: not a Meta Business Suite posts CSV: the header has no Post ID, "
            "Publish time, Page ID or Page name; " + HINT,
        ),
    ],
)
def test_broken_file_raises_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "posts.csv"
    path.write_bytes(content)
    with pytest.raises(FormatError) as caught:
        list(IMPORTER.read(open_bundle(path), ReadReport()))
    assert str(caught.value) == message.format(path=path)


GOOD_ROW = "1003,2002,Shop,Open today,,03/05/2024 10:00,,Photos,1,2,3\n"


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        (
            b"1001,2002,Caf\xe9,Hi,,03/05/2024 09:00,,Photos,1,2,3\n",
            "line 2 is not UTF-8 text; save the file as UTF-8",
        ),
        (
            b"1001,2002,Shop," + b"x" * 140_000 + b",,03/05/2024 09:00,,Photos,1,2,3\n",
            "unreadable CSV (field larger than field limit (131072); a quote left open?)",
        ),
    ],
)
def test_unreadable_row_is_skipped_and_the_rest_read(
    tmp_path: Path, bad_row: bytes, reason: str
) -> None:
    path = tmp_path / "posts.csv"
    path.write_bytes(HEADER.encode() + bad_row + GOOD_ROW.encode())
    records, report = read_all(path)
    assert list(posts(records)) == ["1003"]
    assert [str(s) for s in report.skipped_records] == [f"{path} record 2: {reason}; skipped"]


def test_progress_counts_each_byte_once() -> None:
    seen: list[int] = []
    list(read(MARCH, ReadReport(progress=seen.append)))
    assert sum(seen) == MARCH.stat().st_size


# any bytes in: records or a TwowayError out


def _read_bytes(folder: Path, data: bytes) -> None:
    path = folder / "posts.csv"
    path.write_bytes(data)
    with contextlib.suppress(TwowayError):
        list(IMPORTER.read(open_bundle(path), ReadReport()))


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    _read_bytes(tmp_path_factory.mktemp("bytes"), data)


_cell = st.sampled_from(
    [
        "",
        "1001",
        "1.2E+17",
        "12_34",
        "03/05/2024 09:00",
        "13/45/2024 99:99",
        "2024-03-05T09:00:00+14:00",
        "0001-01-01T00:00:00+01:00",
        "Shared post",
        '"1,204"',
        "1,2,3",
        "-5",
        '"',
        "&amp;",
    ]
) | st.text(max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.lists(_cell, min_size=1, max_size=12), max_size=6), tail=st.binary(max_size=40)
)
def test_any_rows(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], tail: bytes
) -> None:
    text = HEADER + "".join(",".join(row) + "\n" for row in rows)
    _read_bytes(tmp_path_factory.mktemp("rows"), text.encode("utf-8", "surrogatepass") + tail)


def test_a_count_past_64_bits_is_unknown(tmp_path: Path) -> None:
    """99999999999999999999 reactions reached the Parquet writer and the figures: exit 3."""
    path = tmp_path / "posts.csv"
    path.write_text(
        HEADER + "1001,2002,Shop,Hi,,03/05/2024 09:00,,Photos,99999999999999999999,2,3\n"
    )
    records, report = read_all(path)
    (post,) = posts(records).values()
    assert (post.likes, post.replies, post.reposts) == (None, 2, 3)
    assert report.warnings[-1] == (
        f"{path}: 1 row had a reaction, comment or share count that is not a number; "
        "those counts are left unknown"
    )
