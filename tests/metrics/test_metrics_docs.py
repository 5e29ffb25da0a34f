"""Every metric is documented: a docstring in code, and a section in docs/metrics.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.metrics.builders import labelled, post

from twoway.metrics import REGISTRY, compute
from twoway.metrics.core import metric

DOCS = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"

ISSUE_NAMES = {
    "posts", "kind_share", "intent_share", "ica_share", "two_way_share", "followerwonk_engagement",
    "link_share", "link_only_share", "question_share", "promotion_share", "personal_share",
    "quote_post_share", "automated_share", "duplicate_share", "follow_begging_share",
    "people_replied_to", "reply_concentration", "reply_latency_minutes", "response_rate_72h",
    "first_response_minutes", "answered_within", "avg_thread_size", "unanswered",
    "conversation_rate", "amplification_rate", "applause_rate", "top_conversation_starters",
    "posts_per_day", "busiest_hours", "interval_regularity", "clients",
    "rule_4_1_1", "rule_of_thirds", "rule_80_20",
    "weekly", "hour_weekday", "reply_latency_histogram",
}  # fmt: skip
"""The names issue 4 asks for (and the chart series)."""


def documented() -> list[str]:
    return re.findall(r"^### `([a-z0-9_]+)`$", DOCS.read_text(encoding="utf-8"), flags=re.MULTILINE)


def reported() -> set[str]:
    data = compute([labelled(post("p1"))]).as_json()
    return {name for name in data if not name.endswith("_reason")}


def test_every_reported_metric_is_documented_and_every_documented_one_reported() -> None:
    names = documented()
    assert len(names) == len(set(names)), "a metric is documented twice"
    assert set(names) == reported()


def test_docs_follow_the_report_order() -> None:
    assert documented() == list(REGISTRY)


def test_every_metric_the_issue_names_is_there() -> None:
    assert reported() >= ISSUE_NAMES


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_metric_says_what_it_measures_and_when_it_is_null(name: str) -> None:
    doc = REGISTRY[name].__doc__ or ""
    assert len(doc.split()) >= 15
    assert "null" in doc.lower(), f"{name}'s docstring does not say when it is null"


def test_a_metric_is_defined_once() -> None:
    def posts() -> None:
        """Again."""

    with pytest.raises(ValueError, match="metric 'posts' is defined twice"):
        metric(posts)  # type: ignore[arg-type]


def test_a_metric_needs_a_docstring() -> None:
    def undocumented_metric() -> None:
        pass

    with pytest.raises(ValueError, match="has no docstring"):
        metric(undocumented_metric)  # type: ignore[arg-type]
    assert "undocumented_metric" not in REGISTRY
