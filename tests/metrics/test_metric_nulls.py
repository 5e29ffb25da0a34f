"""Metrics the data cannot support are null, with the reason beside them."""

from __future__ import annotations

import pytest
from tests.metrics.builders import labelled, minutes, post

from twoway.metrics import REGISTRY, Metrics, compute
from twoway.model import Kind


def test_an_account_without_posts() -> None:
    metrics = compute([]).as_json()
    assert metrics["posts"] == {"count": 0, "first": None, "last": None, "per_active_day": None}
    assert "posts_reason" not in metrics
    inbound = {
        "response_rate_72h",
        "first_response_minutes",
        "answered_within",
        "avg_thread_size",
        "unanswered",
    }
    for name in REGISTRY:
        if name == "posts":
            continue
        assert metrics[name] is None, name
        assert metrics[f"{name}_reason"] == (
            "no posts" if name not in inbound else metrics["unanswered_reason"]
        )


def test_only_reposts() -> None:
    labels = [labelled(post(f"r{i}", kind=Kind.REPOST, likes=3, replies=1)) for i in range(3)]
    metrics = compute(labels).as_json()
    assert metrics["kind_share"]["repost"] == 1.0
    assert metrics["followerwonk_engagement"] == 1.0
    for name in ("intent_share", "ica_share"):
        assert metrics[name] is None
        assert (
            metrics[f"{name}_reason"] == "every post is a bare repost, and reposts have no intent"
        )
    for name in ("conversation_rate", "applause_rate", "top_conversation_starters"):
        assert metrics[name] is None
        assert (
            metrics[f"{name}_reason"]
            == "every post is a bare repost, whose counts belong to the post it shares"
        )
    assert metrics["rule_of_thirds"]["shares"] == {
        "promotion": 0.0,
        "sharing": 1.0,
        "interaction": 0.0,
    }


def test_no_replies() -> None:
    metrics = compute([labelled(post("p1"))]).as_json()
    assert metrics["people_replied_to"] == 0
    for name in ("reply_concentration", "reply_latency_minutes", "reply_latency_histogram"):
        assert metrics[name] is None
        assert metrics[f"{name}_reason"] == "no replies to others"


def test_replies_without_parent_times_or_targets() -> None:
    metrics = compute([labelled(post("r1", kind=Kind.REPLY), "conversation")]).as_json()
    assert metrics["people_replied_to"] is None
    assert metrics["people_replied_to_reason"] == "no reply names the account it answers"
    assert metrics["reply_concentration_reason"] == "no reply names the account it answers"
    assert metrics["reply_latency_minutes_reason"] == (
        "no reply has its parent's time "
        "(the source gives neither the time of the post answered nor an id that encodes it)"
    )
    assert metrics["reply_latency_histogram_reason"] == metrics["reply_latency_minutes_reason"]


def test_no_public_counts() -> None:
    metrics = compute([labelled(post("p1", likes=2))]).as_json()
    assert metrics["applause_rate"] == 2.0
    assert metrics["conversation_rate"] is None
    assert metrics["conversation_rate_reason"] == "the source gives no reply counts"
    assert metrics["amplification_rate_reason"] == "the source gives no repost counts"
    assert metrics["top_conversation_starters_reason"] == "the source gives no reply counts"


def test_reply_counts_of_zero_give_an_empty_list() -> None:
    metrics = compute([labelled(post("p1", replies=0))])
    assert metrics["conversation_rate"] == 0.0
    assert metrics["top_conversation_starters"] == []


def test_no_clients_and_too_few_posts_for_spacing() -> None:
    metrics = compute([labelled(post(f"p{i}", at=minutes(i))) for i in range(5)]).as_json()
    assert metrics["clients_reason"] == "no post names the app it was posted with"
    assert (
        metrics["interval_regularity_reason"]
        == "fewer than 6 posts, too few to judge their spacing"
    )


@pytest.mark.parametrize("count", [0, 3])
def test_every_null_has_a_reason_and_every_reason_a_null(count: int) -> None:
    metrics = compute([labelled(post(f"p{i}")) for i in range(count)])
    data = metrics.as_json()
    for name in REGISTRY:
        assert name in data
        assert (data[name] is None) == (f"{name}_reason" in data)
    assert Metrics.from_json(data) == metrics
