"""The inbound-message metrics, on a bakery's answers to its customers.

====  ==============  ====================  =================================================
msg   when (T0+min)   answered by           so
====  ==============  ====================  =================================================
m1    0               a1 (5)                5 minutes
m2    30              a2 (120)              90 minutes
m3    0               a3 (4 days)           5760 minutes, after the 72 hours
m4    10              nobody                unanswered
m5    20              "gone" (not in data)  no known answer time: left out of timed figures
m6    15 (to a1)      a5 (20)               5 minutes; the customer followed up on a1
====  ==============  ====================  =================================================
"""

from __future__ import annotations

import pytest
from tests.metrics.builders import inbound, labelled, minutes, post

from twoway.metrics import compute
from twoway.model import Kind

DAY = 24 * 60
NO_INBOUND = (
    "no inbound messages: mentions and replies from others come only with inputs that hold them "
    "(the customer-conversation CSV, live pulls)"
)


def _answer(id: str, at: float, to: str) -> object:
    return labelled(
        post(id, kind=Kind.REPLY, at=minutes(at), reply_to_id=to, reply_to_account="customer"),
        "conversation",
    )


@pytest.fixture(scope="module")
def care() -> dict:
    labels = [
        _answer("a1", 5, "m1"),
        _answer("a2", 120, "m2"),
        _answer("a3", 4 * DAY, "m3"),
        _answer("a5", 20, "m6"),
    ]
    messages = [
        inbound("m1", minutes(0), answered_by=["a1"]),
        inbound("m2", minutes(30), answered_by=["a2"]),
        inbound("m3", minutes(0), answered_by=["a3"]),
        inbound("m4", minutes(10)),
        inbound("m5", minutes(20), answered_by=["gone"]),
        inbound("m6", minutes(15), answered_by=["a5"], in_reply_to="a1"),
    ]
    return compute(labels, messages).as_json()


def test_response_rate_72h(care: dict) -> None:
    # Counted: m1, m2, m3, m4, m6 (m5's answer is not in the data); within 72 h: m1, m2, m6.
    assert care["response_rate_72h"] == 3 / 5


def test_first_response_minutes(care: dict) -> None:
    # 5, 5, 90, 5760 minutes.
    assert care["first_response_minutes"] == {
        "median": 47.5,
        "p90": pytest.approx(90 + 0.7 * 5670),
        "n": 4,
    }


def test_answered_within(care: dict) -> None:
    assert care["answered_within"] == {"10m": 2 / 5, "1h": 2 / 5, "24h": 3 / 5}


def test_unanswered_counts_messages_nobody_answered(care: dict) -> None:
    assert care["unanswered"] == 1  # m4; m5 was answered, by a post outside the data


def test_avg_thread_size(care: dict) -> None:
    # {m1, a1, m6, a5}, {m2, a2}, {m3, a3}, {m4}, {m5}: 10 messages in 5 exchanges.
    assert care["avg_thread_size"] == 2.0


def test_nothing_answered() -> None:
    metrics = compute(
        [labelled(post("p1"))], [inbound("m1", minutes(0)), inbound("m2", minutes(5))]
    )
    assert metrics["response_rate_72h"] == 0.0
    assert metrics["answered_within"] == {"10m": 0.0, "1h": 0.0, "24h": 0.0}
    assert metrics["first_response_minutes"] is None
    assert (
        metrics.reason("first_response_minutes")
        == "no inbound message was answered by a post in the data"
    )
    assert metrics["unanswered"] == 2
    assert metrics["avg_thread_size"] == 1.0


def test_answers_missing_from_the_data() -> None:
    metrics = compute(
        [labelled(post("p1"))], [inbound("m1", minutes(0), answered_by=["elsewhere"])]
    ).as_json()
    reason = (
        "the posts that answered the inbound messages are not in the data, "
        "so when the answers came is unknown"
    )
    for name in ("response_rate_72h", "first_response_minutes", "answered_within"):
        assert metrics[name] is None
        assert metrics[f"{name}_reason"] == reason
    assert metrics["unanswered"] == 0


def test_an_answer_dated_before_the_message_does_not_count() -> None:
    labels = [_answer("a1", 0, "m1")]
    metrics = compute(
        labels, [inbound("m1", minutes(10), answered_by=["a1"]), inbound("m2", minutes(10))]
    )
    assert metrics["response_rate_72h"] == 0.0  # m1 left out, m2 unanswered


@pytest.mark.parametrize(
    "name",
    [
        "response_rate_72h",
        "first_response_minutes",
        "answered_within",
        "avg_thread_size",
        "unanswered",
    ],
)
def test_no_inbound_messages(name: str) -> None:
    metrics = compute([labelled(post("p1"))]).as_json()
    assert metrics[name] is None
    assert metrics[f"{name}_reason"] == NO_INBOUND


def test_an_account_that_left_almost_every_message_unanswered() -> None:
    # 3,000 messages, the first 2,999 unanswered: DuckDB types the column from a sample of its
    # rows, and a sample of nothing but "no answer" once made the one answer fail to load.
    messages = [inbound(f"m{n}", minutes(n)) for n in range(2999)]
    messages.append(inbound("last", minutes(3000), answered_by=["a1"]))
    metrics = compute([_answer("a1", 3005, "last")], messages).as_json()
    assert metrics["unanswered"] == 2999
    assert metrics["first_response_minutes"]["median"] == 5
