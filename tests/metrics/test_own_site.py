"""The account's own site, read off its handle (:mod:`twoway.metrics.own_site`)."""

from __future__ import annotations

import pytest

from twoway.metrics.own_site import is_own_site, own_name


@pytest.mark.parametrize(
    ("handle", "name"),
    [
        ("@Corner_Bakery", "cornerbakery"),
        ("ana@social.example", "ana"),
        ("bakery.bsky.social", "bakery"),
        ("cornerbakeryco", "cornerbakeryco"),
    ],
)
def test_own_name(handle: str, name: str) -> None:
    assert own_name(handle) == name


@pytest.mark.parametrize(
    ("domain", "handle", "own"),
    [
        ("cornerbakery.example", "cornerbakeryco", True),  # the site spells the handle
        ("shop.millbakes.co.uk", "millbakes", True),
        ("thebakery.example", "bakery", True),  # the handle spells the site
        ("bakery.example", "bakery.example", True),  # a Bluesky handle that is a domain
        ("flour.example", "cornerbakeryco", False),
        ("ana.example", "ana", False),  # a name under four letters says too little
        ("banana.example", "ana", False),
        ("google.example", "go", False),
        ("example.org", "bakery", False),
        ("cornerbakery.example", "", False),
    ],
)
def test_is_own_site(domain: str, handle: str, own: bool) -> None:
    assert is_own_site(domain, handle) is own
