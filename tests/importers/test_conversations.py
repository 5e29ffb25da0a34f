"""The customer-conversation CSV importer ("Customer Support on Twitter", twcs.csv)."""

from __future__ import annotations

import contextlib
import csv
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.errors import FormatError, TwowayError
from twoway.importers import ReadReport, Record, detect, read
from twoway.importers.conversations import IMPORTER
from twoway.model import Account, Interaction, Kind, Link, Post, Provenance
from twoway.sources import open_bundle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "conversations"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"


def read_all(path: Path) -> tuple[list[Record], ReadReport]:
    report = ReadReport()
    return list(read(path, report)), report


def at(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2017, 11, day, hour, minute, second, tzinfo=UTC)


@pytest.fixture(scope="module")
def main_records() -> list[Record]:
    return read_all(FIXTURES / "twcs.csv")[0]


def posts(records: list[Record]) -> dict[str, Post]:
    return {r.id: r for r in records if isinstance(r, Post)}


def interactions(records: list[Record]) -> dict[tuple[str, str], Interaction]:
    return {(r.id, r.account): r for r in records if isinstance(r, Interaction)}


# detection


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("twcs.csv", HEADER, True),
        ("twcs.csv", "," + HEADER, True),  # the index column pandas adds
        ("twcs.csv", "\ufeff" + HEADER, True),
        ("twcs.csv", "Unnamed: 0," + HEADER, True),
        ("export.txt", HEADER, True),  # the header decides, not the name
        ("twcs.csv", HEADER.replace(",in_response_to_tweet_id", ""), False),
        ("tweets.csv", "tweet_id,in_reply_to_status_id,timestamp,source,text\n", False),
        ("twcs.csv", "", False),
        ("data.json", '{"tweet_id": 1}\n', False),
    ],
)
def test_detect_file(tmp_path: Path, name: str, content: str, expected: bool) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert IMPORTER.detect(open_bundle(path)) is expected


@pytest.mark.parametrize("name", ["twcs.csv", "twcs-indexed.csv", "broken.csv"])
def test_registry_picks_this_importer(name: str) -> None:
    importer = detect(open_bundle(FIXTURES / name))
    assert importer is not None
    assert importer.name == "conversations"


def test_folder_is_read_file_by_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an export\n", encoding="utf-8")
    (tmp_path / "twcs.csv").write_bytes((FIXTURES / "twcs-indexed.csv").read_bytes())
    assert not IMPORTER.detect(open_bundle(tmp_path))
    records, report = read_all(tmp_path)
    assert [type(r).__name__ for r in records] == ["Account", "Interaction", "Post", "Interaction"]
    assert report.inputs == [(str(tmp_path / "twcs.csv"), "conversations")]


# the main fixture: three brands and their customers


def test_records_in_order(main_records: list[Record]) -> None:
    assert [(type(r).__name__, r.id, getattr(r, "account", r.id)) for r in main_records] == [
        ("Account", "NimbusMobileHelp", "NimbusMobileHelp"),
        ("Account", "OakridgeRail", "OakridgeRail"),
        ("Account", "PennyPostCares", "PennyPostCares"),
        ("Interaction", "10", "NimbusMobileHelp"),
        ("Post", "11", "NimbusMobileHelp"),
        ("Interaction", "12", "NimbusMobileHelp"),
        ("Post", "13", "NimbusMobileHelp"),
        ("Post", "14", "NimbusMobileHelp"),
        ("Post", "15", "NimbusMobileHelp"),
        ("Interaction", "20", "OakridgeRail"),
        ("Interaction", "20", "PennyPostCares"),
        ("Post", "21", "OakridgeRail"),
        ("Interaction", "30", "PennyPostCares"),
        ("Post", "40", "PennyPostCares"),
        ("Interaction", "41", "PennyPostCares"),
        ("Post", "50", "OakridgeRail"),
    ]


def test_accounts(main_records: list[Record]) -> None:
    accounts = [r for r in main_records if isinstance(r, Account)]
    assert accounts[0] == Account(platform="x", id="NimbusMobileHelp", handle="NimbusMobileHelp")
    assert {a.platform for a in accounts} == {"x"}


