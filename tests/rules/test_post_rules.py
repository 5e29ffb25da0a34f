"""Post rules on invented posts: tests/fixtures/rules/posts.csv lists, for each post, the codes it
must and must not trigger (drafts through ``draft_post``, ``classify`` and ``check_post``)."""

from __future__ import annotations

import csv
import dataclasses
from datetime import UTC, datetime

import pytest

from support import FIXTURES
from twoway.classifier import Label, PostLabels, classify
from twoway.drafts import draft_post
from twoway.rules import Hit, check_post, post_rules

NEEDS_HISTORY = {"TW108", "TW109"}
"""Rules that need the account's other posts or its posting client: a bare draft never has them."""


def read_cases() -> list[tuple[str, set[str], set[str]]]:
    with (FIXTURES / "rules" / "posts.csv").open(newline="", encoding="utf-8") as stream:
        return [
            (row["text"], set(row["must"].split()), set(row["must_not"].split()))
            for row in csv.DictReader(stream)
        ]


CASES = read_cases()


def labels_of(text: str) -> PostLabels:
    return classify([draft_post(text)])[0]


def hits_of(text: str) -> list[Hit]:
    return check_post(labels_of(text))


def describe(labels: PostLabels) -> str:
    intent = f"{labels.intent.value} {labels.intent.confidence}" if labels.intent else "-"
    flags = [
        name
        for name in ("asks_question", "link_only", "mentions_others", "follow_begging")
        if labels.flag(name)
    ]
    return f"kind {labels.kind.value}, intent {intent}, flags {flags}"


@pytest.mark.parametrize(
    ("text", "must", "must_not"), CASES, ids=[text[:40] for text, _, _ in CASES]
)
def test_post_triggers_the_codes_listed(text: str, must: set[str], must_not: set[str]) -> None:
    labels = labels_of(text)
    fired = {hit.code for hit in check_post(labels)}
    assert must <= fired, (
        f"missing {sorted(must - fired)}; fired {sorted(fired)}; {describe(labels)}"
    )
    assert not must_not & fired, f"fired {sorted(must_not & fired)} wrongly; {describe(labels)}"


def test_the_fixture_is_well_formed_and_covers_every_rule() -> None:
    codes = {rule.code for rule in post_rules()}
    must_any: set[str] = set()
    must_not_any: set[str] = set()
    for text, must, must_not in CASES:
        assert must | must_not <= codes, text
        assert not must & must_not, text
        must_any |= must
        must_not_any |= must_not
    assert must_any == codes - NEEDS_HISTORY
    assert must_not_any >= codes - NEEDS_HISTORY
    assert len({text for text, _, _ in CASES}) == len(CASES)


# --- exact messages -----------------------------------------------------------------------


def message(text: str, code: str) -> str:
    return next(hit.message for hit in hits_of(text) if hit.code == code)


def test_link_only_names_the_link() -> None:
    text = "How to Keep Bread Fresh | Riverside Bakery https://example.com/blog/keep-bread-fresh"
    assert (
        message(text, "TW101")
        == "link and page title only: https://example.com/blog/keep-bread-fresh"
    )
    assert message("https://example.com/a", "TW101") == "only a link: https://example.com/a"


def test_bare_repost_names_the_account() -> None:
    assert message("RT @ana: new library!", "TW102") == "shares a post by @ana with no words added"


def test_quote_post_shows_the_quotation() -> None:
    text = '"The best time to plant a tree was 20 years ago." #MondayMotivation'
    assert message(text, "TW103") == (
        "a quotation instead of your own words: "
        '"The best time to plant a tree was 20 years ago." #MondayMo…'
    )


def test_no_invitation_names_the_intent() -> None:
    assert message("Our summer fair is on 14 June in the market square", "TW104") == (
        "one-way information: it asks no question, names no one and invites no reply"
    )


