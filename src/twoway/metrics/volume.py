"""How much the account posted, and over what time."""

from __future__ import annotations

from typing import Any

from twoway.metrics.core import Tallied, iso, metric, tally

__all__ = ["posts"]


_FIRST = tally("first_post", "min(created_at)")
_LAST = tally("last_post", "max(created_at)")
_ACTIVE_DAYS = tally("active_days", "count(DISTINCT CAST(local_at AS DATE))")


@metric(tallied=True)
def posts(d: Tallied) -> dict[str, Any]:
    """``{count, first, last, per_active_day}``: how many posts there are (every kind, reposts
    included), the times of the first and the last (ISO 8601, UTC), and the posts per active day
    (``count`` divided by the number of calendar days with at least one post, days in the audit's
    time zone).

    Never null: an account without posts has ``count`` 0 and the other three null.
    """
    if not d.count:
        return {"count": 0, "first": None, "last": None, "per_active_day": None}
    return {
        "count": d.count,
        "first": iso(d.tally(_FIRST)),
        "last": iso(d.tally(_LAST)),
        "per_active_day": d.count / d.tally(_ACTIVE_DAYS),
    }
