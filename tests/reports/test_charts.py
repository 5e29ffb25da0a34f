"""The weekly chart's moving average, and the time zone the charts and reports name for the
figures that count days, weeks and hours."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Any

import pytest
from tests.reports.sample import sample_metrics, sample_report

from twoway.reports.charts import hour_weekday_chart, moving_two_way_share, weekly_chart
from twoway.reports.html import render_html
from twoway.reports.terminal import _period

AMSTERDAM = "Europe/Amsterdam"


def week(day: str, posts: int, two_way: int) -> dict[str, Any]:
    """A row of the weekly metric: ``two_way`` of ``posts`` posts talk with people."""
    return {"week": day, "posts": posts, "two_way_share": two_way / posts if posts else None}


WEEKS = [
    week("2024-03-04", 2, 2),  # 100%
    week("2024-03-11", 10, 1),  # 10%
    week("2024-03-18", 0, 0),  # quiet
    week("2024-03-25", 1, 0),  # 0%
    week("2024-04-01", 3, 3),  # 100%
    week("2024-04-08", 0, 0),  # quiet
    week("2024-04-15", 0, 0),  # quiet
    week("2024-04-22", 0, 0),  # quiet
    week("2024-04-29", 0, 0),  # quiet
]


def test_the_moving_average_is_over_posts_not_a_mean_of_weekly_shares() -> None:
    assert moving_two_way_share(WEEKS) == [
        (date(2024, 3, 4), 1.0),  # 2 of 2: the weeks before the first hold no posts
        (date(2024, 3, 11), 3 / 12),  # 2 + 1 of 2 + 10, where the mean of shares is 55%
        (date(2024, 3, 18), 3 / 12),
        (date(2024, 3, 25), 3 / 13),
        (date(2024, 4, 1), 4 / 14),  # 1 + 0 + 0 + 3 of 10 + 0 + 1 + 3: the first week is out
        (date(2024, 4, 8), 3 / 4),
        (date(2024, 4, 15), 3 / 4),
        (date(2024, 4, 22), 3 / 3),
        (date(2024, 4, 29), None),  # four quiet weeks: no posts to share
    ]


def test_a_missing_week_counts_as_a_quiet_one() -> None:
    gappy = [WEEKS[0], WEEKS[1], WEEKS[3], WEEKS[4]]  # 18 March left out
    assert moving_two_way_share(gappy) == [
        (date(2024, 3, 4), 1.0),
        (date(2024, 3, 11), 3 / 12),
        (date(2024, 3, 25), 3 / 13),
        (date(2024, 4, 1), 4 / 14),
    ]


def test_the_moving_average_of_another_span_and_of_no_series() -> None:
    assert [share for _, share in moving_two_way_share(WEEKS, 2) or []] == [
        1.0, 3 / 12, 1 / 10, 0.0, 3 / 4, 1.0, None, None, None,
    ]  # fmt: skip
    assert moving_two_way_share(None) is None
    with pytest.raises(ValueError, match="a moving average spans a week or more, not 0"):
        moving_two_way_share(WEEKS, 0)
    assert moving_two_way_share([{"week": "soon"}]) is None


def test_the_weekly_chart_draws_and_names_the_average() -> None:
    chart = weekly_chart({"weekly": WEEKS}, zone=AMSTERDAM)
    assert chart.svg is not None
    assert "4-week moving average" in chart.caption
    assert "the two-way posts of the week and the 3 before over all their posts" in chart.caption
    assert "Weeks start on Monday, Europe/Amsterdam time." in chart.caption
    label = re.search(r'aria-label="([^"]*)"', chart.svg)
    assert label is not None
    assert label.group(1) == (
        "9 weeks from 2024-03-04 to 2024-04-29; two-way share from 0% to 100%; "
        "4-week average from 23% to 100%, last 100%"
    )
    legend = re.findall(r"<text[^>]*>([^<]*)</text>", chart.svg)
    for entry in ("each week", "4-week average", "target 33%"):
        assert entry in legend


def test_the_heatmap_names_the_zone() -> None:
    chart = hour_weekday_chart(sample_metrics(), zone=AMSTERDAM)
    assert chart.caption == (
        "Posts by weekday and hour of the day, in Europe/Amsterdam time; darker is more."
    )
    assert chart.svg is not None
    assert "hour (Europe/Amsterdam)" in chart.svg
    assert re.search(r'aria-label="[^"]*:00 Europe/Amsterdam time"', chart.svg)
    utc = hour_weekday_chart(sample_metrics())
    assert utc.caption == "Posts by weekday and hour of the day, in UTC time; darker is more."
    assert utc.svg is not None
    assert "hour (UTC)" in utc.svg


@pytest.mark.parametrize("zone", ["UTC", AMSTERDAM])
def test_the_html_names_the_zone_of_the_busiest_hours_and_the_charts(zone: str) -> None:
    html = render_html(dataclasses.replace(sample_report(), time_zone=zone))
    assert f"09:00 {zone} (14 posts), 12:00 {zone} (11 posts), 17:00 {zone} (9 posts)" in html
    assert f"Posts by weekday and hour of the day, in {zone} time" in html
    assert f"Weeks start on Monday, {zone} time." in html
    assert f"Days, weeks and hours of the day are counted in {zone} time." in html


def test_the_terminal_gives_the_days_of_the_zone_and_names_it() -> None:
    first, last = "2024-01-01T08:00:00Z", "2024-07-01T23:30:00Z"
    assert _period(first, last, "UTC") == "2024-01-01 to 2024-07-01"
    assert _period(first, last, AMSTERDAM) == (
        "2024-01-01 to 2024-07-02; days and hours in Europe/Amsterdam"
    )
    assert _period(None, last, AMSTERDAM) == "no posts"
