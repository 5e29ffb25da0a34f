"""Cue cards: conversation starters from the account's own topics, people and sites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.coach.builders import HANDLE, hours, labelled, post

import twoway
from twoway.classifier import classify
from twoway.classifier.labels import PostLabels
from twoway.coach import cue_cards
from twoway.coach.cue_cards import KINDS
from twoway.coach.topics import TopicReading, own_posts, people, sites, topics
from twoway.metrics import compute
from twoway.model import Kind

EXAMPLE = Path(__file__).parents[2] / "examples" / "corner-bakery-x-archive.zip"

JUNK = [
    "2024 2025 10k 12:30 £5 #2024 #covid19 https://x.example/abc www.y.example/z",
    "@500102 @500101 https://bit.ly/abc 3,50 1.000 www.junk.example #10k",
    "@500101 http://t.co/xyz 555-1234 ☕☕ 🍞 #MondayMotivation 今日は晴れです",
]
"""Posts of links, numbers, mentions, emoji, CJK and calendar hashtags: none is a topic."""


def bakery() -> list[PostLabels]:
    """A small bakery account: sourdough and croissants, @ana_b, a local paper, a shop dog."""
    return [
        labelled(post("1", "Our #sourdough starter turned ten today!", hashtags=["sourdough"])),
        labelled(post("2", "Fresh #sourdough and croissants from 7am", hashtags=["sourdough"])),
        labelled(post("3", "Warm croissants with salted butter, the best start")),
        labelled(
            post(
                "4",
                "Croissants are back, 3 for £5 https://millbakes.example/shop",
                links=["https://millbakes.example/shop"],
            ),
            "promotion",
        ),
        labelled(
            post("5", "Thanks @ana_b for the lovely review of our croissants!", mentions=["ana_b"]),
            "community",
        ),
        labelled(
            post(
                "6",
                "@ana_b See you Saturday!",
                kind=Kind.REPLY,
                mentions=["ana_b"],
                reply_to_account="ana_b",
                reply_to_account_id="a1",
            ),
            "conversation",
        ),
        labelled(
            post(
                "7",
                "Lovely piece about the market https://millbrookpost.example/market",
                links=["https://millbrookpost.example/market"],
            )
        ),
        labelled(
            post(
                "8",
                "The market is in the paper again https://millbrookpost.example/again https://bit.ly/q",
                links=["https://millbrookpost.example/again", "https://bit.ly/q"],
            )
        ),
        labelled(post("9", "Our dog Pepper stole a croissant again"), "personal"),
        labelled(post("10", "Say hello to Pepper, head of quality control"), "personal"),
        labelled(post("11", "More #sourdough loaves on Saturday", hashtags=["sourdough"])),
        labelled(
            post(
                "12",
                "RT @bigbrand: buy our sneakers now #sale",
                kind=Kind.REPOST,
                mentions=["bigbrand"],
                hashtags=["sale"],
            )
        ),
        labelled(
            post(
                "13",
                "RT @bigbrand: sneakers sneakers sneakers",
                kind=Kind.REPOST,
                mentions=["bigbrand"],
            )
        ),
        *(
            labelled(
                post(
                    str(20 + i),
                    text,
                    mentions=[m.lstrip("@") for m in re.findall(r"@\w+", text)],
                    hashtags=[h.lstrip("#") for h in re.findall(r"#\w+", text)],
                )
            )
            for i, text in enumerate(JUNK * 2)
        ),
    ]


def test_at_least_five_cards_of_every_kind() -> None:
    cards = cue_cards(bakery(), {})
    assert len(cards) == 6
    assert {card.kind for card in cards} == set(KINDS)
    assert all(card.text and card.based_on for card in cards)
    assert len({card.text for card in cards}) == len(cards)


def test_same_input_same_cards_whatever_the_order() -> None:
    labels = bakery()
    first = cue_cards(labels, {})
    assert cue_cards(labels, {}) == first
    assert cue_cards(list(reversed(labels)), {}) == first


def test_cards_are_written_from_the_accounts_own_topics() -> None:
    cards = {card.kind: card for card in cue_cards(bakery(), {})}
    texts = " ".join(card.text for card in cards.values())
    assert "croissants" in texts
    assert "sourdough" in texts
    assert "@ana_b" in cards["shout-out"].text
    assert cards["shout-out"].based_on == "@ana_b, whom you replied to or named in 2 of your posts"
    assert cards["personal"].based_on == "“Pepper”, in 2 of your personal posts"
    assert "Pepper" in cards["personal"].text
    based_on = [card.based_on for card in cards.values()]
    assert any("“croissants”, in 5 of your posts" in text for text in based_on)
    assert any("#sourdough" in text for text in based_on)


def test_topics_count_posts_and_merge_hashtags_with_words_and_plurals() -> None:
    found = {topic.key: topic for topic in topics(bakery())}
    assert found["croissant"].text == "croissants"
    assert found["croissant"].posts == 5
    assert found["sourdough"].label == "#sourdough"
    assert found["sourdough"].posts == 3
    assert found["pepper"].name
    assert found["pepper"].text == "Pepper"
    assert not found["croissant"].name
    assert "sneaker" not in found  # reposts are someone else's words
    assert "millbakes" not in found  # the account's own name is no topic


def test_links_numbers_mentions_and_junk_never_become_topics() -> None:
    labels = bakery()
    for topic in topics(labels):
        assert re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)?", topic.key), topic
    for card in cue_cards(labels, {}, count=12):
        assert "http" not in card.text
        assert "www." not in card.text
        assert not re.search(r"\d", card.text), card
        assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", card.text)
        assert set(re.findall(r"@\w+", card.text)) <= {"@ana_b"}
        assert "MondayMotivation" not in card.text


@pytest.mark.parametrize(
    "texts",
    [
        [],
        JUNK,
        ["https://millbakes.example/a", "https://millbakes.example/b", "🍞🍞🍞", "ok"],
    ],
)
def test_an_account_with_almost_no_words_gets_general_cards_of_every_kind(texts: list[str]) -> None:
    labels = [labelled(post(str(i + 1), text), link_only=True) for i, text in enumerate(texts)]
    cards = cue_cards(labels, {})
    assert len(cards) == 6
    assert {card.kind for card in cards} == set(KINDS)
    why = {card.kind: card.based_on for card in cards[:5]}
    assert why == {
        "question": "a general starter: your posts have too few words of your own to pick a topic "
        "from",
        "poll": "a general starter: your posts have too few words of your own to pick two topics "
        "from",
        "behind-the-scenes": "a general starter: your posts have too few words of your own to "
        "pick a topic from",
        "shout-out": "a general starter: no account you reply to or name, and no site you link "
        "to, comes up in 2 of your posts or more",
        "personal": "a general starter: your posts have too few words of your own to pick a topic "
        "from",
    }
    assert cards[5].kind == "question"
    assert cards[5].text not in {card.text for card in cards[:5]}


def test_sites_leave_out_the_accounts_own_site_shorteners_and_platforms() -> None:
    labels = [
        *bakery(),
        labelled(post("40", "a", links=["https://twitter.com/someone", "https://x.com/a"])),
        labelled(post("41", "b", links=["https://twitter.com/someone", "https://x.com/a"])),
    ]
    assert sites(labels) == [("millbrookpost.example", 2)]


def test_people_leave_out_the_account_itself_and_ids_that_are_no_handle() -> None:
    labels = [
        *bakery(),
        labelled(post("50", f"@{HANDLE} note to self", mentions=[HANDLE.upper()])),
        labelled(post("51", f"@{HANDLE} again", mentions=[HANDLE])),
    ]
    assert people(labels) == [("ana_b", 2)]


def test_a_linked_site_is_a_topic_when_there_is_one() -> None:
    cards = cue_cards(bakery(), {})
    assert any("millbrookpost.example" in card.text for card in cards)
    assert any(
        card.based_on == "millbrookpost.example, linked in 2 of your posts" for card in cards
    )


def test_hashtags_are_split_into_words() -> None:
    labels = [
        labelled(post("1", "Hot out of the oven #CinnamonBuns", hashtags=["CinnamonBuns"])),
        labelled(post("2", "Saturday means #CinnamonBuns", hashtags=["CinnamonBuns"])),
        labelled(post("3", "Apple pie is back #applepie", hashtags=["applepie"])),
        labelled(post("4", "Apple pie again #applepie", hashtags=["applepie"])),
    ]
    found = {topic.key: topic for topic in topics(labels)}
    assert found["cinnamon bun"].text == "cinnamon buns"
    assert found["cinnamon bun"].label == "#CinnamonBuns"
    assert found["apple pie"].posts == 2


def test_stop_words_of_seven_languages_are_no_topics() -> None:
    texts = [
        "Het brood is vers en de taart ook",
        "Das Brot ist frisch und der Kuchen auch",
        "Le pain est frais et la tarte aussi",
        "El pan está fresco y la tarta también",
        "O pão está fresco e a torta também",
        "Il pane è fresco e la torta anche",
        "The bread is fresh and the cake too",
    ]
    labels = [labelled(post(str(i + 1), text)) for i, text in enumerate(texts + texts)]
    keys = {topic.key for topic in topics(labels)}
    assert {"brood", "taart", "brot", "kuchen", "pain", "tarte", "pan", "tarta", "torta"} <= keys
    stop = {"het", "und", "der", "est", "la", "está", "il", "the", "and", "too", "ook", "auch"}
    assert not keys & stop


def test_verbs_adjectives_and_pronouns_are_no_things_to_write_about() -> None:
    """Cards read "our {topic}" and "team {a} or team {b}": real exports gave "our provide",
    "our something" and "team feel or team old"."""
    texts = [
        "I feel something old about this bike, trying to say it",
        "We provide help and suggest you reach us, the bike is using new brakes",
        "Meet Phred, he seems to feel old but the bike is fine",
        "I said something about the bike",
        "Thanks for the tweet on Twitter, see you on Mastodon",
        "Our Twitter tweet about Mastodon",
    ]
    labels = [labelled(post(str(i + 1), text)) for i, text in enumerate(texts)]
    keys = [topic.key for topic in topics(labels)]
    assert keys[0] == "bike"
    wrong = {"feel", "something", "old", "say", "said", "trying", "provide", "suggest", "reach"}
    wrong |= {"twitter", "tweet", "mastodon"}
    assert not set(keys) & (wrong | {"using", "meet", "seem"})


def test_a_word_too_long_to_be_a_word_is_no_topic() -> None:
    """A pasted run of letters (a code, a keyboard mash) made a 400-letter poll option."""
    mash = "averyveryverylongword" * 20
    labels = [
        labelled(post(str(i), f"{mash} and bread #{mash[:40]}", hashtags=[mash[:40]]))
        for i in range(1, 4)
    ]
    assert [topic.key for topic in topics(labels)] == ["bread"]


@pytest.mark.parametrize("count", [1, 3, 5, 9, 15])
def test_count_cards_without_repeats(count: int) -> None:
    cards = cue_cards(bakery(), {}, count=count)
    assert len(cards) == count
    assert len({card.text for card in cards}) == count
    if count >= 5:
        assert {card.kind for card in cards} == set(KINDS)


def test_the_card_the_account_needs_most_comes_first() -> None:
    asks_little = {"question_share": 0.0, "personal_share": 0.3, "intent_share": {"community": 0.3}}
    never_personal = {
        "question_share": 0.3,
        "personal_share": 0.0,
        "intent_share": {"community": 0.3},
    }
    assert cue_cards(bakery(), asks_little)[0].kind == "question"
    assert cue_cards(bakery(), never_personal)[0].kind == "personal"


def test_the_bundled_example() -> None:
    labels = classify(twoway.load(EXAMPLE).posts)
    metrics = compute(labels).as_json()
    cards = cue_cards(labels, metrics)
    assert len(cards) >= 5
    assert {card.kind for card in cards} == set(KINDS)
    assert not any("general starter" in card.based_on for card in cards)
    assert cue_cards(labels, metrics) == cards


def test_only_the_most_recent_posts_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("twoway.coach.topics.RECENT", 4)
    labels = [
        labelled(post("1", "Rhubarb crumble is back")),
        labelled(post("2", "Rhubarb crumble again")),
        *(labelled(post(str(i), "Sourdough loaves all day")) for i in range(3, 7)),
    ]
    keys = {topic.key for topic in topics(labels)}
    assert any("sourdough" in key for key in keys)
    assert not any("rhubarb" in key for key in keys)


def test_topics_people_and_sites_read_the_same_from_own_posts_as_from_all_labels() -> None:
    labels = classify(twoway.load(EXAMPLE).posts)
    own = own_posts(labels)
    assert len(own) < len(labels)  # the example has bare reposts, which own_posts leaves out
    assert all(item.post.kind is not Kind.REPOST for item in own)
    assert topics(own) == topics(labels)
    assert people(own) == people(labels)
    assert sites(own) == sites(labels)


def test_topics_among_some_posts_count_those_and_keep_the_accounts_wording() -> None:
    labels = [
        labelled(post("1", "Our Pepper asleep on the oven again"), "personal"),
        labelled(post("2", "Pepper found the flour sacks"), "personal"),
        labelled(post("3", "pepper bread with Pepper watching"), "information"),
        labelled(post("4", "The oven is fixed, opening at eight"), "information"),
        labelled(post("5", "New oven tiles arrived"), "information"),
    ]
    reading = TopicReading(labels)
    everywhere = {topic.key: topic for topic in reading.topics()}
    personal = {
        topic.key: topic
        for topic in reading.topics(among=lambda item: item.intent.value == "personal")
    }
    assert everywhere["pepper"].posts == 3
    assert personal["pepper"].posts == 2
    assert personal["pepper"].text == everywhere["pepper"].text == "Pepper"
    assert everywhere["oven"].posts == 3
    assert "oven" not in personal  # one personal post is below MIN_POSTS
    assert reading.topics() == topics(labels)


def test_the_most_recent_posts_are_chosen_whatever_the_order_ties_by_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("twoway.coach.topics.RECENT", 3)
    labels = [
        labelled(post("1", "Oldest loaf")),
        labelled(post("2", "Same hour, lower id", at=hours(5))),
        labelled(post("9", "Same hour, higher id", at=hours(5))),
        labelled(post("4", "A repost, newest of all", kind=Kind.REPOST, at=hours(9))),
        labelled(post("3", "Middle loaf")),
        labelled(post("6", "Newest own post")),
    ]
    want = ["6", "9", "2"]  # newest first; at the same time, the higher id first
    for order in (labels, labels[::-1], labels[2:] + labels[:2]):
        assert [item.post.id for item in own_posts(order)] == want


def _is_name(texts: list[str], word: str) -> bool:
    found = {
        topic.key: topic
        for topic in topics([labelled(post(str(i), text)) for i, text in enumerate(texts)])
    }
    return found[word].name


# With an apostrophe, a text's words inside a sentence are found otherwise: both ways agree.
@pytest.mark.parametrize("tail", ["", " (the baker's)"])
@pytest.mark.parametrize(
    ("gap", "inside"),
    [
        (", ", True),
        (" 2 ", True),
        (" - ", True),
        (" & ", True),
        (" / ", True),
        (". ", False),
        ("! ", False),
        (" – ", False),
        (" | ", False),
    ],
)
def test_a_capital_inside_a_sentence_makes_a_name_one_after_a_full_stop_does_not(
    gap: str, inside: bool, tail: str
) -> None:
    texts = [
        "Fresh loaves, Millbrook stalls" + tail,
        f"Fresh buns{gap}Millbrook market" + tail,
        "Fresh rolls at the millbrook fair" + tail,
    ]
    # Inside a sentence Millbrook is written twice with a capital and once without: a name.
    # After a full stop its capital says nothing: once of once, no name.
    assert _is_name(texts, "millbrook") is inside


def test_lower_case_is_one_character_of_the_same_kind_but_for_dotted_i_and_sigma() -> None:
    """What twoway.coach.topics._NOT_PLAIN relies on (Python's Unicode tables could change)."""
    kinds = (re.compile(r"[^\W\d_]"), re.compile(r"\d"), re.compile(r"\s"), re.compile(r"_"))
    changed = [c for c in map(chr, range(0x110000)) if c.lower() != c and c != "\u0130"]
    for char in changed:
        lower = char.lower()
        assert len(lower) == 1, char
        assert [k.match(char) is None for k in kinds] == [k.match(lower) is None for k in kinds]
        if char != "Σ":  # the one lower-cased by what surrounds it
            assert f"A{char}A'{char} {char}".lower() == f"a{lower}a'{lower} {lower}", char


def test_sign_offs_and_starred_out_words_are_no_topics() -> None:
    """Customer-care teams sign replies with the agent's initials or name: "What would make our
    JAY even better?", "Be honest: what would you change about our Tanuj?".  And "h*ckin" gave
    the topic "ckin"."""
    texts = [
        "Is the light on the router red?\n^JAY",
        "Did the router lights change? ^JAY",
        "Sorry about the router, please DM us -Becky",
        "Your router should restart now -Becky",
        "The router is a h*ckin good router *TN",
        "This H*ckin router again ~Sam",
        "The router-Becky cable is fine",
        "Send us the router number, we'll fix it for you, see you there!- Anwar",
        "Please review the router logs. ^Jeff https://t.co/okPwBIqSxR",
    ]
    labels = [labelled(post(str(i + 1), text)) for i, text in enumerate(texts)]
    keys = {topic.key for topic in topics(labels)}
    assert "router" in keys
    assert not keys & {"jay", "becky", "tn", "sam", "ckin", "anwar", "jeff"}


def test_words_of_answering_complaints_are_no_things_to_write_about() -> None:
    """A customer-care account got "A little about us: what we love most about our understand",
    "how we put our private message together" and "What would make our issues even better?"."""
    texts = [
        "I understand the issues with your router, please send a private message",
        "We understand, we recommend a private message about these issues",
        "Sorry for the inconvenience and frustration with the router",
        "Sorry for the frustration, the router issues are associated with an outage",
        "Por favor envíanos mensajes directos sobre el router",
        "Por favor, mensajes directos: síguenos",
        "We played with the router; it is associated with the update",
        "The router played up, associated with the update",
    ]
    labels = [labelled(post(str(i + 1), text)) for i, text in enumerate(texts)]
    keys = [topic.key for topic in topics(labels)]
    assert keys == ["router"]