def test_sales_push_names_the_call_to_buy() -> None:
    text = "Deze week 20% korting op alle taarten, bestel nu via https://example.nl/winkel"
    assert message(text, "TW105") == "pushes its own offer instead of talking: 'bestel nu'"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Only today: 20% off every cake in the shop!", "'20% off'"),  # not 'N % off'
        ("ORDER NOW and get a free loaf with every cake", "'ORDER NOW'"),
    ],
)
def test_sales_push_quotes_the_phrase_as_the_post_writes_it(text: str, shown: str) -> None:
    assert message(text, "TW105") == f"pushes its own offer instead of talking: {shown}"


def test_sales_push_fires_on_a_call_to_buy_even_when_the_intent_is_missed() -> None:
    labels = labels_of(
        "Our lemon tart is back. Available now in our shop, order online https://example.com/shop"
    )
    missed = dataclasses.replace(labels, intent=Label("information", 0.6))
    hits = {hit.code: hit.message for hit in check_post(missed)}
    assert hits["TW105"] == "pushes its own offer instead of talking: 'order online'"
    talk = dataclasses.replace(labels, intent=Label("conversation", 0.6))
    assert "TW105" not in {hit.code for hit in check_post(talk)}


def test_asking_only_for_follows_is_follow_begging_not_a_sale() -> None:
    hits = {hit.code: hit.message for hit in hits_of("Follow us for daily baking tips!")}
    assert hits["TW106"] == "asks to be followed or shared: 'Follow us'"
    assert "TW105" not in hits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Fresh today #bread #sourdough #bakery #baking #food #yum #local",
            "7 hashtags in 9 words: #bread #sourdough #bakery #baking #food #yum …",
        ),
        ("Sunday #brunch #bakery", "2 hashtags in 3 words: #brunch #bakery"),
    ],
)
def test_hashtag_stuffing_says_how_many(text: str, expected: str) -> None:
    assert message(text, "TW107") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Our rye loaf is back on the shelves from today #bakery #rye",
        "Happy #MondayMotivation",
        "#caturday",
    ],
)
def test_a_few_hashtags_are_fine(text: str) -> None:
    assert "TW107" not in {hit.code for hit in hits_of(text)}


# --- rules that need the account ----------------------------------------------------------


def account_post(text: str, id: str, day: int, **changes: object) -> object:
    post = draft_post(text, id=id)
    return dataclasses.replace(
        post,
        platform="x",
        account="corner_bakery",
        account_id="42",
        kind_guessed=False,
        created_at=datetime(2024, 5, day, 9, 15, day, tzinfo=UTC),
        **changes,
    )


def test_automated_post_names_the_client() -> None:
    post = account_post(
        "New on the blog: Five ways to keep bread fresh https://example.com/p/1",
        "1",
        1,
        client="dlvr.it",
    )
    hits = {hit.code: hit for hit in check_post(classify([post])[0])}
    assert hits["TW108"].message == "made by a machine, not a person: posted by dlvr.it"
    assert hits["TW108"].level == "warning"


def test_duplicate_post_names_the_earlier_post() -> None:
    first = account_post("Fresh sourdough every Saturday from 8am! https://example.com/a", "1", 1)
    again = account_post("Fresh sourdough every Saturday from 8am! https://example.com/b", "2", 8)
    labels = classify([again, first])
    assert "TW109" not in {hit.code for hit in check_post(labels[1])}
    hit = next(hit for hit in check_post(labels[0]) if hit.code == "TW109")
    assert hit.message == "repeats its post of 2024-05-01"
    assert hit.evidence == {"earlier": "2024-05-01"}
    assert hit.level == "error"


def test_a_lone_draft_is_never_automated_or_duplicate() -> None:
    for text, _, _ in CASES:
        assert not {hit.code for hit in hits_of(text)} & NEEDS_HISTORY


@pytest.mark.parametrize("text", [text for text, _, _ in CASES], ids=[t[:40] for t, _, _ in CASES])
def test_labels_read_back_without_the_words_trip_the_same_rules(text: str) -> None:
    # Labels read back from a workspace have no cue phrases or word count: the rules find them
    # again from the post.
    labels = labels_of(text)
    bare = dataclasses.replace(labels, phrases=None, own_words=None)
    assert [(hit.code, hit.message) for hit in check_post(bare)] == [
        (hit.code, hit.message) for hit in check_post(labels)
    ]
