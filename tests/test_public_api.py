"""The package's public names: listed once, sorted, importable and documented."""

from __future__ import annotations

import inspect

import twoway


def test_all_is_sorted_and_complete() -> None:
    assert twoway.__all__ == sorted(twoway.__all__)
    public = {
        name
        for name, value in vars(twoway).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
    }
    assert public | {"__version__"} == set(twoway.__all__)


def test_every_public_name_is_documented() -> None:
    for name in twoway.__all__:
        value = getattr(twoway, name)
        if callable(value):
            assert inspect.getdoc(value), f"twoway.{name} has no docstring"
