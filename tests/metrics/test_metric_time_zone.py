"""Days, weeks and hours in the audit's time zone (``--tz``): each post with the offset of its
own date, summer time included, and times themselves still UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from tests.metrics.builders import labelled, post

from twoway.audit import DEFAULT_ZONE as AUDIT_ZONE
from twoway.errors import InputError
from twoway.metrics import compute
from twoway.metrics.zone import DEFAULT_ZONE, local_time, local_times, time_zone

AMSTERDAM = "Europe/Amsterdam"
SUMMER_NIGHT = datetime(2024, 7, 1, 23, 30, tzinfo=UTC)
"""Monday 1 July 2024, 23:30 UTC: 01:30 on Tuesday 2 July in Amsterdam (CEST, UTC+2)."""
WINTER_NIGHT = datetime(2024, 1, 7, 23, 30, tzinfo=UTC)
"""Sunday 7 January 2024, 23:30 UTC: 00:30 on Monday 8 January in Amsterdam (CET, UTC+1)."""


def metrics_of(*moments: datetime, tz: str = DEFAULT_ZONE) -> dict:
    labels = [labelled(post(f"p{i}", at=at)) for i, at in enumerate(moments)]
    return compute(labels, tz=tz).as_json()


def cells(grid: list[list[int]]) -> dict[tuple[int, int], int]:
    """The non-zero cells of an hour-by-weekday grid, as ``(weekday, hour) -> posts``."""
    return {(day, hour): n for day, row in enumerate(grid) for hour, n in enumerate(row) if n}


# --- the zone ---------------------------------------------------------------------------------


def test_utc_needs_no_tz_database() -> None:
    assert time_zone("UTC") is UTC
    assert DEFAULT_ZONE == AUDIT_ZONE == "UTC"  # the audit names it too, not to import metrics


@pytest.mark.parametrize("name", ["Mars/Olympus", "Europe", "europe/amsterdam", "", "/etc/passwd"])
def test_an_unknown_zone_says_so_and_gives_an_example(name: str) -> None:
    with pytest.raises(InputError) as caught:
        time_zone(name)
    assert str(caught.value) == (
        f"unknown time zone '{name}'; give an IANA name such as Europe/Amsterdam (or UTC)"
    )


def test_compute_refuses_an_unknown_zone() -> None:
    with pytest.raises(InputError, match="unknown time zone 'Nowhere/Town'"):
        compute([labelled(post("p"))], tz="Nowhere/Town")


def test_each_time_gets_the_offset_of_its_own_date() -> None:
    utc = np.array(
        [SUMMER_NIGHT.replace(tzinfo=None), WINTER_NIGHT.replace(tzinfo=None), "NaT"],
        dtype="datetime64[us]",
    )
    local = local_times(utc, time_zone(AMSTERDAM))
    assert local[:2].tolist() == [datetime(2024, 7, 2, 1, 30), datetime(2024, 1, 8, 0, 30)]
    assert np.isnat(local[2])
    assert local_times(utc, UTC) is utc


@pytest.mark.parametrize("zone", [AMSTERDAM, "America/New_York", "Australia/Lord_Howe"])
def test_local_times_look_up_each_time_on_a_day_with_a_transition(zone: str) -> None:
    # Every 20 minutes over three days around each change of 2024 (Lord Howe moves by half an
    # hour), shuffled, with a NaT: the same wall-clock times as converting each one alone.
    days = {
        AMSTERDAM: ((3, 30), (10, 26)),
        "America/New_York": ((3, 9), (11, 2)),
        "Australia/Lord_Howe": ((4, 6), (10, 5)),
    }[zone]
    moments = [
        datetime(2024, *day, tzinfo=UTC) + timedelta(minutes=20 * k)
        for day in days
        for k in range(3 * 72)
    ]
    order = np.random.default_rng(7).permutation(len(moments))
    shuffled = [moments[i] for i in order]
    utc = np.array([m.replace(tzinfo=None) for m in shuffled] + ["NaT"], dtype="datetime64[us]")
    local = local_times(utc, time_zone(zone))
    expected = [local_time(m, zone).replace(tzinfo=None) for m in shuffled]  # type: ignore[union-attr]
    assert local[:-1].tolist() == expected
    assert np.isnat(local[-1])
    assert local_times(utc[:0], time_zone(zone)).tolist() == []


def test_local_time_reads_the_reports_times() -> None:
    assert local_time("2024-07-01T23:30:00Z", AMSTERDAM) == datetime(
        2024, 7, 2, 1, 30, tzinfo=time_zone(AMSTERDAM)
    )
    assert local_time(datetime(2024, 1, 7, 23, 30), AMSTERDAM) == WINTER_NIGHT  # naive is UTC
    assert local_time("soon", AMSTERDAM) is None
    assert local_time(None, AMSTERDAM) is None


# --- the binned metrics -----------------------------------------------------------------------


def test_a_summer_night_post_counts_at_half_past_one_the_next_day() -> None:
    utc = metrics_of(SUMMER_NIGHT)
    local = metrics_of(SUMMER_NIGHT, tz=AMSTERDAM)
    assert cells(utc["hour_weekday"]) == {(0, 23): 1}  # Monday 23:00
    assert cells(local["hour_weekday"]) == {(1, 1): 1}  # Tuesday 01:00
    assert utc["busiest_hours"] == [{"hour": 23, "posts": 1}]
    assert local["busiest_hours"] == [{"hour": 1, "posts": 1}]
    # Times stay UTC.
    assert local["posts"]["first"] == local["posts"]["last"] == "2024-07-01T23:30:00Z"


def test_a_winter_night_post_counts_at_half_past_midnight_in_the_next_week() -> None:
    utc = metrics_of(WINTER_NIGHT)
    local = metrics_of(WINTER_NIGHT, tz=AMSTERDAM)
    assert cells(utc["hour_weekday"]) == {(6, 23): 1}  # Sunday 23:00
    assert cells(local["hour_weekday"]) == {(0, 0): 1}  # Monday 00:00
    assert local["busiest_hours"] == [{"hour": 0, "posts": 1}]
    assert utc["weekly"] == [{"week": "2024-01-01", "posts": 1, "two_way_share": 0.0}]
    assert local["weekly"] == [{"week": "2024-01-08", "posts": 1, "two_way_share": 0.0}]


def test_days_are_local_days() -> None:
    # 21:30 and 23:30 UTC on 1 July are 23:30 on 1 July and 01:30 on 2 July in Amsterdam.
    moments = (SUMMER_NIGHT - timedelta(hours=2), SUMMER_NIGHT)
    utc = metrics_of(*moments)
    local = metrics_of(*moments, tz=AMSTERDAM)
    assert utc["posts_per_day"] == {"mean": 2.0, "max": 2}
    assert local["posts_per_day"] == {"mean": 1.0, "max": 1}
    assert (utc["posts"]["per_active_day"], local["posts"]["per_active_day"]) == (2.0, 1.0)


def test_a_run_of_posts_across_the_change_to_summer_time() -> None:
    # Every half hour from 00:00 to 02:30 UTC on Sunday 31 March 2024; at 01:00 UTC the clocks
    # in Amsterdam go from 02:00 to 03:00, so no post falls in 02:00-03:00 local time.
    moments = [
        datetime(2024, 3, 31, 0, 0, tzinfo=UTC) + timedelta(minutes=30 * i) for i in range(6)
    ]
    local = metrics_of(*moments, tz=AMSTERDAM)
    assert cells(local["hour_weekday"]) == {(6, 1): 2, (6, 3): 2, (6, 4): 2}
    assert local["busiest_hours"] == [
        {"hour": 1, "posts": 2},
        {"hour": 3, "posts": 2},
        {"hour": 4, "posts": 2},
    ]
    # The gaps are measured in UTC: 30 minutes each, the hour the clocks skip adds nothing.
    assert local["interval_regularity"] == 1.0


def test_a_run_of_posts_across_the_change_back_to_winter_time() -> None:
    # Every half hour from 00:00 to 02:30 UTC on Sunday 27 October 2024; at 01:00 UTC the clocks
    # go back from 03:00 to 02:00, so the hour 02:00-03:00 local time comes twice.
    moments = [
        datetime(2024, 10, 27, 0, 0, tzinfo=UTC) + timedelta(minutes=30 * i) for i in range(6)
    ]
    local = metrics_of(*moments, tz=AMSTERDAM)
    assert cells(local["hour_weekday"]) == {(6, 2): 4, (6, 3): 2}
    assert local["busiest_hours"] == [{"hour": 2, "posts": 4}, {"hour": 3, "posts": 2}]
    assert local["interval_regularity"] == 1.0


def test_a_zone_behind_utc_moves_posts_to_the_day_before() -> None:
    # 03:00 UTC on Monday 4 March 2024 is 22:00 on Sunday 3 March in New York (EST, UTC-5).
    monday = datetime(2024, 3, 4, 3, 0, tzinfo=UTC)
    local = metrics_of(monday, tz="America/New_York")
    assert cells(local["hour_weekday"]) == {(6, 22): 1}
    assert local["weekly"] == [{"week": "2024-02-26", "posts": 1, "two_way_share": 0.0}]


def test_the_default_zone_is_utc() -> None:
    assert metrics_of(SUMMER_NIGHT) == metrics_of(SUMMER_NIGHT, tz="UTC")
