from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twoway.clock import mastodon_id_time, parse_iso, parse_twitter_time, snowflake_time, tid_time

BASE32_SORTABLE = "234567abcdefghijklmnopqrstuvwxyz"


def make_tid(microseconds: int, clock_id: int = 0) -> str:
    """A Bluesky TID built the way the AT Protocol spec describes it: a 64-bit integer (top bit
    0, 53 bits of microseconds since 1970, 10 bits of clock id) in 13 base32-sortable characters."""
    number = (microseconds << 10) | clock_id
    chars = []
    for _ in range(13):
        chars.append(BASE32_SORTABLE[number & 31])
        number >>= 5
    return "".join(reversed(chars))


# --- parse_twitter_time ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wed Jul 05 07:05:27 +0000 2023", datetime(2023, 7, 5, 7, 5, 27, tzinfo=UTC)),
        ("Tue Dec 06 05:31:41 +0000 2022", datetime(2022, 12, 6, 5, 31, 41, tzinfo=UTC)),
        ("Sat Feb 29 23:59:59 +0000 2020", datetime(2020, 2, 29, 23, 59, 59, tzinfo=UTC)),
        ("Wed Jul 05 07:05:27 +0200 2023", datetime(2023, 7, 5, 5, 5, 27, tzinfo=UTC)),
        ("Wed Jul 05 23:30:00 -0500 2023", datetime(2023, 7, 6, 4, 30, 0, tzinfo=UTC)),
        ("2017-08-01 16:23:56 +0000", datetime(2017, 8, 1, 16, 23, 56, tzinfo=UTC)),
        ("2017-08-01 16:23:56 -0500", datetime(2017, 8, 1, 21, 23, 56, tzinfo=UTC)),
        ("2017-08-01 00:10:00 +0130", datetime(2017, 7, 31, 22, 40, 0, tzinfo=UTC)),
        ("2017-08-01 16:23:56 UTC", datetime(2017, 8, 1, 16, 23, 56, tzinfo=UTC)),
        ("2017-08-01 16:23:56", datetime(2017, 8, 1, 16, 23, 56, tzinfo=UTC)),
        (" 2017-08-01 16:23:56 +0000 ", None),  # leading space: not the CSV shape
    ],
)
def test_parse_twitter_time(text: str, expected: datetime | None) -> None:
    if expected is None:
        with pytest.raises(ValueError):  # noqa: PT011 - the message is strptime's
            parse_twitter_time(text)
        return
    parsed = parse_twitter_time(text)
    assert parsed == expected
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage",
        "Wed Jul 05 07:05:27 2023",
        "Wed Foo 05 07:05:27 +0000 2023",
        "Wed Jul 32 07:05:27 +0000 2023",
        "Wed Jul 05 25:05:27 +0000 2023",
        "2017-13-01 16:23:56 +0000",
        "2023-07-05T07:05:27Z",
        "1688540727",
        # Offsets that move year 1 or year 9999 past the calendar's ends.
        "0001-01-01 00:00:00 +0100",
        "9999-12-31 23:59:59 -0100",
        "Mon Jan 01 00:30:00 +0100 0001",
    ],
)
def test_parse_twitter_time_refuses_garbage_with_value_error(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - any ValueError, as documented
        parse_twitter_time(text)


@given(st.text(max_size=40))
def test_parse_twitter_time_gives_utc_or_value_error(text: str) -> None:
    try:
        parsed = parse_twitter_time(text)
    except ValueError:
        return
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Not the exact X shape, so read the slower way, as before the ISO fast path.
        ("Wed Jul  5 07:05:27 +0000 2023", datetime(2023, 7, 5, 7, 5, 27, tzinfo=UTC)),
        ("Wed Jul-05 07:05:27 +0000 2023", datetime(2023, 7, 5, 7, 5, 27, tzinfo=UTC)),
        ("Wed Jul 05 07.05.27 +0000 2023", datetime(2023, 7, 5, 7, 5, 27, tzinfo=UTC)),
        ("Wed Jul 05 +7:05:27 +0000 2023", datetime(2023, 7, 5, 7, 5, 27, tzinfo=UTC)),
    ],
)
def test_parse_twitter_time_reads_near_shapes_as_before(text: str, expected: datetime) -> None:
    assert parse_twitter_time(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Wed Jul 05 24:00:00 +0000 2023", "hour must be in 0..23"),  # not the next midnight
        ("Thu Feb 29 10:00:00 +0000 2023", "day is out of range for month"),
        ("Wed Jul 05 07:05:60 +0000 2023", "second must be in 0..59"),
        ("Wed Jul 05 07:05:27 +0000 0000", "year 0 is out of range"),
    ],
)
def test_parse_twitter_time_errors_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_twitter_time(text)


