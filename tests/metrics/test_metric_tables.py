"""One account's tables as numpy arrays (:func:`post_columns`) and many accounts' as Arrow tables
(:func:`posts_table`) give DuckDB the same rows of the same types; the audit of one account does
not import pyarrow."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from tests.metrics.builders import T0, inbound, labelled, minutes, post, web_link

from twoway.metrics.core import (
    Tables,
    inbound_columns,
    inbound_table,
    post_columns,
    posts_table,
)
from twoway.model import Kind, Link

ROOT = Path(__file__).resolve().parents[2]
CONVERSATIONS = ROOT / "tests" / "fixtures" / "conversations" / "twcs.csv"

PARIS = timezone(timedelta(hours=2))


def varied_labels() -> list:
    """Posts with every kind of value the columns hold: nulls, counts, zones, links, lists."""
    return [
        labelled(post("p1", text="  @ana thanks!", likes=3, reposts=0, client="Twitter Web App")),
        labelled(
            post(
                "p2",
                kind=Kind.REPLY,
                at=datetime(2024, 3, 4, 11, 0, 0, 123456, tzinfo=PARIS),
                reply_to_id="x9",
                reply_to_account="Ana",
                reply_to_time=minutes(-61),
                client="",
            ),
            "conversation",
            question=True,
        ),
        labelled(post("p3", kind=Kind.REPOST, reply_to_account_id="77"), None, automated=True),
        labelled(
            post(
                "p4", at=minutes(5), links=(web_link(), Link(url="u", domain="x.com", post_id="9"))
            ),
            "promotion",
            link_only=True,
            duplicate=True,
            follow_begging=True,
        ),
        labelled(post("p5", at=minutes(6), links=(Link(url="u", domain="x.com", post_id="9"),))),
    ]


def rows_and_types(tables: Tables, table: str) -> tuple[list[tuple], list[tuple]]:
    try:
        rows = tables.rows(f"SELECT * FROM {table} ORDER BY row")
        types = [row[:2] for row in tables.rows(f"DESCRIBE {table}")]
    finally:
        tables.close()
    return rows, types


def test_numpy_and_arrow_posts_are_the_same_to_duckdb() -> None:
    labels = varied_labels()
    messages = [
        inbound("m1", minutes(-30), answered_by=["p2", "p4"]),
        inbound("m2", datetime(2024, 3, 4, 12, 0, tzinfo=PARIS)),
    ]
    for table in ("posts", "inbound"):
        from_numpy = Tables(post_columns(labels, 3), inbound_columns(messages, 3))
        from_arrow = Tables(posts_table(labels, 3), inbound_table(messages, 3))
        assert rows_and_types(from_numpy, table) == rows_and_types(from_arrow, table)

    rows, types = rows_and_types(Tables(post_columns(labels), inbound_columns(messages)), "posts")
    assert dict(types) == {
        "row": "BIGINT",
        "account": "BIGINT",
        "id": "VARCHAR",
        "created_at": "TIMESTAMP",
        "kind": "VARCHAR",
        "intent": "VARCHAR",
        "asks_question": "BOOLEAN",
        "link_only": "BOOLEAN",
        "mentions_others": "BOOLEAN",
        "follow_begging": "BOOLEAN",
        "automated": "BOOLEAN",
        "duplicate": "BOOLEAN",
        "has_link": "BOOLEAN",
        "links_out": "BOOLEAN",
        "starts_with_mention": "BOOLEAN",
        "reply_to": "VARCHAR",
        "reply_to_id": "VARCHAR",
        "reply_to_time": "TIMESTAMP",
        "client": "VARCHAR",
        "likes": "BIGINT",
        "reposts": "BIGINT",
        "replies": "BIGINT",
        "local_at": "TIMESTAMP",
    }
    first, second, third, fourth, fifth = (dict(zip(dict(types), row, strict=True)) for row in rows)
    assert first["starts_with_mention"] is True
    assert (first["likes"], first["reposts"], first["replies"]) == (3, 0, None)
    assert first["client"] == "Twitter Web App"
    # Times are UTC without a zone, to the microsecond; a time in another zone is converted.
    assert first["created_at"] == T0.replace(tzinfo=None)
    assert first["local_at"] == first["created_at"]  # days and hours in UTC unless asked
    assert second["created_at"] == datetime(2024, 3, 4, 9, 0, 0, 123456)
    assert second["reply_to_time"] == minutes(-61).replace(tzinfo=None)
    assert first["reply_to_time"] is None
    assert (second["reply_to"], second["client"], second["asks_question"]) == ("ana", None, True)
    assert (third["reply_to"], third["intent"], third["automated"]) == ("77", None, True)
    assert (fourth["has_link"], fourth["link_only"], fifth["has_link"]) == (True, True, False)
    assert (fourth["links_out"], fifth["links_out"]) == (True, False)


def test_numpy_inbound_keeps_its_lists_and_zones() -> None:
    messages = [
        inbound("m1", minutes(-30), answered_by=["p2", "p4"]),
        inbound("m2", datetime(2024, 3, 4, 12, 0, tzinfo=PARIS)),
    ]
    rows, types = rows_and_types(Tables(post_columns([]), inbound_columns(messages)), "inbound")
    assert types == [
        ("row", "BIGINT"),
        ("account", "BIGINT"),
        ("id", "VARCHAR"),
        ("author_id", "VARCHAR"),
        ("created_at", "TIMESTAMP"),
        ("in_reply_to", "VARCHAR"),
        ("answered_by", "VARCHAR[]"),
    ]
    assert [(row[2], row[4], row[6]) for row in rows] == [
        ("m1", minutes(-30).replace(tzinfo=None), ["p2", "p4"]),
        ("m2", datetime(2024, 3, 4, 10, 0), []),
    ]


def test_empty_tables_and_columns_of_nothing_but_nulls_keep_their_types() -> None:
    # numpy alone cannot tell the type of an empty column or one of nulls only: the view does.
    empty = Tables(post_columns([]), inbound_columns([]))
    try:
        assert empty.one("SELECT count(*), max(id), max(likes) FROM posts") == (0, None, None)
        assert empty.one("SELECT count(*), max(len(answered_by)) FROM inbound") == (0, None)
    finally:
        empty.close()
    bare = [labelled(post(f"p{i}", at=minutes(i))) for i in range(3)]
    rows, types = rows_and_types(Tables(post_columns(bare), inbound_columns([])), "posts")
    assert (dict(types)["reply_to"], dict(types)["likes"]) == ("VARCHAR", "BIGINT")
    assert {(row[14], row[18]) for row in rows} == {(None, None)}


def test_a_time_without_a_zone_is_read_as_utc_as_arrow_reads_it() -> None:
    labels = [labelled(post("p1", at=datetime(2024, 3, 4, 9, 0), reply_to_time=T0))]
    numpy_rows, _ = rows_and_types(Tables(post_columns(labels), inbound_columns([])), "posts")
    arrow_rows, _ = rows_and_types(Tables(posts_table(labels), inbound_table([])), "posts")
    assert numpy_rows == arrow_rows
    assert numpy_rows[0][3] == datetime(2024, 3, 4, 9, 0)


def test_account_numbers_must_match_the_rows() -> None:
    with pytest.raises(ValueError, match="2 account numbers for 5 rows"):
        post_columns(varied_labels(), [0, 1])


@pytest.mark.skipif(not CONVERSATIONS.exists(), reason="the conversation fixture is missing")
def test_an_audit_does_not_import_pyarrow() -> None:
    # pyarrow costs some 25 MB of memory; an audit of one account has no use for it.
    code = (
        "import sys\n"
        "from twoway.audit import audit\n"
        f"report = audit({str(CONVERSATIONS)!r})\n"
        "assert report.accounts and report.accounts[0].metrics['posts']['count'] > 0\n"
        "print('pyarrow' in sys.modules)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "error"},
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "False\n"


def test_times_are_exact_microseconds_far_from_the_epoch() -> None:
    # Integer arithmetic: no rounding through float seconds.
    moments = [
        datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(2262, 1, 1, tzinfo=UTC),
    ]
    labels = [labelled(post(f"p{i}", at=at)) for i, at in enumerate(moments)]
    tables = Tables(post_columns(labels), inbound_columns([]))
    try:
        assert [row[0] for row in tables.rows("SELECT created_at FROM posts ORDER BY row")] == [
            at.replace(tzinfo=None) for at in moments
        ]
    finally:
        tables.close()
