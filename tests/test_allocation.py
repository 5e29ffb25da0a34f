from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from twoway.allocation import lasting_allocation


class Record:
    """A tracked object, as posts are."""

    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        self.value = value


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector on and nothing frozen, as a library caller has it; put back afterwards."""
    was_enabled = gc.isenabled()
    gc.unfreeze()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_the_collector_pauses_and_what_was_made_joins_the_oldest_generation(
    collector: None,
) -> None:
    with lasting_allocation():
        assert not gc.isenabled()
        records = [Record(n) for n in range(10_000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert gc.get_count()[0] < 1_000  # not left in the young generation to be scanned
    assert all(gc.is_tracked(r) for r in records[:10])
    young = gc.get_objects(generation=0) + gc.get_objects(generation=1)
    assert not any(r is records[0] or r is records[-1] for r in young)


def test_the_collector_comes_back_after_an_error(collector: None) -> None:
    with pytest.raises(KeyError), lasting_allocation():
        raise KeyError("x")
    assert gc.isenabled()


def test_a_collector_turned_off_stays_off(collector: None) -> None:
    gc.disable()
    with lasting_allocation():
        pass
    assert not gc.isenabled()


def test_objects_the_program_froze_stay_frozen(collector: None) -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    try:
        with lasting_allocation():
            records = [Record(n) for n in range(1_000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() == frozen
        assert len(records) == 1_000
    finally:
        gc.unfreeze()