@pytest.mark.parametrize(
    ("post_id", "kind", "reply_to_id", "reply_to_account", "reply_to_time"),
    [
        ("11", Kind.REPLY, "10", "500101", at(6, 9, 0)),  # parent id written as 10.0
        ("13", Kind.REPLY, "12", "500101", at(6, 9, 7, 30)),
        ("14", Kind.THREAD, "13", "NimbusMobileHelp", at(6, 9, 10)),  # the brand's own tweet
        ("15", Kind.REPLY, "12", "500101", at(6, 9, 7, 30)),
        ("21", Kind.REPLY, "20", "500202", at(6, 17, 30)),
        ("40", Kind.ORIGINAL, None, None, None),
        ("50", Kind.REPLY, "49", None, None),  # the parent is not in the file
    ],
)
def test_post_kind_and_reply(
    main_records: list[Record],
    post_id: str,
    kind: Kind,
    reply_to_id: str | None,
    reply_to_account: str | None,
    reply_to_time: datetime | None,
) -> None:
    post = posts(main_records)[post_id]
    assert post.kind is kind
    assert post.kind_guessed is False
    assert post.reply_to_id == reply_to_id
    assert post.reply_to_account == reply_to_account
    assert post.reply_to_account_id == reply_to_account
    assert post.reply_to_time == reply_to_time


def test_post_fields(main_records: list[Record]) -> None:
    post = posts(main_records)["15"]
    assert post == Post(
        platform="x",
        account="NimbusMobileHelp",
        account_id="NimbusMobileHelp",
        id="15",
        created_at=at(6, 9, 12),
        text="@500101 Meanwhile Wi-Fi calling works: https://t.co/AbCdEf1234 ^JL",
        kind=Kind.REPLY,
        provenance=Provenance(
            file=str(FIXTURES / "twcs.csv"), record=7, importer="conversations", version="1"
        ),
        reply_to_id="12",
        reply_to_account_id="500101",
        reply_to_account="500101",
        reply_to_time=at(6, 9, 7, 30),
        mentions=("500101",),
        links=(Link(url="https://t.co/AbCdEf1234", domain="t.co"),),
    )
    assert post.url is None  # the ids are anonymised: no address on x.com
    assert post.created_at.tzinfo is UTC


@pytest.mark.parametrize(
    ("post_id", "mentions", "hashtags", "links"),
    [
        ("11", ("500101",), (), ()),
        ("21", ("500202", "PennyPostCares"), (), ()),
        ("40", (), ("Christmas",), ("https://t.co/XyZ987AbCd",)),
    ],
)
def test_post_entities(
    main_records: list[Record],
    post_id: str,
    mentions: tuple[str, ...],
    hashtags: tuple[str, ...],
    links: tuple[str, ...],
) -> None:
    post = posts(main_records)[post_id]
    assert post.mentions == mentions
    assert post.hashtags == hashtags
    assert tuple(link.url for link in post.links) == links


@pytest.mark.parametrize(
    ("text", "kind", "reposted_account", "quoted_id"),
    [
        ("RT @SisterBrand: new lines open today", Kind.REPOST, "SisterBrand", None),
        (
            "Worth a read https://twitter.com/SisterBrand/status/9876543",
            Kind.QUOTE,
            None,
            "9876543",
        ),
        ("Open 9 to 5 today", Kind.ORIGINAL, None, None),
    ],
)
def test_repost_and_quote(
    tmp_path: Path, text: str, kind: Kind, reposted_account: str | None, quoted_id: str | None
) -> None:
    path = tmp_path / "twcs.csv"
    path.write_text(
        HEADER + f"1,BrandHelp,False,Mon Nov 06 09:00:00 +0000 2017,{text},,\n", encoding="utf-8"
    )
    post = posts(read_all(path)[0])["1"]
    assert (post.kind, post.reposted_account, post.quoted_id) == (kind, reposted_account, quoted_id)


def test_post_text_keeps_quoted_line_break(main_records: list[Record]) -> None:
    post = posts(main_records)["50"]
    assert post.text == "@500505 We've passed this to the station team.\nThey'll be in touch."
    assert post.provenance.record == 13  # the line the row starts on


@pytest.mark.parametrize(
    ("key", "type_", "in_reply_to", "answered_by"),
    [
        (("10", "NimbusMobileHelp"), "mention", None, ("11",)),
        (("12", "NimbusMobileHelp"), "reply", "11", ("13", "15")),  # not 14: a thread post
        (("20", "OakridgeRail"), "mention", None, ("21",)),
        (("20", "PennyPostCares"), "mention", None, ()),  # named, never answered
        (("30", "PennyPostCares"), "mention", None, ()),  # @pennypostcares, lower case
        (("41", "PennyPostCares"), "reply", "40", ()),
    ],
)
def test_interactions(
    main_records: list[Record],
    key: tuple[str, str],
    type_: str,
    in_reply_to: str | None,
    answered_by: tuple[str, ...],
) -> None:
    interaction = interactions(main_records)[key]
    assert interaction.type == type_
    assert interaction.in_reply_to == in_reply_to
    assert interaction.answered_by == answered_by


