"""How much the account posted, and over what time."""

from __future__ import annotations

from typing import Any

from twoway.metrics.core import AccountData, iso, metric

__all__ = ["posts"]


@metric
def posts(d: AccountData) -> dict[str, Any]:
    """``{count, first, last, per_active_day}``: how many posts there are (every kind, reposts
    included), the times of the first and the last (ISO 8601, UTC), and the posts per active day
    (``count`` divided by the number of UTC calendar days with at least one post).

    Never null: an account without posts has ``count`` 0 and the other three null.
    """
    if not d.count:
        return {"count": 0, "first": None, "last": None, "per_active_day": None}
    first, last, days = d.one(
        "SELECT min(created_at), max(created_at), count(DISTINCT CAST(created_at AS DATE)) "
        "FROM posts"
    )
    return {
        "count": d.count,
        "first": iso(first),
        "last": iso(last),
        "per_active_day": d.count / days,
    }
