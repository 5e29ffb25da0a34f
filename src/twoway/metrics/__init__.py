"""Account-level figures: each defined once, as a function of one account's data, and each
documented (docs/metrics.md).

:func:`compute` takes one account's labelled posts and inbound messages and gives every metric
of :data:`REGISTRY` in a :class:`Metrics`; ``Metrics.as_json()`` is the ``metrics`` object of the
JSON report, with a null metric's reason beside it under ``<name>_reason``.  The metrics that
count days, weeks or hours count them in the time zone ``tz`` names (UTC by default,
:mod:`~twoway.metrics.zone`).

The families, one module each: :mod:`~twoway.metrics.volume` (how much),
:mod:`~twoway.metrics.mix` (kinds, intents, flags), :mod:`~twoway.metrics.replies` (whom it
answers, how fast), :mod:`~twoway.metrics.inbound` (answering those who write to it),
:mod:`~twoway.metrics.reception` (public counts), :mod:`~twoway.metrics.cadence` (when, and the
chart series) and :mod:`~twoway.metrics.guidelines` (the 4-1-1, thirds and 80/20 rules).

:func:`compute_tallied` gives the metrics that rest on tallies alone (:data:`TALLIED`: the mix,
the shares, people replied to, response rates, the three rules of thumb, everything the social
score and the archetype read) for many accounts at once, from one table of every account's posts
and one query grouped by account: the same definitions, and the same values, as :func:`compute`
in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from twoway.allocation import bulk_allocation
from twoway.classifier.labels import PostLabels
from twoway.metrics import cadence, guidelines, inbound, mix, reception, replies, volume
from twoway.metrics.core import (
    REGISTRY,
    TALLIED,
    AccountData,
    MetricFunction,
    Metrics,
    Null,
    Tables,
    Tallied,
    inbound_table,
)
from twoway.metrics.zone import DEFAULT_ZONE, time_zone
from twoway.model import Interaction

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["FAMILIES", "REGISTRY", "TALLIED", "Metrics", "Null", "compute", "compute_tallied"]

FAMILIES = (volume, mix, replies, inbound, reception, cadence, guidelines)
"""The metric modules, in the order of the JSON report."""

_FAMILY_ORDER = {family.__name__: i for i, family in enumerate(FAMILIES)}
# The report's order: family by family, each family's metrics as its module defines them.
_ordered = sorted(REGISTRY.items(), key=lambda item: _FAMILY_ORDER[item[1].__module__])
REGISTRY.clear()
REGISTRY.update(_ordered)


def _evaluate(functions: Iterable[tuple[str, MetricFunction]], data: Tallied) -> Metrics:
    values: dict[str, object] = {}
    reasons: dict[str, str] = {}
    for name, function in functions:
        result = function(data)  # type: ignore[arg-type]
        if isinstance(result, Null):
            values[name] = None
            reasons[name] = result.reason
        else:
            values[name] = result
    return Metrics(values, reasons)


def compute(
    labels: Sequence[PostLabels],
    interactions: Sequence[Interaction] = (),
    *,
    tz: str = DEFAULT_ZONE,
) -> Metrics:
    """Every metric of ONE account, from its labelled posts and its inbound messages; days,
    weeks and hours in the time zone ``tz`` (an IANA name such as ``Europe/Amsterdam``).
    Raises :class:`~twoway.errors.InputError` for an unknown zone."""
    zone = time_zone(tz)
    with bulk_allocation():
        data = AccountData(labels, interactions, zone=zone)
        try:
            return _evaluate(REGISTRY.items(), data)
        finally:
            data.close()


def compute_tallied(posts: pa.Table, inbound: pa.Table | None, accounts: int) -> list[Metrics]:
    """The :data:`TALLIED` metrics of accounts ``0`` to ``accounts - 1``, in report order.

    ``posts`` holds every account's labelled posts as :func:`~twoway.metrics.core.posts_table`
    makes them, its ``account`` column numbering the accounts; ``inbound`` their inbound messages
    likewise (``None`` when there are none).  Posts of one account must be labelled together
    (:func:`twoway.classifier.classify` sees an account's history), as for :func:`compute`.  An
    account without rows gets the metrics of an account without posts.
    """
    tables = Tables(posts, inbound if inbound is not None else inbound_table([]))
    try:
        tallies = tables.tallies_of(accounts)
    finally:
        tables.close()
    functions = [(name, function) for name, function in REGISTRY.items() if name in TALLIED]
    return [_evaluate(functions, one) for one in tallies]
