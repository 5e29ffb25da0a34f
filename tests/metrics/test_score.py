"""The social score and the archetype: their properties, and each archetype's rule."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.metrics.builders import inbound, labelled, minutes, post, web_link

from twoway.classifier import classify
from twoway.classifier.labels import INTENTS, PostLabels
from twoway.drafts import draft_post
from twoway.metrics import compute
from twoway.model import Kind
from twoway.score import ARCHETYPES, archetype, caveat, social_score


def link_and_promotion_account() -> list[PostLabels]:
    links = [
        labelled(
            post(f"l{i}", at=minutes(60 * i), links=(web_link(),), text="https://example.org/page"),
            "information",
            link_only=True,
        )
        for i in range(10)
    ]
    promotions = [
        labelled(
            post(f"p{i}", at=minutes(60 * i + 30), links=(web_link(),), text="20% off, order now"),
            "promotion",
        )
        for i in range(10)
    ]
    return links + promotions


def conversational_account() -> list[PostLabels]:
    replies = [
        labelled(
            post(
                f"r{i}",
                kind=Kind.REPLY,
                at=minutes(30 * i),
                reply_to_account=f"person{i}",
                text=f"@person{i} glad you liked it",
            ),
            "conversation",
            question=i % 3 == 0,
        )
        for i in range(12)
    ]
    asks = [
        labelled(post(f"q{i}", at=minutes(400 + 90 * i)), "conversation", question=True)
        for i in range(4)
    ]
    news = [labelled(post(f"n{i}", at=minutes(800 + 90 * i)), "information") for i in range(4)]
    return replies + asks + news


def test_an_account_of_links_and_promotions_scores_low() -> None:
    metrics = compute(link_and_promotion_account())
    score = social_score(metrics)
    assert score.value < 20
    assert archetype(metrics).name == "Promoter"
    only_promotions = [
        labelled(post(f"p{i}", at=minutes(i), text="Order our cakes today"), "promotion")
        for i in range(10)
    ]
    assert social_score(compute(only_promotions)).value < 20


def test_links_and_promotions_from_the_classifier_score_low() -> None:
    texts = [
        "20% off all sourdough this weekend, order at the link https://bakery.example/shop",
        "New post: 5 ways to keep bread fresh https://bakery.example/blog/fresh",
        "Book your table now! https://bakery.example/book",
        "Our Easter menu is here, order today https://bakery.example/easter",
        "https://news.example/2024/bread-prices-rise",
    ]
    labels = classify([draft_post(text, id=str(i)) for i, text in enumerate(texts)])
    assert social_score(compute(labels)).value < 20


def test_an_account_that_answers_many_people_and_asks_questions_scores_high() -> None:
    metrics = compute(conversational_account())
    score = social_score(metrics)
    assert score.value > 70
    assert archetype(metrics).name == "Conversationalist"


def test_the_parts_are_shown_and_add_up() -> None:
    score = social_score(compute(conversational_account()))
    assert [part.text for part in score.parts] == [
        "two-way share 80% -> 55 of 55 points",
        "questions asked 40% -> 15 of 15 points",
        "people replied to 60 per 100 posts -> 10 of 10 points",
        "posts in its own words 100% -> 10 of 10 points",
        "promotion 0% -> 10 of 10 points",
    ]
    assert sum(part.points for part in score.parts) == score.value == 100
    assert sum(part.max_points for part in score.parts) == 100


def test_a_part_earns_in_proportion_up_to_its_full_figure() -> None:
    labels = [
        labelled(post(f"r{i}", kind=Kind.REPLY, reply_to_account="ana"), "conversation")
        for i in range(2)
    ]
    labels += [labelled(post(f"n{i}"), "information") for i in range(14)]
    labels += [labelled(post(f"s{i}"), "promotion") for i in range(9)]
    score = social_score(compute(labels))
    # two-way 2/25 = 8% of the 50% that earns all 55: 8.8 points; people 1 per 25 posts, a fifth
    # of the 20 per 100 that earn all 10: 2; own words 10; promotion 36%: (50 - 36) / 30 of 10 =
    # 4.67.  Total 25.47 -> 25: the floors 8 + 0 + 2 + 10 + 4 = 24 and the largest remainder
    # (two-way's 0.8) gets the last point.
    assert [part.text for part in score.parts] == [
        "two-way share 8% -> 9 of 55 points",
        "questions asked 0% -> 0 of 15 points",
        "people replied to 4 per 100 posts -> 2 of 10 points",
        "posts in its own words 100% -> 10 of 10 points",
        "promotion 36% -> 4 of 10 points",
    ]
    assert score.value == 25


def test_inbound_messages_add_a_response_part() -> None:
    labels = [
        labelled(post("a1", kind=Kind.REPLY, at=minutes(5), reply_to_account="ana"), "conversation")
    ]
    messages = [inbound("m1", minutes(0), answered_by=["a1"]), inbound("m2", minutes(1))]
    score = social_score(compute(labels, messages))
    parts = {part.name: part for part in score.parts}
    assert parts["two_way_share"].max_points == 40
    assert (
        parts["response_rate_72h"].text == "messages answered within 72 hours 50% -> 9 of 15 points"
    )
    assert sum(part.max_points for part in score.parts) == 100
    assert sum(part.points for part in score.parts) == score.value


def test_the_score_reads_the_json_metrics_too() -> None:
    metrics = compute(conversational_account())
    assert social_score(metrics.as_json()) == social_score(metrics)
    assert archetype(metrics.as_json()) == archetype(metrics)


def test_an_empty_account() -> None:
    metrics = compute([])
    assert social_score(metrics).value == 0
    assert archetype(metrics).name == "Broadcaster"


# -- properties --------------------------------------------------------------------------------

_KINDS = [Kind.ORIGINAL, Kind.REPLY, Kind.THREAD, Kind.REPOST, Kind.QUOTE]


@st.composite
def accounts(draw: st.DrawFn) -> tuple[list[PostLabels], list]:
    size = draw(st.integers(min_value=0, max_value=25))
    labels = []
    for i in range(size):
        kind = draw(st.sampled_from(_KINDS))
        target = draw(st.sampled_from(["ana", "bob", "cy", "dee", "eve", "fay", "gus"]))
        has_link = draw(st.booleans())
        the_post = post(
            f"p{i}",
            kind=kind,
            at=minutes(draw(st.integers(min_value=0, max_value=60 * 24 * 60))),
            text=f"@{target} hi" if kind is Kind.REPLY and draw(st.booleans()) else "words",
            reply_to_account=target if kind is Kind.REPLY else None,
            reply_to_time=minutes(0) if kind is Kind.REPLY and draw(st.booleans()) else None,
            links=(web_link(),) if has_link else (),
            replies=draw(st.none() | st.integers(min_value=0, max_value=9)),
        )
        labels.append(
            labelled(
                the_post,
                draw(st.sampled_from(INTENTS)),
                question=draw(st.booleans()),
                link_only=has_link and draw(st.booleans()),
                automated=draw(st.booleans()),
                duplicate=draw(st.booleans()),
            )
        )
    messages = []
    for j in range(draw(st.integers(min_value=0, max_value=6))):
        answered = [
            f"p{k}"
            for k in draw(
                st.lists(st.integers(min_value=0, max_value=max(0, size - 1)), max_size=2)
            )
        ]
        messages.append(
            inbound(f"m{j}", minutes(draw(st.integers(0, 60 * 24 * 60))), answered_by=answered)
        )
    return labels, messages


def _twice(labels: list[PostLabels]) -> list[PostLabels]:
    copies = [
        dataclasses.replace(
            lab,
            post=dataclasses.replace(
                lab.post,
                id=f"{lab.post.id}-again",
                created_at=lab.post.created_at + timedelta(days=1),
            ),
        )
        for lab in labels
    ]
    return labels + copies


_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(accounts())
def test_doubling_the_volume_does_not_raise_the_score(
    account: tuple[list[PostLabels], list],
) -> None:
    labels, messages = account
    once = social_score(compute(labels, messages))
    twice = social_score(compute(_twice(labels), messages))
    assert twice.value <= once.value


@_SETTINGS
@given(accounts())
def test_the_score_is_its_parts(account: tuple[list[PostLabels], list]) -> None:
    labels, messages = account
    metrics = compute(labels, messages)
    score = social_score(metrics)
    assert 0 <= score.value <= 100
    assert sum(part.points for part in score.parts) == score.value
    assert sum(part.max_points for part in score.parts) == 100
    for part in score.parts:
        assert 0 <= part.points <= part.max_points
        assert part.points == int(part.points)
    found = archetype(metrics)
    assert found.name in ARCHETYPES
    assert found.reason.endswith(".")
    assert found.reason.count(". ") == 0


# -- archetypes --------------------------------------------------------------------------------


def _account(**counts: int) -> list[PostLabels]:
    """Posts by recipe: ``reply_conversation=3`` makes three replies of intent conversation,
    ``question_conversation=2`` two original posts asking a question, ``repost=4`` four reposts."""
    labels = []
    for recipe, n in counts.items():
        shape, _, intent = recipe.partition("_")
        for i in range(n):
            kind = {"reply": Kind.REPLY, "repost": Kind.REPOST, "quote": Kind.QUOTE}.get(
                shape, Kind.ORIGINAL
            )
            the_post = post(
                f"{recipe}{i}",
                kind=kind,
                at=minutes(len(labels) * 37),
                reply_to_account=f"person{i}" if kind is Kind.REPLY else None,
                links=(web_link(),) if shape == "link" else (),
            )
            labels.append(labelled(the_post, intent or "information", question=shape == "question"))
    return labels


@pytest.mark.parametrize(
    ("counts", "name", "reason"),
    [
        (
            {"original_promotion": 6, "original_information": 4},
            "Promoter",
            "60% of posts promote its own offering, more than the 0% that talk with people.",
        ),
        (
            {"reply_conversation": 4, "question_conversation": 2, "original_information": 4},
            "Conversationalist",
            "60% of posts are two-way and 20% ask someone a question.",
        ),
        (
            {"original_community": 3, "original_information": 7},
            "Community builder",
            "30% of its own posts thank, congratulate or support others, "
            "and 30% of all posts are two-way.",
        ),
        (
            {"reply_conversation": 5, "original_information": 5},
            "Responder",
            "50% of posts are two-way and 50% are replies to others, "
            "but only 0% ask a question: it answers more than it starts conversations.",
        ),
        (
            {"repost": 3, "link_information": 2, "original_information": 5},
            "Curator",
            "50% of posts share others' content (reposts, quotes and links to other sites), "
            "and only 0% are two-way.",
        ),
        (
            {"original_personal": 6, "original_information": 4},
            "Broadcaster",
            "Only 0% of posts are two-way, and 60% of its own posts share its own life, humour or "
            "opinions without addressing anyone.",
        ),
    ],
)
def test_archetypes(counts: dict[str, int], name: str, reason: str) -> None:
    found = archetype(compute(_account(**counts)))
    assert (found.name, found.reason) == (name, reason)


def test_a_responder_that_asks_but_talks_little() -> None:
    found = archetype(
        compute(_account(reply_conversation=3, question_information=1, original_information=6))
    )
    # Two-way 30% (< 40%) with 10% questions: replies 30% make it a Responder.
    assert found.name == "Responder"
    assert found.reason == (
        "30% of posts are replies to others, but only 30% of all posts are two-way: "
        "it answers when spoken to more than it talks."
    )


def test_a_small_share_in_a_reason_reads_under_one_percent_not_zero() -> None:
    found = archetype(compute(_account(reply_conversation=1, original_personal=299)))
    assert found.name == "Broadcaster"
    assert found.reason.startswith("Only <1% of posts are two-way, and 100% of its own posts")


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (
            1,
            "Only 1 post: too few to judge habits (the account rules need 20), so read the score and the "
            "archetype as a first impression, not a verdict.",
        ),
        (
            19,
            "Only 19 posts: too few to judge habits (the account rules need 20), so read the score and the "
            "archetype as a first impression, not a verdict.",
        ),
        (20, None),
        (0, None),  # no posts: the reports show no score at all
    ],
)
def test_a_score_of_few_posts_carries_a_caveat(count: int, expected: str | None) -> None:
    """One answered question scored 100/100 and read "Conversationalist", with nothing to say
    that one post shows no habit."""
    assert caveat({"posts": {"count": count}}) == expected