def test_interaction_fields(main_records: list[Record]) -> None:
    assert interactions(main_records)[("10", "NimbusMobileHelp")] == Interaction(
        platform="x",
        account="NimbusMobileHelp",
        id="10",
        author="500101",
        author_id="500101",
        created_at=at(6, 9, 0),
        text="@NimbusMobileHelp my phone has had no signal since Friday & I work from home",
        type="mention",
        provenance=Provenance(
            file=str(FIXTURES / "twcs.csv"), record=2, importer="conversations", version="1"
        ),
        answered_by=("11",),
    )
    assert interactions(main_records)[("41", "PennyPostCares")].text == (
        "@PennyPostCares is the 18th still ok for Spain? <3"
    )


def test_customer_tweet_to_customer_is_no_interaction(main_records: list[Record]) -> None:
    # 60 replies to a customer, names no brand, and no brand answered it
    assert [key for key in interactions(main_records) if key[0] == "60"] == []
    assert "60" not in posts(main_records)


def test_counts(main_records: list[Record]) -> None:
    assert sum(isinstance(r, Account) for r in main_records) == 3
    assert sum(isinstance(r, Post) for r in main_records) == 7
    assert sum(isinstance(r, Interaction) for r in main_records) == 6


def test_clean_file_reports_nothing() -> None:
    _, report = read_all(FIXTURES / "twcs.csv")
    assert report.skipped_records == []
    assert report.files_read == [str(FIXTURES / "twcs.csv")]


# the pandas layout, with a leading index column


def test_index_column_variant() -> None:
    records, report = read_all(FIXTURES / "twcs-indexed.csv")
    assert report.skipped_records == []
    assert records[0] == Account(platform="x", id="KettleCoSupport", handle="KettleCoSupport")
    post = posts(records)["2"]
    assert (post.kind, post.reply_to_id, post.reply_to_account) == (Kind.REPLY, "1", "700001")
    assert post.reply_to_time == at(8, 12, 0)
    assert post.text.startswith("@700001 That's not")
    found = interactions(records)
    assert (found[("1", "KettleCoSupport")].type, found[("1", "KettleCoSupport")].answered_by) == (
        "mention",
        ("2",),
    )
    assert (found[("3", "KettleCoSupport")].type, found[("3", "KettleCoSupport")].in_reply_to) == (
        "reply",
        "2",
    )


