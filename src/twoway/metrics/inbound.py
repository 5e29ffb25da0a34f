"""How the account answers the people who write to it: inbound messages (mentions, replies and
comments by others, :class:`~twoway.model.Interaction`), which only some inputs hold (the
customer-conversation CSV now, live pulls later).

A message is *answered* when its ``answered_by`` names at least one of the account's posts; it
was answered at the time of the earliest of those posts that is in the data and not dated before
the message.  A message answered only by posts missing from the data (outside a ``--since`` /
``--until`` window, say) has no known answer time: the timed figures leave it out.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from twoway.metrics.core import NO_INBOUND, AccountData, Null, Tallied, count_of, metric, view

__all__ = [
    "RESPONSE_HOURS",
    "WITHIN",
    "answered_within",
    "avg_thread_size",
    "first_response_minutes",
    "response_rate_72h",
    "unanswered",
]

_STATUS = view(
    "inbound_status",
    """
    SELECT i.account, i.row,
           any_value(len(i.answered_by)) > 0 AS answered,
           (epoch_us(min(p.created_at)) - epoch_us(any_value(i.created_at))) / 60000000.0 AS minutes
    FROM inbound i
    LEFT JOIN (SELECT account, row, unnest(answered_by) AS post_id FROM inbound) a
        ON a.account = i.account AND a.row = i.row
    LEFT JOIN posts p
        ON p.account = i.account AND p.id = a.post_id AND p.created_at >= i.created_at
    GROUP BY i.account, i.row
    """,
)
"""Per inbound message: whether it was answered, and after how many minutes (null when not, or
when no answering post is in the data)."""

WITHIN = {"10m": 10, "1h": 60, "24h": 1440}
"""The delays of :func:`answered_within`, in minutes."""

RESPONSE_HOURS = 72
"""The delay of :func:`response_rate_72h`, in hours."""

_COUNTED = count_of("inbound_counted", "NOT answered OR minutes IS NOT NULL", over=_STATUS)
"""Messages the timed figures count: unanswered, or answered with a known time."""
_TIMED = count_of("inbound_timed", "minutes IS NOT NULL", over=_STATUS)
_ANSWERED_WITHIN = {
    name: count_of(f"answered_within_{name}", f"minutes <= {minutes}", over=_STATUS)
    for name, minutes in {**WITHIN, f"{RESPONSE_HOURS}h": RESPONSE_HOURS * 60}.items()
}
_UNANSWERED = count_of("unanswered", "len(answered_by) = 0", over="inbound")


def _status(d: AccountData) -> str:
    return d.table(_STATUS)


def _timed_base(d: Tallied) -> tuple[int, int] | Null:
    """How many messages the timed figures count (those unanswered, or answered with a known
    time) and how many of them have an answer time; or why none counts."""
    if not d.inbound_count:
        return NO_INBOUND
    counted, timed = d.tally(_COUNTED), d.tally(_TIMED)
    if not counted:
        return Null(
            "the posts that answered the inbound messages are not in the data, so when the answers "
            "came is unknown"
        )
    return int(counted), int(timed)


def _answered_share(d: Tallied, within: str) -> float | Null:
    base = _timed_base(d)
    if isinstance(base, Null):
        return base
    return int(d.tally(_ANSWERED_WITHIN[within])) / base[0]


@metric(tallied=True)
def response_rate_72h(d: Tallied) -> float | Null:
    """Sprout Social's response rate: the share of inbound messages the account answered within
    72 hours.  Messages answered only by posts missing from the data are left out of both counts.
    Null when there are no inbound messages, or when every answered message's answer is missing
    from the data and none went unanswered."""
    return _answered_share(d, f"{RESPONSE_HOURS}h")


@metric
def first_response_minutes(d: AccountData) -> dict[str, Any] | Null:
    """``{median, p90, n}``: minutes from an inbound message to the account's first answer, over
    the answered messages whose answer is in the data (however late it came); linear
    interpolation between ranks.  ``n`` is how many messages the figures rest on, so that one
    message answered late is not read as a habit.  Null when there are no inbound messages, or
    none was answered with its answer in the data."""
    base = _timed_base(d)
    if isinstance(base, Null):
        return base
    if not base[1]:
        return Null("no inbound message was answered by a post in the data")
    ((median, p90),) = d.one(f"SELECT quantile_cont(minutes, [0.5, 0.9]) FROM {_status(d)}")
    return {"median": median, "p90": p90, "n": base[1]}


@metric(tallied=True)
def answered_within(d: Tallied) -> dict[str, float] | Null:
    """``{10m, 1h, 24h}``: the share of inbound messages answered within 10 minutes, 1 hour and
    24 hours, counted as ``response_rate_72h`` counts them.  Null when it is."""
    base = _timed_base(d)
    if isinstance(base, Null):
        return base
    return {name: int(d.tally(_ANSWERED_WITHIN[name])) / base[0] for name in WITHIN}


_NODES = """
    SELECT id,
           row_number() OVER (ORDER BY id) - 1 AS node,
           id IN (SELECT id FROM inbound) AS inbound
    FROM (SELECT id FROM posts UNION SELECT id FROM inbound)
"""
"""Every post and inbound message, numbered from 0 (a post and a message of the same id are one)."""

_EDGES = f"""
    WITH nodes AS ({_NODES}),
    links AS (
        SELECT id AS a, in_reply_to AS b FROM inbound WHERE in_reply_to IS NOT NULL
        UNION ALL SELECT id, unnest(answered_by) FROM inbound
        UNION ALL SELECT id, reply_to_id FROM posts WHERE reply_to_id IS NOT NULL
    )
    SELECT x.node AS a, y.node AS b
    FROM links JOIN nodes x ON x.id = links.a JOIN nodes y ON y.id = links.b
"""


def _components(size: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each node's component (the smallest node in it), by hooking and pointer jumping."""
    parent = np.arange(size)
    while True:
        ra, rb = parent[a], parent[b]
        if np.array_equal(ra, rb):
            return parent
        low = np.minimum(ra, rb)
        np.minimum.at(parent, ra, low)
        np.minimum.at(parent, rb, low)
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped


@metric
def avg_thread_size(d: AccountData) -> float | Null:
    """Sprout Social's average thread size: the average number of messages in an exchange with
    the account, where an exchange is a group of inbound messages and the account's posts joined
    by replies (a message's ``in_reply_to`` and ``answered_by``, a post's ``reply_to_id``) that
    holds at least one inbound message.  An unanswered message alone is an exchange of 1.  Null
    when there are no inbound messages."""
    if not d.inbound_count:
        return NO_INBOUND
    nodes = d.columns(f"SELECT node, inbound FROM ({_NODES}) ORDER BY node")
    size = len(nodes["node"])
    edges = d.columns(_EDGES)
    a = edges["a"].astype(np.int64)
    b = edges["b"].astype(np.int64)
    component = _components(size, a, b)
    inbound_nodes = np.flatnonzero(nodes["inbound"].astype(bool))
    exchanges = np.unique(component[inbound_nodes])
    sizes = np.bincount(component, minlength=size)
    return float(sizes[exchanges].mean())


@metric(tallied=True)
def unanswered(d: Tallied) -> int | Null:
    """How many inbound messages no post of the account answered (``answered_by`` empty).  Null
    when there are no inbound messages."""
    if not d.inbound_count:
        return NO_INBOUND
    return int(d.tally(_UNANSWERED))
