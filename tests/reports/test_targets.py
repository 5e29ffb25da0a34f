"""The key figures beside their targets (twoway.reports.targets): a figure that misses its target
never reads as the target itself."""

from __future__ import annotations

from typing import Any

import pytest

from twoway.reports.targets import key_metrics


def _shown(metrics: dict[str, Any], name: str) -> tuple[str, str, bool | None]:
    (value,) = [v for v in key_metrics(metrics) if v.metric.name == name]
    return value.shown, value.target, value.met


@pytest.mark.parametrize(
    ("metrics", "name", "expected"),
    [
        # A median of 62.6 minutes was "1 h", off target beside "at most 1 h".
        (
            {"reply_latency_minutes": {"median": 62.63}},
            "reply_latency_minutes",
            ("63 min", "at most 1 h", False),
        ),
        (
            {"reply_latency_minutes": {"median": 60.4}},
            "reply_latency_minutes",
            ("just over 1 h", "at most 1 h", False),
        ),
        (
            {"reply_latency_minutes": {"median": 59.6}},
            "reply_latency_minutes",
            ("60 min", "at most 1 h", True),
        ),
        (
            {"reply_latency_minutes": {"median": 150}},
            "reply_latency_minutes",
            ("2.5 h", "at most 1 h", False),
        ),
        ({"two_way_share": 0.3299}, "two_way_share", ("just under 33%", "at least 33%", False)),
        ({"two_way_share": 0.334}, "two_way_share", ("33%", "at least 33%", True)),
        ({"two_way_share": 0.31}, "two_way_share", ("31%", "at least 33%", False)),
        ({"promotion_share": 0.2004}, "promotion_share", ("just over 20%", "at most 20%", False)),
        ({"promotion_share": 0.2}, "promotion_share", ("20%", "at most 20%", True)),
        ({"question_share": 0.0996}, "question_share", ("just under 10%", "at least 10%", False)),
        (
            {"response_rate_72h": 0.797},
            "response_rate_72h",
            ("just under 80%", "at least 80%", False),
        ),
        ({"link_only_share": 0.004}, "link_only_share", ("<1%", "at most 20%", True)),
    ],
)
def test_a_missed_target_never_reads_as_the_target(
    metrics: dict[str, Any], name: str, expected: tuple[str, str, bool]
) -> None:
    assert _shown(metrics, name) == expected
