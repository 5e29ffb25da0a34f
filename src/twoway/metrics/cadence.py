"""When and how the account posts: per day, by hour, how regular the spacing is, with which
apps, and the series the report's charts draw.

Days, weeks (Monday first) and hours are those of the audit's time zone, UTC unless
``--tz`` names another (:mod:`twoway.metrics.zone`): they read the posts' wall-clock times,
``local_at``.  The spacing of posts is measured between UTC times, so that a change to or from
summer time adds no hour to the gap across it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from twoway.metrics.core import NO_POSTS, AccountData, Null, iso_date, metric
from twoway.metrics.mix import TWO_WAY

__all__ = [
    "BUSIEST",
    "MIN_INTERVALS",
    "busiest_hours",
    "clients",
    "hour_weekday",
    "interval_regularity",
    "posts_per_day",
    "weekly",
]

BUSIEST = 3
"""How many hours :func:`busiest_hours` lists."""

MIN_INTERVALS = 5
"""Intervals (so posts minus one) :func:`interval_regularity` needs to judge the spacing."""


@metric
def posts_per_day(d: AccountData) -> dict[str, float] | Null:
    """``{mean, max}``: posts per calendar day from the day of the first post to the day of the
    last (both counted, quiet days included), and the most posts on any one day; days in the
    audit's time zone.  Null when there are no posts."""
    if not d.count:
        return NO_POSTS
    first, last, busiest = d.one(
        "SELECT min(day), max(day), max(n) FROM "
        "(SELECT CAST(local_at AS DATE) AS day, count(*) AS n FROM posts GROUP BY 1)"
    )
    days = (last - first).days + 1
    return {"mean": d.count / days, "max": int(busiest)}


@metric
def busiest_hours(d: AccountData) -> list[dict[str, int]] | Null:
    """The 3 hours of the day (0-23, in the audit's time zone) with the most posts, most first
    (ties: earlier hour first), each ``{hour, posts}``; fewer when the posts fall in fewer hours.
    Null when there are no posts."""
    if not d.count:
        return NO_POSTS
    rows = d.rows(
        "SELECT hour(local_at) AS h, count(*) AS n FROM posts "
        "GROUP BY h ORDER BY n DESC, h LIMIT ?",
        [BUSIEST],
    )
    return [{"hour": int(h), "posts": int(n)} for h, n in rows]


@metric
def interval_regularity(d: AccountData) -> float | Null:
    """How machine-like the spacing of posts is, from 0 to 1: one minus the coefficient of
    variation (population standard deviation divided by the mean) of the intervals between
    consecutive posts (all kinds, in time order), clipped to [0, 1].  A scheduler posting every
    hour on the hour scores 1; people post in bursts and pauses, so their intervals vary as much
    as they last (a coefficient of 1 or more) and they score 0 or near it.  Posts all at the same
    moment score 1.  Null with fewer than 6 posts (5 intervals)."""
    if not d.count:
        return NO_POSTS
    if d.count < MIN_INTERVALS + 1:
        return Null(f"fewer than {MIN_INTERVALS + 1} posts, too few to judge their spacing")
    # Posts at the same moment are 0 apart whichever comes first, so the times alone are sorted:
    # half the memory of sorting them with their ids.
    mean, deviation = d.one(
        "SELECT avg(gap), stddev_pop(gap) FROM (SELECT epoch_us(created_at) - "
        "lag(epoch_us(created_at)) OVER (ORDER BY created_at) AS gap FROM posts) "
        "WHERE gap IS NOT NULL"
    )
    if not mean:
        return 1.0
    return min(1.0, max(0.0, 1.0 - float(deviation) / float(mean)))


@metric
def clients(d: AccountData) -> dict[str, float] | Null:
    """Client app name -> share of the posts that name their client (most used first, then by
    name).  Null when no post names its client (Mastodon and Bluesky exports, for two, do not)."""
    if not d.count:
        return NO_POSTS
    rows = d.rows(
        "SELECT client, count(*) AS n FROM posts WHERE client IS NOT NULL GROUP BY client "
        "ORDER BY n DESC, client"
    )
    total = sum(n for _, n in rows)
    if not total:
        return Null("no post names the app it was posted with")
    return {name: int(n) / total for name, n in rows}


@metric
def weekly(d: AccountData) -> list[dict[str, Any]] | Null:
    """A series for a chart: one ``{week, posts, two_way_share}`` per week (starting Monday, in
    the audit's time zone) from the week of the first post to the week of the last, quiet weeks included with
    ``posts`` 0 and ``two_way_share`` null; ``two_way_share`` as the metric of that name, over the
    week's posts.  Null when there are no posts."""
    if not d.count:
        return NO_POSTS
    rows = d.rows(
        f"SELECT CAST(date_trunc('week', local_at) AS DATE) AS week, count(*), "
        f"count(*) FILTER (WHERE {TWO_WAY}) FROM posts GROUP BY week ORDER BY week"
    )
    found: dict[date, tuple[int, int]] = {week: (int(n), int(tw)) for week, n, tw in rows}
    out = []
    week, last = rows[0][0], rows[-1][0]
    while week <= last:
        n, tw = found.get(week, (0, 0))
        out.append({"week": iso_date(week), "posts": n, "two_way_share": tw / n if n else None})
        week += timedelta(days=7)
    return out


@metric
def hour_weekday(d: AccountData) -> list[list[int]] | Null:
    """A series for a heatmap: posts by weekday and hour in the audit's time zone, as 7 lists
    (Monday first) of 24 counts (hour 0 first).  Null when there are no posts."""
    if not d.count:
        return NO_POSTS
    grid = [[0] * 24 for _ in range(7)]
    for weekday, hour, n in d.rows(
        "SELECT isodow(local_at) - 1, hour(local_at), count(*) FROM posts GROUP BY 1, 2"
    ):
        grid[weekday][hour] = int(n)
    return grid
