"""Account-level figures: each defined once, as a function of one account's data, and each
documented (docs/metrics.md).

:func:`compute` takes one account's labelled posts and inbound messages and gives every metric
of :data:`REGISTRY` in a :class:`Metrics`; ``Metrics.as_json()`` is the ``metrics`` object of the
JSON report, with a null metric's reason beside it under ``<name>_reason``.

The families, one module each: :mod:`~twoway.metrics.volume` (how much),
:mod:`~twoway.metrics.mix` (kinds, intents, flags), :mod:`~twoway.metrics.replies` (whom it
answers, how fast), :mod:`~twoway.metrics.inbound` (answering those who write to it),
:mod:`~twoway.metrics.reception` (public counts), :mod:`~twoway.metrics.cadence` (when, and the
chart series) and :mod:`~twoway.metrics.guidelines` (the 4-1-1, thirds and 80/20 rules).
"""

from __future__ import annotations

from collections.abc import Sequence

from twoway.allocation import bulk_allocation
from twoway.classifier.labels import PostLabels
from twoway.metrics import cadence, guidelines, inbound, mix, reception, replies, volume
from twoway.metrics.core import REGISTRY, AccountData, Metrics, Null
from twoway.model import Interaction

__all__ = ["FAMILIES", "REGISTRY", "Metrics", "Null", "compute"]

FAMILIES = (volume, mix, replies, inbound, reception, cadence, guidelines)
"""The metric modules, in the order of the JSON report."""

_FAMILY_ORDER = {family.__name__: i for i, family in enumerate(FAMILIES)}
# The report's order: family by family, each family's metrics as its module defines them.
_ordered = sorted(REGISTRY.items(), key=lambda item: _FAMILY_ORDER[item[1].__module__])
REGISTRY.clear()
REGISTRY.update(_ordered)


def compute(labels: Sequence[PostLabels], interactions: Sequence[Interaction] = ()) -> Metrics:
    """Every metric of ONE account, from its labelled posts and its inbound messages."""
    values: dict[str, object] = {}
    reasons: dict[str, str] = {}
    with bulk_allocation():
        data = AccountData(labels, interactions)
        try:
            for name, function in REGISTRY.items():
                result = function(data)
                if isinstance(result, Null):
                    values[name] = None
                    reasons[name] = result.reason
                else:
                    values[name] = result
        finally:
            data.close()
    return Metrics(values, reasons)
