"""Whom the account answers, and how fast: replies to other accounts (kind ``reply``)."""

from __future__ import annotations

from typing import Any

from twoway.metrics.core import NO_POSTS, AccountData, Null, Tallied, count_of, metric, tally

__all__ = [
    "LATENCY_EDGES",
    "TOP_ACCOUNTS",
    "people_replied_to",
    "reply_concentration",
    "reply_latency_histogram",
    "reply_latency_minutes",
]

TOP_ACCOUNTS = 5
"""How many of the most-replied accounts :func:`reply_concentration` looks at."""

LATENCY_EDGES: tuple[int, ...] = (0, 5, 15, 60, 240, 1440, 4320, 10080)
"""Bucket edges of :func:`reply_latency_histogram`, in minutes: 5 and 15 minutes, 1 and 4 hours,
1 day, 3 days, 1 week."""

_LATENCY = "(epoch_us(created_at) - epoch_us(reply_to_time)) / 60000000.0"
_TIMED = "kind = 'reply' AND reply_to_time IS NOT NULL AND created_at >= reply_to_time"


_REPLIES = count_of("replies_to_others", "kind = 'reply'")
_PEOPLE = tally("people_replied_to", "count(DISTINCT reply_to) FILTER (WHERE kind = 'reply')")
_NAMED = tally("replies_naming", "count(reply_to) FILTER (WHERE kind = 'reply')")
# A tally, not a query of its own: both latency metrics ask it, and the tallies' one query adds
# it for next to nothing.
_TIMED_REPLIES = count_of("replies_timed", _TIMED)


def _no_replies(d: Tallied) -> Null | None:
    if not d.count:
        return NO_POSTS
    return None if d.tally(_REPLIES) else Null("no replies to others")


@metric(tallied=True)
def people_replied_to(d: Tallied) -> int | Null:
    """How many distinct accounts the account replied to (replies of kind ``reply``; an account is
    told apart by its id, or by its handle in any case when the id is unknown).  0 when there are
    no replies.  Null when there are no posts, or when there are replies but none names the
    account it answers."""
    if not d.count:
        return NO_POSTS
    replies, people, named = d.tally(_REPLIES), d.tally(_PEOPLE), d.tally(_NAMED)
    if replies and not named:
        return Null("no reply names the account it answers")
    return int(people)


@metric
def reply_concentration(d: AccountData) -> float | Null:
    """The share of replies that went to the 5 accounts replied to most (among replies that name
    the account they answer): 1 when the account talks to five people or fewer, near 0 when its
    replies are spread over many.  Null when there are no replies that name their account."""
    missing = _no_replies(d)
    if missing is not None:
        return missing
    counts = [
        int(n)
        for (n,) in d.rows(
            "SELECT count(*) AS n FROM posts WHERE kind = 'reply' AND reply_to IS NOT NULL "
            "GROUP BY reply_to ORDER BY n DESC"
        )
    ]
    if not counts:
        return Null("no reply names the account it answers")
    return sum(counts[:TOP_ACCOUNTS]) / sum(counts)


def _no_latency(d: Tallied) -> Null | None:
    missing = _no_replies(d)
    if missing is not None:
        return missing
    if not d.tally(_TIMED_REPLIES):
        return Null(
            "no reply has its parent's time (the source gives neither the time of the post "
            "answered nor an id that encodes it)"
        )
    return None


@metric
def reply_latency_minutes(d: AccountData) -> dict[str, Any] | Null:
    """``{median, p90, n}``: minutes from the post answered to the account's reply, over the
    replies to other accounts whose parent's time is known (from the data, or decoded from the
    parent's id where the platform's ids encode time); the median and 90th percentile
    interpolate linearly between ranks; ``n`` is how many replies they rest on.  A reply dated
    before its parent (bad data) is left out.  Null when there are no replies, or none has its
    parent's time."""
    missing = _no_latency(d)
    if missing is not None:
        return missing
    (median, p90), n = d.one(
        f"SELECT quantile_cont({_LATENCY}, [0.5, 0.9]), count(*) FROM posts WHERE {_TIMED}"
    )
    return {"median": median, "p90": p90, "n": int(n)}


@metric
def reply_latency_histogram(d: AccountData) -> dict[str, list[int]] | Null:
    """``{edges, counts}``: the replies of ``reply_latency_minutes`` counted by delay, for a
    chart.  ``edges`` are minutes (0, 5, 15, 60, 240, 1440, 4320, 10080); ``counts[i]`` is the
    number of replies with ``edges[i] <= minutes < edges[i + 1]``, and the last count those of a
    week or more.  Null when ``reply_latency_minutes`` is."""
    missing = _no_latency(d)
    if missing is not None:
        return missing
    bounds = [*LATENCY_EDGES[1:], None]
    filters = ", ".join(
        f"count(*) FILTER (WHERE m >= {low}" + (f" AND m < {high})" if high is not None else ")")
        for low, high in zip(LATENCY_EDGES, bounds, strict=True)
    )
    counts = d.one(f"SELECT {filters} FROM (SELECT {_LATENCY} AS m FROM posts WHERE {_TIMED})")
    return {"edges": list(LATENCY_EDGES), "counts": [int(n) for n in counts]}