@given(st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)))
def test_parse_twitter_time_matches_strptime(moment: datetime) -> None:
    text = moment.strftime("%a %b %d %H:%M:%S +0000 %Y")
    expected = datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y")
    parsed = parse_twitter_time(text)
    assert parsed == expected
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-11-08T03:07:14Z", datetime(2022, 11, 8, 3, 7, 14, tzinfo=UTC)),
        ("2022-11-08T03:07:14.250Z", datetime(2022, 11, 8, 3, 7, 14, 250000, tzinfo=UTC)),
        ("2022-11-08T03:07:14+01:00", datetime(2022, 11, 8, 2, 7, 14, tzinfo=UTC)),
        ("2022-11-08T03:07:14", datetime(2022, 11, 8, 3, 7, 14, tzinfo=UTC)),
    ],
)
def test_parse_iso(text: str, expected: datetime) -> None:
    parsed = parse_iso(text)
    assert parsed == expected
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize("text", ["", "yesterday", "0001-01-01T00:00:00+01:00"])
def test_parse_iso_refuses_with_value_error(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        parse_iso(text)


# --- snowflake_time ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("post_id", "expected"),
    [
        # 1600000000000000001 >> 22 = 381469726562; + 1288834974657 (the X epoch, ms)
        # = 1670304701219 ms after 1970 = 2022-12-06 05:31:41.219 UTC.
        ("1600000000000000001", datetime(2022, 12, 6, 5, 31, 41, 219000, tzinfo=UTC)),
        (1600000000000000001, datetime(2022, 12, 6, 5, 31, 41, 219000, tzinfo=UTC)),
        # 1599990000000000000 >> 22 = 381467342376; + 1288834974657 = 1670302317033 ms.
        ("1599990000000000000", datetime(2022, 12, 6, 4, 51, 57, 33000, tzinfo=UTC)),
        # The smallest snowflake: 2**40 >> 22 = 262144 ms after the X epoch.
        (
            str(1 << 40),
            datetime(2010, 11, 4, 1, 42, 54, 657000, tzinfo=UTC) + timedelta(milliseconds=262144),
        ),
    ],
)
def test_snowflake_time_of_known_ids(post_id: str | int, expected: datetime) -> None:
    assert snowflake_time(post_id) == expected


@pytest.mark.parametrize(
    "post_id",
    [
        "20",  # the first tweet, 2006: sequential ids carry no time
        "12345678901",
        str((1 << 40) - 1),
        "0",
        "-1600000000000000001",
        "abc",
        "",
        None,
        "16000000000000000x1",
        "9" * 40,  # far past any plausible time, and past datetime's range
        str(2**64),
    ],
)
def test_snowflake_time_is_none_for_non_snowflakes(post_id: str | None) -> None:
    assert snowflake_time(post_id) is None


def test_snowflake_time_is_none_for_an_id_from_the_future() -> None:
    """Up to two days ahead of the clock is allowed (clocks differ), no more."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    now_ms = (datetime.now(UTC) - epoch) // timedelta(milliseconds=1)
    tomorrow, in_three_days = now_ms + 86_400_000, now_ms + 3 * 86_400_000
    assert snowflake_time((tomorrow - 1288834974657) << 22) == epoch + timedelta(
        milliseconds=tomorrow
    )
    assert snowflake_time((in_three_days - 1288834974657) << 22) is None


# --- mastodon_id_time --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status_id", "expected"),
    [
        # 1668000000000 ms (2022-11-09 13:20:00 UTC) << 16, with 1234 in the low 16 bits.
        ("109314048000001234", datetime(2022, 11, 9, 13, 20, tzinfo=UTC)),
        (109314048000001234, datetime(2022, 11, 9, 13, 20, tzinfo=UTC)),
        # 1500000000123 ms << 16 = 98304000008060928 is 2017-07-14 02:40:00.123 UTC.
        ("98304000008060928", datetime(2017, 7, 14, 2, 40, 0, 123000, tzinfo=UTC)),
    ],
)
def test_mastodon_id_time_of_known_ids(status_id: str | int, expected: datetime) -> None:
    assert mastodon_id_time(status_id) == expected


@pytest.mark.parametrize(
    "status_id",
    ["1", "12345", "98765432", "0", "-5", "", None, "AbCdEf123", "9" * 40, str(2**64)],
)
def test_mastodon_id_time_is_none_for_sequential_and_foreign_ids(status_id: str | None) -> None:
    assert mastodon_id_time(status_id) is None


# --- tid_time ----------------------------------------------------------------------------


def test_tid_time_of_a_known_tid() -> None:
    # 1700000000123456 µs after 1970 = 2023-11-14 22:13:20.123456 UTC, clock id 17.
    tid = make_tid(1_700_000_000_123_456, 17)
    assert tid == "3ke6kg42cm22l"
    assert tid_time(tid) == datetime(2023, 11, 14, 22, 13, 20, 123456, tzinfo=UTC)


@given(
    moment=st.datetimes(
        min_value=datetime(2007, 1, 1), max_value=datetime(2024, 12, 31), timezones=st.just(UTC)
    ),
    clock_id=st.integers(0, 1023),
)
def test_tid_time_round_trips(moment: datetime, clock_id: int) -> None:
    microseconds = int((moment - datetime(1970, 1, 1, tzinfo=UTC)) / timedelta(microseconds=1))
    assert tid_time(make_tid(microseconds, clock_id)) == moment


@pytest.mark.parametrize(
    "rkey",
    [
        "",
        None,
        "3ke6kg42cm22",  # 12 characters
        "3ke6kg42cm22ll",  # 14
        "3KE6KG42CM22L",  # upper case is not the alphabet
        "3ke6kg42cm21l",  # 1 is not in the alphabet
        "3ke6kg42cm20l",
        "3ke6kg42cm28l",
        "3ke6kg42cm2-l",
        "zke6kg42cm22l",  # top bit set
        "self",
        "2222222222222",  # 1970
    ],
)
def test_tid_time_is_none_for_non_tids(rkey: str | None) -> None:
    assert tid_time(rkey) is None