def test_index_column_gives_the_same_records(tmp_path: Path) -> None:
    lines = (FIXTURES / "twcs.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    # the row with a quoted line break spans two lines: its second line gets no index
    indexed = ["," + lines[0]]
    number = 0
    for line in lines[1:]:
        if line[0].isdigit():
            indexed.append(f"{number},{line}")
            number += 1
        else:
            indexed.append(line)
    path = tmp_path / "twcs.csv"
    path.write_text("".join(indexed), encoding="utf-8")
    expected, _ = read_all(FIXTURES / "twcs.csv")
    got, _ = read_all(path)

    def strip(records: list[Record]) -> list[object]:
        return [
            (r.id, getattr(r, "account", ""), getattr(r, "text", ""), getattr(r, "kind", ""))
            for r in records
        ]

    assert strip(got) == strip(expected)


# bad records and broken files


def test_bad_records_are_skipped_and_reported() -> None:
    records, report = read_all(FIXTURES / "broken.csv")
    where = str(FIXTURES / "broken.csv")
    assert [(s.file, s.record, s.reason) for s in report.skipped_records] == [
        (where, 4, "row broken by a line break outside quotes (lines 4-5; 5 of 7 fields)"),
        (where, 6, "tweet_id '5.5' is not a whole number"),
        (where, 7, "in_response_to_tweet_id '1e3' is not a whole number"),
        (where, 8, "created_at 'yesterday' is not a time like 'Tue Oct 31 22:10:47 +0000 2017'"),
        (where, 9, "inbound 'maybe' is not True or False"),
        (where, 10, "8 fields where the header has 7 (a comma outside quotes?)"),
        (where, 12, "empty author_id"),
        (where, 13, "response_tweet_id 'x' is not a whole number"),
        (where, 11, "tweet_id 3 again (the first row with it is kept)"),
    ]
    assert report.skipped_record_count == 9
    assert str(report.skipped_records[0]) == (
        f"{where} record 4: row broken by a line break outside quotes "
        "(lines 4-5; 5 of 7 fields); skipped"
    )
    # reading goes on: the rows around the bad ones are read
    assert [(type(r).__name__, r.id) for r in records] == [
        ("Account", "AcmeHelp"),
        ("Interaction", "2"),
        ("Post", "3"),
        ("Post", "12"),
    ]
    assert posts(records)["3"].text == "@600001 Sorry! DM us the order number"
    assert posts(records)["12"].reply_to_account is None  # its parent's row was skipped


def test_large_ids(tmp_path: Path) -> None:
    # ids far larger than the row count (a copy with real tweet ids) are looked up all the same
    path = tmp_path / "twcs.csv"
    path.write_text(
        HEADER
        + "930526158418743296,900001,True,Tue Nov 14 19:00:00 +0000 2017,"
        + "@ZestJuiceCo my bottle leaked,930526987771158528,\n"
        + "930526987771158528,ZestJuiceCo,False,Tue Nov 14 19:03:18 +0000 2017,"
        + "@900001 Oh no! DM us?,930527012345678901,930526158418743296.0\n"
        + "930527012345678901,ZestJuiceCo,False,Tue Nov 14 19:03:24 +0000 2017,"
        + "@900001 (with a photo),,930526987771158528\n",
        encoding="utf-8",
    )
    records, report = read_all(path)
    assert report.skipped_records == []
    found = posts(records)
    assert found["930526987771158528"].kind is Kind.REPLY
    assert found["930526987771158528"].reply_to_time == datetime(2017, 11, 14, 19, tzinfo=UTC)
    assert found["930527012345678901"].kind is Kind.THREAD
    assert interactions(records)[("930526158418743296", "ZestJuiceCo")].answered_by == (
        "930526987771158528",
    )


@pytest.mark.parametrize(
    ("value", "ok"),
    [("3425", True), ("3425.0", True), (" 3425.00 ", True), ("3.4e3", False), ("3425.5", False)],
)
def test_float_ids(tmp_path: Path, value: str, ok: bool) -> None:
    path = tmp_path / "twcs.csv"
    path.write_text(
        HEADER + f"{value},BrandHelp,False,Mon Nov 06 09:00:00 +0000 2017,Hello,,\n",
        encoding="utf-8",
    )
    records, report = read_all(path)
    assert [r.id for r in records if isinstance(r, Post)] == (["3425"] if ok else [])
    assert report.skipped_record_count == (0 if ok else 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "tweet_id,author_id,text\n1,a,b\n",
            "{path} record 1: not a customer-conversation CSV: the header has no inbound, "
            "created_at, response_tweet_id, in_response_to_tweet_id; give the twcs.csv file of "
            "the 'Customer Support on Twitter' dataset, saved as UTF-8 CSV",
        ),
    ],
)
def test_broken_file_raises_one_line(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = tmp_path / "twcs.csv"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    with pytest.raises(FormatError) as caught:
        list(IMPORTER.read(open_bundle(path), ReadReport()))
    assert str(caught.value) == message.format(path=path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_and_bom(tmp_path: Path, newline: str) -> None:
    text = (FIXTURES / "twcs-indexed.csv").read_text(encoding="utf-8")
    path = tmp_path / "twcs.csv"
    path.write_bytes(("\ufeff" + text.replace("\n", newline)).encode())
    records, report = read_all(path)
    assert report.skipped_records == []
    assert [(type(r).__name__, r.id) for r in records] == [
        ("Account", "KettleCoSupport"),
        ("Interaction", "1"),
        ("Post", "2"),
        ("Interaction", "3"),
    ]
    assert posts(records)["2"].provenance.record == 3


GOOD_ROW = b"2,BrandHelp,False,Mon Nov 06 09:10:00 +0000 2017,Hello there,,\n"


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        (
            b"1,BrandHelp,False,Mon Nov 06 09:00:00 +0000 2017,caf\xe9,,\n",
            "line 2 is not UTF-8 text; save the file as UTF-8",
        ),
        (
            b"1,BrandHelp,False,Mon Nov 06 09:00:00 +0000 2017," + b"x" * 140_000 + b",,\n",
            "unreadable CSV (field larger than field limit (131072); a quote left open?)",
        ),
    ],
)
def test_unreadable_row_is_skipped_and_the_rest_read(
    tmp_path: Path, bad_row: bytes, reason: str
) -> None:
    path = tmp_path / "twcs.csv"
    path.write_bytes(HEADER.encode() + bad_row + GOOD_ROW)
    records, report = read_all(path)
    assert [r.id for r in records if isinstance(r, Post)] == ["2"]
    assert [str(s) for s in report.skipped_records] == [f"{path} record 2: {reason}; skipped"]


