"""Garbage-collector policy while hundreds of thousands of records are made or written.

twoway's records (posts, labels, rows) hold no reference cycles, but with the default thresholds
the collector rescans every live record again and again as a long list grows: a third of the
time of reading a large archive.  Inside :func:`bulk_allocation` it runs rarely; the old
thresholds come back afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["bulk_allocation"]


@contextmanager
def bulk_allocation() -> Iterator[None]:
    """Run the collector rarely for the duration of the block."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 50_000), old[1], max(old[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*old)
