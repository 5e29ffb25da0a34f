"""How a Post keeps its url and provenance compactly: every reader sees the values it was made
with, while an X post stores no address and the posts of a file share one Source."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from datetime import UTC, datetime
from typing import Any

import pytest

from twoway.model import (
    DERIVED_URL,
    Kind,
    Post,
    PostDraft,
    Provenance,
    Source,
    derived_url,
)

WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
PROVENANCE = Provenance(file="a.zip:data/tweets.js", record=4321, importer="x-archive", version="1")


def make(**changes: Any) -> Post:
    fields: dict[str, Any] = {
        "platform": "x",
        "account": "corner_bakery",
        "account_id": "1234",
        "id": "1790000000000000001",
        "created_at": WHEN,
        "text": "Fresh loaves at 7",
        "kind": Kind.ORIGINAL,
        "provenance": PROVENANCE,
        "url": "https://x.com/corner_bakery/status/1790000000000000001",
    }
    return Post(**(fields | changes))


def stored_url(post: Post) -> Any:
    """What the url slot holds (the descriptor over it keeps the slot's own getter)."""
    return type(post).__dict__["url"]._get(post)


def stored_source(post: Post) -> Any:
    return type(post).__dict__["provenance"]._get(post)


# --- url ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "account", "post_id", "expected"),
    [
        ("x", "corner_bakery", "17", "https://x.com/corner_bakery/status/17"),
        ("x", "", "17", None),
        (
            "bluesky",
            "baker.bsky.social",
            "at://did:plc:abc123/app.bsky.feed.post/3kabcdefghij2",
            "https://bsky.app/profile/did:plc:abc123/post/3kabcdefghij2",
        ),
        ("bluesky", "baker.bsky.social", "at://did:plc:abc123/app.bsky.feed.like/3kabc", None),
        ("mastodon", "baker@bakers.social", "https://bakers.social/users/baker/statuses/1", None),
        ("facebook", "Corner Bakery", "123_456", None),
    ],
)
def test_derived_url(platform: str, account: str, post_id: str, expected: str | None) -> None:
    assert derived_url(platform, account, post_id) == expected


def test_an_x_address_is_not_stored_but_read_as_given() -> None:
    post = make()
    assert post.url == "https://x.com/corner_bakery/status/1790000000000000001"
    assert stored_url(post) is DERIVED_URL


@pytest.mark.parametrize(
    "url",
    [
        None,  # a customer-support CSV gives no address although the handle is known
        "https://twitter.com/corner_bakery/status/1790000000000000001",
        "https://x.com/CORNER_BAKERY/status/1790000000000000001",
    ],
)
def test_an_address_that_is_not_the_derived_one_is_kept(url: str | None) -> None:
    post = make(url=url)
    assert post.url == url
    assert stored_url(post) == url


def test_a_mastodon_address_is_always_kept() -> None:
    url = "https://bakers.social/@baker/111"
    post = make(
        platform="mastodon",
        account="baker@bakers.social",
        id="https://bakers.social/users/baker/statuses/111",
        url=url,
    )
    assert post.url == url
    assert stored_url(post) == url


def test_a_bluesky_address_is_derived_from_the_at_uri() -> None:
    post = make(
        platform="bluesky",
        account="baker.bsky.social",
        id="at://did:plc:abc123/app.bsky.feed.post/3kabcdefghij2",
        url="https://bsky.app/profile/did:plc:abc123/post/3kabcdefghij2",
    )
    assert post.url == "https://bsky.app/profile/did:plc:abc123/post/3kabcdefghij2"
    assert stored_url(post) is DERIVED_URL


def test_replace_keeps_the_address_the_post_had() -> None:
    # platform_fit tags an id shared across platforms ("x:123"): the address stays the post's.
    post = make()
    tagged = dataclasses.replace(post, id="x:1790000000000000001")
    assert tagged.url == "https://x.com/corner_bakery/status/1790000000000000001"
    assert dataclasses.replace(post, url=None).url is None
    assert dataclasses.replace(post, text="Sold out").url == post.url


def test_a_draft_with_the_derived_url_is_the_post_made_with_the_address() -> None:
    draft = PostDraft()
    for spec in dataclasses.fields(Post):
        setattr(draft, spec.name, getattr(make(), spec.name))
    draft.provenance = PROVENANCE.source  # type: ignore[assignment]  # as Post stores it
    draft._record = PROVENANCE.record
    draft.url = DERIVED_URL
    draft.__class__ = Post  # type: ignore[assignment]
    assert draft == make()
    assert hash(draft) == hash(make())
    assert repr(draft) == repr(make())


# --- provenance ---------------------------------------------------------------------------------


def test_provenance_reads_as_given() -> None:
    post = make()
    assert post.provenance == PROVENANCE
    assert type(post.provenance) is Provenance
    assert post.provenance.record == 4321


def test_posts_of_one_file_share_its_source() -> None:
    first = make()
    second = make(id="2", provenance=dataclasses.replace(PROVENANCE, record=4322))
    other = make(id="3", provenance=dataclasses.replace(PROVENANCE, file="b.zip:data/tweets.js"))
    assert stored_source(first) is stored_source(second)
    assert stored_source(first) == Source(
        file="a.zip:data/tweets.js", importer="x-archive", version="1"
    )
    assert (second.provenance.record, other.provenance.record) == (4322, 4321)
    assert other.provenance.file == "b.zip:data/tweets.js"


def test_source_at_and_provenance_source_are_inverse() -> None:
    source = Source(file="f.csv", importer="x-legacy", version="2")
    assert source.at(9) == Provenance(file="f.csv", record=9, importer="x-legacy", version="2")
    assert source.at(9).source == source


def test_replace_with_a_new_provenance() -> None:
    changed = dataclasses.replace(make(), provenance=dataclasses.replace(PROVENANCE, record=1))
    assert changed.provenance == dataclasses.replace(PROVENANCE, record=1)


# --- the post as a whole ------------------------------------------------------------------------


def test_the_fields_are_those_of_the_public_model() -> None:
    names = [spec.name for spec in dataclasses.fields(Post)]
    assert names[:10] == [
        "platform",
        "account",
        "account_id",
        "id",
        "created_at",
        "text",
        "kind",
        "provenance",
        "kind_guessed",
        "url",
    ]
    assert dataclasses.asdict(make())["url"] == make().url
    assert dataclasses.asdict(make())["provenance"] == dataclasses.asdict(PROVENANCE)


def test_equal_posts_are_equal_however_their_url_was_given() -> None:
    assert make() == make()
    assert make() != make(url=None)
    assert make() != make(provenance=dataclasses.replace(PROVENANCE, record=1))


def test_a_post_is_still_frozen() -> None:
    post = make()
    with pytest.raises(dataclasses.FrozenInstanceError):
        post.url = "https://example.com"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        post.provenance = PROVENANCE  # type: ignore[misc]
    # Not a field: Python 3.11's frozen slotted dataclasses raise TypeError for other names.
    with pytest.raises((dataclasses.FrozenInstanceError, TypeError)):
        post._record = 1  # type: ignore[misc]
    assert post.provenance == PROVENANCE


@pytest.mark.parametrize("url", ["https://x.com/corner_bakery/status/1790000000000000001", None])
def test_copies_and_pickles_are_equal(url: str | None) -> None:
    post = make(url=url)
    for copied in (copy.copy(post), copy.deepcopy(post), pickle.loads(pickle.dumps(post))):
        assert copied == post
        assert copied.url == url
        assert copied.provenance == PROVENANCE
