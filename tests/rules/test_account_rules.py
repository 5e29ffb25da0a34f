"""Account rules fire from metrics exactly at their thresholds, and never on thin data."""

from __future__ import annotations

from typing import Any

import pytest

from twoway.rules import REGISTRY, check_account

SOCIAL: dict[str, Any] = {
    "posts": {"count": 200, "per_active_day": 1.5},
    "two_way_share": 0.5,
    "promotion_share": 0.1,
    "personal_share": 0.2,
    "intent_share": {"community": 0.1},
    "kind_share": {"reply": 0.3, "repost": 0.05, "quote": 0.05},
    "question_share": 0.15,
    "people_replied_to": 40,
    "automated_share": 0.0,
    "duplicate_share": 0.01,
    "clients": {"Twitter for iPhone": 1.0},
    "response_rate_72h": 0.95,
    "unanswered": 1,
    "first_response_minutes": {"median": 20.0, "p90": 90.0, "n": 40},
    "reply_latency_minutes": {"median": 30.0, "p90": 200.0, "n": 60},
}


def codes(**changes: Any) -> list[str]:
    metrics = {**SOCIAL, **changes}
    return [hit.code for hit in check_account(metrics)]


def test_a_social_account_trips_nothing() -> None:
    assert codes() == []


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        (
            {"two_way_share": 0.12},
            "TW201",
            "only 12% of 200 posts talk with anyone (replies, questions, thanks)",
        ),
        (
            {"promotion_share": 0.35},
            "TW202",
            "35% of posts promote the account's own offering; the 80/20 rule allows 20%",
        ),
        (
            {"personal_share": 0.01, "intent_share": {"community": 0.02}},
            "TW203",
            "only 1% of posts are personal and 2% recognise others",
        ),
        (
            {"kind_share": {"reply": 0.3, "repost": 0.3, "quote": 0.02}},
            "TW204",
            "30% of posts are bare reposts and only 2% quote with a comment",
        ),
        (
            {"response_rate_72h": 0.1, "unanswered": 38},
            "TW205",
            "38 messages from people who wrote in got no answer; 10% were answered within 72 hours",
        ),
        (
            {"first_response_minutes": {"median": 600.0, "n": 5}},
            "TW206",
            "the median first response takes 10 hours; aim for under an hour",
        ),
        (
            {
                "kind_share": {"reply": 0.01, "repost": 0.0, "quote": 0.0},
                "question_share": 0.02,
                "people_replied_to": 2,
            },
            "TW207",
            "1% of posts reply to someone and 2% ask anything; it talked with 2 people",
        ),
        (
            {"automated_share": 0.6, "clients": {"IFTTT": 0.5, "Twitter Web App": 0.5}},
            "TW208",
            "60% of posts come from feeds, schedulers or bots (mostly IFTTT)",
        ),
        ({"duplicate_share": 0.25}, "TW209", "25% of posts repeat an earlier post word for word"),
        (
            {"posts": {"count": 900, "per_active_day": 7.0}, "two_way_share": 0.1},
            "TW210",
            "7.0 posts a day on days it posts, but only 10% of them talk with anyone",
        ),
    ],
)
def test_each_rule_fires_with_its_figures(changes: dict[str, Any], code: str, message: str) -> None:
    hits = {hit.code: hit for hit in check_account({**SOCIAL, **changes})}
    assert code in hits
    assert hits[code].message == message


@pytest.mark.parametrize(
    "changes",
    [
        {"two_way_share": 0.2},  # at the threshold: not under it
        {"promotion_share": 0.2},
        {"response_rate_72h": 0.8, "unanswered": 9},
        {"response_rate_72h": 0.1, "unanswered": 2},  # too few messages to judge
        {"first_response_minutes": {"median": 60.0, "n": 40}},
        # One message answered after 4 hours (and no more than 4) is no habit of slow answers.
        {"first_response_minutes": {"median": 234.0, "p90": 234.0, "n": 1}},
        {"first_response_minutes": {"median": 600.0, "p90": 900.0, "n": 4}},
    ],
)
def test_thresholds_are_exclusive(changes: dict[str, Any]) -> None:
    assert codes(**changes) == []


def test_thin_data_never_fires_and_nulls_are_ignored() -> None:
    thin = {
        **SOCIAL,
        "posts": {"count": 5, "per_active_day": 9.0},
        "two_way_share": 0.0,
        "promotion_share": 1.0,
    }
    assert [hit.code for hit in check_account(thin)] == []
    nulls = dict.fromkeys(SOCIAL) | {"posts": {"count": 300}}
    assert [hit.code for hit in check_account(nulls)] == []


def test_account_rules_are_registered_with_their_scope() -> None:
    account = REGISTRY.of_scope("account")
    assert [rule.code for rule in account] == [f"TW2{n:02d}" for n in range(1, 11)]
    assert {rule.name for rule in account} >= {
        "broadcast-heavy",
        "promotion-heavy",
        "never-personal",
        "bare-reposts",
        "unanswered-mentions",
        "slow-replies",
        "no-outreach",
        "automation-heavy",
        "repetitive",
        "volume-over-conversation",
    }
