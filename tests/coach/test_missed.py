"""Missed conversations: inbound messages nobody answered, oldest first."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.coach.builders import hours, message, post

import twoway
from twoway.coach import missed_conversations
from twoway.coach.missed import interaction_url

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_unanswered_messages_come_oldest_first_and_answered_ones_are_left_out() -> None:
    posts = [post("5"), post("9")]
    messages = [
        message("m3", hours(7), author="cy"),
        message("m1", hours(1), answered_by=["5"], author="ana"),
        message("m2", hours(3), author="bo", in_reply_to="5"),
        message("m4", hours(2), answered_by=["9", "404"], author="di"),
        message("m0", hours(3), author="al"),
    ]
    missed = missed_conversations(messages, posts)
    assert [m.id for m in missed] == ["m0", "m2", "m3"]
    assert [m.author for m in missed] == ["al", "bo", "cy"]
    assert missed[1].in_reply_to == "5"
    assert missed[1].type == "reply"
    assert missed[1].text == "@millbakes are you open on Sunday?"
    assert missed[1].created_at == hours(3)


def test_a_message_answered_only_by_posts_missing_from_the_data_is_missed() -> None:
    missed = missed_conversations([message("m1", hours(1), answered_by=["77"])], [post("5")])
    assert [m.id for m in missed] == ["m1"]


def test_the_same_message_read_twice_is_listed_once() -> None:
    twice = [message("m1", hours(1)), message("m1", hours(1))]
    assert [m.id for m in missed_conversations(twice, [])] == ["m1"]


def test_no_inbound_messages_means_nothing_missed() -> None:
    assert missed_conversations([], [post("1")]) == []


@pytest.mark.parametrize(
    ("platform", "ident", "author", "url"),
    [
        # A real X id encodes its time: 2024-03-04 09:00 UTC.
        ("x", "1764576514667446272", "ana_b", "https://x.com/ana_b/status/1764576514667446272"),
        ("x", "1764576514667446272", "not a handle", "https://x.com/i/status/1764576514667446272"),
        # The customer-conversation CSV has anonymised sequential ids: no link.
        ("x", "12", "500101", None),
        # A big number whose time is far from the message's is no tweet id either.
        ("x", "1111111111111111111", "ana_b", None),
        (
            "mastodon",
            "https://mastodon.example/users/ana/statuses/112233445566778899",
            "ana@mastodon.example",
            "https://mastodon.example/users/ana/statuses/112233445566778899",
        ),
        (
            "bluesky",
            "at://did:plc:abc123/app.bsky.feed.post/3kabcdefghij2",
            "ana.bsky.social",
            "https://bsky.app/profile/did:plc:abc123/post/3kabcdefghij2",
        ),
        ("bluesky", "javascript:alert(1)", "ana.bsky.social", None),
    ],
)
def test_url_of_a_message(platform: str, ident: str, author: str, url: str | None) -> None:
    inbound = message(ident, hours(0), author=author, platform=platform)
    assert interaction_url(inbound) == url
    assert missed_conversations([inbound], [])[0].url == url


def test_customer_conversation_csv() -> None:
    data = twoway.load(FIXTURES / "conversations" / "twcs.csv")
    brand = "PennyPostCares"
    posts = [p for p in data.posts if p.account == brand]
    inbound = [i for i in data.interactions if i.account == brand]
    missed = missed_conversations(inbound, posts)
    unanswered = [i for i in inbound if not i.answered_by]
    assert missed
    assert {m.id for m in missed} >= {i.id for i in unanswered}
    assert [m.created_at for m in missed] == sorted(m.created_at for m in missed)
    assert all(m.url is None for m in missed)  # anonymised ids make no links
