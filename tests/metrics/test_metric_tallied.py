"""The tallied metrics of many accounts at once (one grouped query) equal each account's own
:func:`compute`; the registry of tallies refuses a name twice."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from tests.metrics.builders import inbound, labelled, minutes, post
from tests.metrics.test_metric_values import mix_labels

from twoway.metrics import REGISTRY, TALLIED, compute, compute_tallied
from twoway.metrics.core import count_of, inbound_table, posts_table, tally, view
from twoway.model import Kind


def other_account(labels: list) -> list:
    """The same posts as another account's (other ids, so that they are not the same posts)."""
    return [
        dataclasses.replace(
            lab, post=dataclasses.replace(lab.post, id=f"o-{lab.post.id}", account_id="b2")
        )
        for lab in labels
    ]


def test_grouped_tallies_equal_each_accounts_metrics() -> None:
    first = mix_labels()
    second = [
        labelled(post("r1", kind=Kind.REPLY, reply_to_account_id="ana"), "conversation"),
        labelled(post("r2", at=minutes(30), kind=Kind.REPOST), None),
        labelled(post("r3", at=minutes(90)), "promotion", question=True),
    ]
    third = other_account(first)
    messages = [
        inbound("m1", minutes(-30), answered_by=["p3"]),
        inbound("m2", minutes(10)),
        inbound("m3", minutes(5000), answered_by=["missing"]),
    ]
    accounts = [(first, messages), ([], []), (second, []), (third, messages[:1])]
    labels = [lab for own, _ in accounts for lab in own]
    numbers = np.repeat(np.arange(len(accounts)), [len(own) for own, _ in accounts])
    inbound_numbers = np.repeat(np.arange(len(accounts)), [len(m) for _, m in accounts])
    grouped = compute_tallied(
        posts_table(labels, numbers),
        inbound_table([m for _, ms in accounts for m in ms], inbound_numbers),
        len(accounts),
    )
    assert len(grouped) == len(accounts)
    for (own, own_messages), metrics in zip(accounts, grouped, strict=True):
        alone = compute(own, own_messages).as_json()
        assert list(metrics.as_json()) == [
            key for key in alone if key.removesuffix("_reason") in TALLIED
        ]
        for key, value in metrics.as_json().items():
            assert alone[key] == value, key


def test_the_score_reads_tallied_metrics_only() -> None:
    read = {
        "posts",
        "two_way_share",
        "question_share",
        "people_replied_to",
        "response_rate_72h",
        "link_only_share",
        "promotion_share",
        "kind_share",
        "intent_share",
        "rule_of_thirds",
    }
    assert read <= TALLIED
    assert set(REGISTRY) >= TALLIED


def test_without_inbound_table() -> None:
    (metrics,) = compute_tallied(posts_table(mix_labels()), None, 1)
    assert metrics["response_rate_72h"] is None
    assert metrics.reason("response_rate_72h").startswith("no inbound messages")


def test_a_tally_is_defined_once() -> None:
    with pytest.raises(ValueError, match="tally 'two_way' is defined twice"):
        count_of("two_way", "TRUE")
    with pytest.raises(ValueError, match="is no table or view"):
        tally("nowhere_count", "count(*)", over="nowhere")
    with pytest.raises(ValueError, match="view 'inbound_status' is defined twice"):
        view("inbound_status", "SELECT 1")
