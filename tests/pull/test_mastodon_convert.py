"""Mastodon API statuses as Posts and Interactions: kinds, text, counts, and the ids the
outbox importer gives the same statuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tests.pull.mastodon_api import (
    ACTOR,
    ANA,
    BOB,
    EVE,
    HANDLE,
    OWNER,
    OWNER_ID,
    T0,
    snowflake,
    status,
)

from twoway.errors import InputError
from twoway.model import Kind, Link, Provenance
from twoway.pull.mastodon import (
    Bad,
    Ids,
    Owner,
    full_acct,
    interaction_from_status,
    post_from_status,
    split_account,
)

PROVENANCE = Provenance(
    file="https://bakery.example/api/v1/accounts/1001/statuses?limit=40",
    record=1,
    importer="mastodon-api",
    version="1",
)
ME = Owner(api_id=OWNER_ID, actor=ACTOR, handle=HANDLE, display_name="Cornerbakery")


def _ids() -> Ids:
    return Ids(ME)


OWN = status(snowflake(T0, 1), OWNER, T0, "<p>First</p>")
THEIRS = status(snowflake(T0, 2), ANA, T0, "<p>Hello</p>", mentions=(OWNER,))
LOCAL = status(snowflake(T0, 3), BOB, T0, "<p>Hi</p>")
LATER = T0 + timedelta(hours=1)
NEW_ID = snowflake(LATER, 9)


def _own(**extra: Any) -> dict[str, Any]:
    return status(NEW_ID, OWNER, LATER, "<p>Words</p>", **extra)


def _quote_status(quote: dict[str, Any]) -> dict[str, Any]:
    return _own(quote=quote)


@pytest.mark.parametrize(
    ("entity", "kind", "reply_to", "quoted"),
    [
        (_own(), Kind.ORIGINAL, None, None),
        (
            _own(reply_to=THEIRS, mentions=(ANA,)),
            Kind.REPLY,
            f"https://bakery.example/@ana@remote.example/{THEIRS['id']}",
            None,
        ),
        (
            _own(reply_to=LOCAL, mentions=(BOB,)),
            Kind.REPLY,
            f"https://bakery.example/@bob/{LOCAL['id']}",
            None,
        ),
        (_own(reply_to=OWN), Kind.THREAD, f"{ACTOR}/statuses/{OWN['id']}", None),
        (
            _quote_status({"state": "accepted", "quoted_status": THEIRS}),
            Kind.QUOTE,
            None,
            THEIRS["uri"],
        ),
        (
            _quote_status({"state": "pending", "quoted_status": None}),
            Kind.QUOTE,
            None,
            None,
        ),
        (_quote_status({"state": "accepted", "quoted_status_id": "77"}), Kind.QUOTE, None, None),
        (_quote_status(THEIRS), Kind.QUOTE, None, THEIRS["uri"]),  # Fedibird: a Status
        (_own(quote_id=THEIRS["id"]), Kind.QUOTE, None, None),  # Fedibird: only its id
        (
            _own(reply_to=OWN, quote={"state": "accepted", "quoted_status": THEIRS}),
            Kind.THREAD,
            f"{ACTOR}/statuses/{OWN['id']}",
            THEIRS["uri"],
        ),
        (_own(quote=None), Kind.ORIGINAL, None, None),
    ],
    ids=[
        "original",
        "reply-remote",
        "reply-local",
        "thread",
        "quote",
        "quote-pending",
        "shallow-quote",
        "fedibird-quote",
        "fedibird-quote-id",
        "reply-before-quote",
        "quote-null",
    ],
)
def test_kinds(
    entity: dict[str, Any], kind: Kind, reply_to: str | None, quoted: str | None
) -> None:
    post = post_from_status(entity, _ids(), PROVENANCE)
    assert post.kind is kind
    assert post.kind_guessed is False
    assert post.reply_to_id == reply_to
    assert post.quoted_id == quoted


def test_a_reply_knows_its_parent_account_and_time() -> None:
    ids = _ids()
    ids.see_account(ANA)
    post = post_from_status(_own(reply_to=THEIRS, mentions=(ANA,)), ids, PROVENANCE)
    assert post.reply_to_account == "ana@remote.example"
    assert post.reply_to_account_id == "https://remote.example/users/ana"
    assert post.reply_to_time == T0  # from the parent's snowflake id
    thread = post_from_status(_own(reply_to=OWN), ids, PROVENANCE)
    assert (thread.reply_to_account, thread.reply_to_account_id) == (HANDLE, ACTOR)


def test_a_parent_seen_before_is_known_by_its_uri() -> None:
    ids = _ids()
    ids.uris[THEIRS["id"]] = THEIRS["uri"]
    post = post_from_status(_own(reply_to=THEIRS), ids, PROVENANCE)
    assert post.reply_to_id == THEIRS["uri"]


def test_a_parent_by_an_unknown_account_is_named_by_the_api() -> None:
    entity = _own(reply_to=THEIRS)  # no mention of the parent's author
    post = post_from_status(entity, _ids(), PROVENANCE)
    assert post.reply_to_id == f"https://bakery.example/api/v1/statuses/{THEIRS['id']}"
    assert post.reply_to_account is None


def test_a_boost_is_a_repost_with_the_outbox_id() -> None:
    shared = status(snowflake(T0, 4), EVE, T0, "<p>Festival</p>")
    boost = status(NEW_ID, OWNER, LATER, "", reblog=shared)
    post = post_from_status(boost, _ids(), PROVENANCE)
    assert boost["uri"] == f"{ACTOR}/statuses/{NEW_ID}/activity"
    assert post.id == f"{ACTOR}/statuses/{NEW_ID}"
    assert post.kind is Kind.REPOST
    assert post.text == ""
    assert post.reposted_id == shared["uri"]
    assert post.reposted_account == "eve@remote.example"


def test_every_field_of_an_original() -> None:
    entity = status(
        NEW_ID,
        OWNER,
        LATER,
        '<p>Fresh sourdough today!<br>Come early &amp; bring a friend.</p><p><a href="https://'
        'shop.example/menu" rel="nofollow noopener noreferrer" target="_blank"><span class="'
        'invisible">https://</span><span class="">shop.example/menu</span><span class="invisi'
        'ble"></span></a> <a href="https://bakery.example/tags/bread" class="mention hashtag" '
        'rel="tag">#<span>bread</span></a> <span class="h-card"><a href="https://bakery.example'
        '/@bob" class="u-url mention">@<span>bob</span></a></span></p>',
        tags=("bread",),
        mentions=(BOB, ANA),
        media=2,
        replies=3,
        visibility="unlisted",
        quotes_count=4,
    )
    post = post_from_status(entity, _ids(), PROVENANCE)
    assert post.text == (
        "Fresh sourdough today!\nCome early & bring a friend.\n\nhttps://shop.example/menu "
        "#bread @bob"
    )
    assert post.platform == "mastodon"
    assert (post.account, post.account_id) == (HANDLE, ACTOR)
    assert post.id == f"{ACTOR}/statuses/{NEW_ID}"
    assert post.url == f"https://bakery.example/@cornerbakery/{NEW_ID}"
    assert post.created_at == LATER
    assert post.links == (Link(url="https://shop.example/menu", domain="shop.example"),)
    assert post.hashtags == ("bread",)
    assert post.mentions == ("bob@bakery.example", "ana@remote.example")
    assert post.media_count == 2
    assert post.client == "Web"
    assert post.lang == "en"
    assert post.visibility == "unlisted"
    assert (post.likes, post.reposts, post.replies, post.quotes) == (2, 1, 3, 4)
    assert post.provenance == PROVENANCE


def test_html_line_breaks_lists_and_the_quote_fallback() -> None:
    content = (
        '<p class="quote-inline">RE: <a href="https://remote.example/@eve/1">link</a></p>'
        "<p>Line one<br />line two</p><ul><li>rye</li><li>spelt</li></ul><p>&lt;b&gt; &#127838;</p>"
    )
    post = post_from_status(status(NEW_ID, OWNER, LATER, content), _ids(), PROVENANCE)
    assert post.text == "Line one\nline two\n\nrye\nspelt\n\n<b> 🍞"


@pytest.mark.parametrize(
    ("entity", "kind", "in_reply_to"),
    [
        (
            status(NEW_ID, ANA, LATER, "<p>hi</p>", reply_to=OWN),
            "reply",
            f"{ACTOR}/statuses/{OWN['id']}",
        ),
        (status(NEW_ID, ANA, LATER, "<p>hi</p>", mentions=(OWNER,)), "mention", None),
        (
            status(NEW_ID, ANA, LATER, "<p>hi</p>", reply_to=LOCAL, mentions=(OWNER,)),
            "mention",
            None,
        ),
        (
            status(
                NEW_ID, ANA, LATER, "<p>hi</p>", quote={"state": "accepted", "quoted_status": OWN}
            ),
            "quote",
            OWN["uri"],
        ),
        (
            status(
                NEW_ID, ANA, LATER, "<p>hi</p>", quote={"state": "accepted", "quoted_status": LOCAL}
            ),
            "mention",
            None,
        ),
    ],
    ids=["reply", "mention", "reply-to-other", "quote", "quote-of-other"],
)
def test_inbound_types(entity: dict[str, Any], kind: str, in_reply_to: str | None) -> None:
    message = interaction_from_status(entity, _ids(), PROVENANCE)
    assert message.type == kind
    assert message.in_reply_to == in_reply_to
    assert message.account == HANDLE
    assert message.id == entity["uri"]
    assert message.author == "ana@remote.example"
    assert message.author_id == "https://remote.example/users/ana"
    assert message.text == "hi"
    assert message.created_at == LATER
    assert message.answered_by == ()


def test_a_local_author_gets_the_servers_host() -> None:
    message = interaction_from_status(LOCAL, _ids(), PROVENANCE)
    assert message.author == "bob@bakery.example"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"uri": None}, "missing uri"),
        ({"uri": 5}, "uri is not a string"),
        ({"created_at": None}, "missing created_at"),
        ({"created_at": "yesterday"}, "created_at is not an ISO time ('yesterday')"),
    ],
)
def test_unreadable_statuses_say_why(change: dict[str, Any], reason: str) -> None:
    with pytest.raises(Bad, match=f"^{reason}$".replace("(", r"\(").replace(")", r"\)")):
        post_from_status({**_own(), **change}, _ids(), PROVENANCE)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("cornerbakery@bakery.example", ("cornerbakery", "bakery.example")),
        ("@cornerbakery@Bakery.Example", ("cornerbakery", "bakery.example")),
        (" cornerbakery@bakery.example/ ", ("cornerbakery", "bakery.example")),
    ],
)
def test_split_account(who: str, expected: tuple[str, str]) -> None:
    assert split_account(who) == expected


@pytest.mark.parametrize(
    "who", ["cornerbakery", "@cornerbakery", "a@b@c", "name@", "@host.example", "a b@c.example"]
)
def test_split_account_refuses_what_is_no_account(who: str) -> None:
    with pytest.raises(InputError, match="give it as NAME@INSTANCE"):
        split_account(who)


def test_full_acct() -> None:
    assert full_acct(ANA, "bakery.example") == "ana@remote.example"
    assert full_acct(BOB, "elsewhere.example") == "bob@bakery.example"
    assert full_acct({"acct": "zed"}, "bakery.example") == "zed@bakery.example"
    assert full_acct({}, "bakery.example") == ""


def test_times_are_utc() -> None:
    post = post_from_status(
        {**_own(), "created_at": "2025-03-03T11:00:00.000+01:00"}, _ids(), PROVENANCE
    )
    assert post.created_at == datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