def test_unmatched_quote_is_one_skipped_record(tmp_path: Path) -> None:
    path = tmp_path / "twcs.csv"
    row = '1,BrandHelp,False,Mon Nov 06 09:00:00 +0000 2017,"never closed\n'
    path.write_text(HEADER + row + "x" * 140_000 + "\n", encoding="utf-8")
    records, report = read_all(path)
    assert records == []
    assert [(s.record, s.reason) for s in report.skipped_records] == [
        (2, "unreadable CSV (field larger than field limit (131072); a quote left open?)")
    ]


def test_header_only_gives_nothing(tmp_path: Path) -> None:
    path = tmp_path / "twcs.csv"
    path.write_text(HEADER, encoding="utf-8")
    assert read_all(path)[0] == []


# archives and progress


def test_zip_with_overlapping_csvs(tmp_path: Path) -> None:
    full = (FIXTURES / "twcs.csv").read_bytes()
    sample = b"".join(full.splitlines(keepends=True)[:3])  # header and two rows of it
    archive = tmp_path / "customer-support-on-twitter.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("twcs/twcs.csv", full)
        zipped.writestr("sample.csv", sample)
        zipped.writestr("README.txt", "tweets\n")
    records, report = read_all(archive)
    assert report.files_read == [f"{archive}:sample.csv", f"{archive}:twcs/twcs.csv"]
    assert [(s.file, s.record) for s in report.skipped_records] == [
        (f"{archive}:twcs/twcs.csv", 2),
        (f"{archive}:twcs/twcs.csv", 3),
    ]
    assert [(type(r).__name__, r.id) for r in records] == [
        (type(r).__name__, r.id) for r in read_all(FIXTURES / "twcs.csv")[0]
    ]
    assert posts(records)["11"].provenance.file == f"{archive}:sample.csv"
    assert posts(records)["13"].provenance.file == f"{archive}:twcs/twcs.csv"


def test_progress_counts_each_byte_once() -> None:
    seen: list[int] = []
    report = ReadReport(progress=seen.append)
    list(read(FIXTURES / "twcs.csv", report))
    assert sum(seen) == (FIXTURES / "twcs.csv").stat().st_size


# any bytes in: records or a TwowayError out


def _read_bytes(folder: Path, data: bytes) -> None:
    path = folder / "input.csv"
    path.write_bytes(data)
    with contextlib.suppress(TwowayError):
        list(IMPORTER.read(open_bundle(path), ReadReport()))


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    _read_bytes(tmp_path_factory.mktemp("bytes"), data)


_cell = st.sampled_from(
    ["", "1", "2.0", "3.5", "1e3", "BrandHelp", "@brandhelp", "500101", "True", "False", '"']
) | st.text(max_size=12)
_time = st.sampled_from(["Mon Nov 06 09:00:00 +0000 2017", "2017-11-06 09:00:00", "", "Mon"])


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(_cell, _cell, _cell, _time, _cell, _cell, _cell, st.lists(_cell, max_size=2)),
        max_size=8,
    ),
    tail=st.binary(max_size=60),
)
def test_any_rows(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[str, str, str, str, str, str, str, list[str]]],
    tail: bytes,
) -> None:
    text = HEADER + "".join(",".join([*row[:7], *row[7]]) + "\n" for row in rows)
    _read_bytes(tmp_path_factory.mktemp("rows"), text.encode("utf-8", "surrogatepass") + tail)


# the real sample, where present


@pytest.mark.skipif(
    not SHARED.exists(),
    reason="../shared/data not present (real exports are only on the developers' machines)",
)
def test_real_sample_invariants() -> None:
    path = SHARED / "twcs-sample-a.csv"
    records, report = read_all(path)
    inbound: dict[str, str] = {}
    with path.open(newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if row.get("inbound") in ("True", "False"):
                inbound[row["tweet_id"]] = row["inbound"]
    found_posts = posts(records)
    found_interactions = [r for r in records if isinstance(r, Interaction)]
    accounts = {r.id for r in records if isinstance(r, Account)}
    assert found_posts
    assert found_interactions
    assert all(inbound[post_id] == "False" for post_id in found_posts)
    assert all(inbound[i.id] == "True" for i in found_interactions)
    assert {p.account for p in found_posts.values()} == accounts
    for interaction in found_interactions:
        for answer in interaction.answered_by:
            assert found_posts[answer].account == interaction.account
            assert found_posts[answer].reply_to_id == interaction.id
        if interaction.in_reply_to is not None:
            assert found_posts[interaction.in_reply_to].account == interaction.account
    first_post = next(n for n, r in enumerate(records) if isinstance(r, Post))
    assert all(isinstance(r, Account) for r in records[:first_post])
    assert all(s.reason.startswith("row broken by a line break") for s in report.skipped_records)
