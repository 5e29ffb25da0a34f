"""Metrics are columnar: 100,000 posts take well under a second (a loose guard here against a
slip into per-post Python; the figure itself is measured by benchmarks)."""

from __future__ import annotations

import dataclasses
import time
from datetime import timedelta

from tests.metrics.builders import inbound, minutes
from tests.metrics.test_metric_values import mix_labels

from twoway.metrics import compute


def test_100k_posts() -> None:
    base = mix_labels()
    labels = [
        dataclasses.replace(
            lab,
            post=dataclasses.replace(
                lab.post,
                id=f"{lab.post.id}-{k}",
                created_at=lab.post.created_at + timedelta(minutes=7 * k),
            ),
        )
        for k in range(10_000)
        for lab in base
    ]
    messages = [
        inbound(f"m{k}", minutes(7 * k + 100), answered_by=[f"p3-{k}"]) for k in range(10_000)
    ]
    compute(labels[:10], messages[:1])  # warm up DuckDB
    start = time.perf_counter()
    metrics = compute(labels, messages)
    elapsed = time.perf_counter() - start
    assert metrics["posts"]["count"] == 100_000
    assert metrics["kind_share"]["reply"] == 0.3
    assert metrics["response_rate_72h"] == 1.0
    assert elapsed < 3.0, f"{elapsed:.2f} s for 100,000 posts"
