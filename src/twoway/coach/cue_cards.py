"""Cue cards: conversation starters written for the account from its own topics.

The topics, people and sites come from :mod:`twoway.coach.topics`.  Five kinds of card are written
from them, one template per kind chosen by a hash of the topic (so the same data always gives the
same cards, and different topics different wordings): a question to the audience, a poll, behind
the scenes, a shout-out and a personal post.  A name (a place, a person, a pet) gets templates
that fit a name ("What do you love most about Millbrook?"); a personal card prefers the topic most
particular to the account's personal posts.  The sixth card asks about a linked site or a name,
and later cards take topics no card has used yet.

The first five cards are ordered by what the account does least (its ``question_share``,
``personal_share`` and community share), so the first card is the one it needs most.  An account
with too few words of its own gets general starters of the same kinds, and their ``based_on``
says so.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from twoway.audit import CueCard
from twoway.classifier.labels import PostLabels
from twoway.coach.topics import (
    MIN_POSTS,
    STOP_WORDS,
    Topic,
    TopicReading,
    people,
    sites,
    topics,
)

__all__ = ["KINDS", "STOP_WORDS", "Topic", "cue_cards", "people", "sites", "topics"]

KINDS: tuple[str, ...] = ("question", "poll", "behind-the-scenes", "shout-out", "personal")
"""The kinds of card, in the order they are written."""

# -- the cards ---------------------------------------------------------------------------------

_QUESTION_THING = (
    "How do you like your {t}? Tell us below 👇",
    "What would make our {t} even better? Tell us below 👇",
    "Be honest: what would you change about our {t}? Tell us below 👇",
)
_QUESTION_NAME = (
    "What do you love most about {t}? Tell us below 👇",
    "What's your favourite memory of {t}? Tell us below 👇",
)
_QUESTION_SITE = (
    "We share a lot from {t}. What else should we be reading? Send us your favourite links "
    "below 👇",
)
_POLL = (
    "Poll: {a} or {b}? Reply with your pick and we'll share the results on Friday 👇",
    "Quick poll: team {a} or team {b}? Reply with your pick 👇",
    "Poll: if you could only choose one, {a} or {b}? Tell us below 👇",
)
_POLL_ONE = ("Poll: more {a}, or something new from us? Reply with your pick 👇",)
_BEHIND_THING = (
    "Behind the scenes: here's what goes into our {t} before you ever see it 📸 Ask us anything "
    "about it 👇",
    "Behind the scenes: the part of our {t} nobody sees 📸 Ask us anything about it 👇",
    "Behind the scenes: how we put our {t} together, step by step 📸 What would you like to "
    "know? 👇",
)
_BEHIND_NAME = ("Behind the scenes: {t}, as you've never seen it 📸 Ask us anything about it 👇",)
_SHOUT_PERSON = (
    "Shout-out to @{t}: thank you for being part of our community! Who else should we thank "
    "this week? Tag them below 👇",
    "Shout-out to @{t} for keeping us company here. Who else deserves a thank-you? Tag them "
    "below 👇",
    "A big shout-out to @{t}, thank you! Who's made your week lately? Tag them below 👇",
)
_SHOUT_SITE = (
    "Shout-out to the people behind {t}: we share their work because we love it. Who else "
    "should we be following? 👇",
)
_PERSONAL_THING = (
    "A little about us: why we care so much about our {t}, in one short story: … What's yours? 👇",
    "A little about us: the story behind our {t}, including the day things nearly went wrong 😅 "
    "… Got a story like that? 👇",
    "A little about us: what we love most about our {t}, and why: … What do you love about "
    "yours? 👇",
)
_PERSONAL_NAME = (
    "A little about us: a few things you don't know about {t} yet: … Ask us anything 👇",
    "A little about us: what {t} means to us, in a sentence or two: … What does it mean to you? 👇",
)
_GENERIC: dict[str, tuple[str, ...]] = {
    "question": (
        "What's one thing you'd love us to do more of? Tell us below 👇",
        "What's the question you've always wanted to ask us? Ask away below 👇",
    ),
    "poll": (
        "Poll: what would you like to see more of here: tips, news or behind the scenes? Reply "
        "with your pick 👇",
        "Poll: morning person or night owl? Tell us below 👇",
    ),
    "behind-the-scenes": (
        "Behind the scenes: here's what a normal day looks like for us 📸 Ask us anything about "
        "it 👇",
        "Behind the scenes: the tools we couldn't work without 📸 What would you like to know? 👇",
    ),
    "shout-out": (
        "Shout-out to our regulars and neighbours: thank you for being here! Who should we thank "
        "this week? Tag them below 👇",
        "Shout-out to everyone who shared, replied or dropped by this month: thank you! Who "
        "should we meet next? Tag them below 👇",
    ),
    "personal": (
        "A little about us: who's behind this account, and why we do what we do: … Say hi below 👇",
        "A little about us: the best thing that happened to us this week: … What was yours? 👇",
    ),
}
_GENERIC_WHY = {
    "question": "a topic",
    "poll": "two topics",
    "behind-the-scenes": "a topic",
    "personal": "a topic",
}

_NEEDS: dict[str, tuple[tuple[str, str | None], float]] = {
    "question": (("question_share", None), 0.15),
    "poll": (("question_share", None), 0.15),
    "shout-out": (("intent_share", "community"), 0.15),
    "personal": (("personal_share", None), 0.15),
    "behind-the-scenes": (("personal_share", None), 0.15),
}
"""The metric each kind of card makes up for, and the share at which the need is met."""
_NEED_WEIGHT = {
    "question": 1.0,
    "poll": 0.9,
    "shout-out": 1.0,
    "personal": 1.0,
    "behind-the-scenes": 0.9,
}


def _pick(templates: Sequence[str], seed: str, used: set[str] | None = None) -> str:
    """One of ``templates``, chosen by a stable hash of ``seed`` (the same content, the same
    template; different topics, different templates), passing over those in ``used`` while
    others are left (and adding the one chosen to it)."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    start = int.from_bytes(digest[:4], "big") % len(templates)
    for step in range(len(templates)):
        template = templates[(start + step) % len(templates)]
        if used is None or template not in used:
            break
    else:
        template = templates[start]
    if used is not None:
        used.add(template)
    return template


def _in_posts(count: int, what: str = "posts") -> str:
    return f"in {count} of your {what}" if count != 1 else f"in one of your {what}"


class _Writer:
    """Writes the cards, taking each topic, person and site once while there are new ones."""

    def __init__(
        self,
        found: list[Topic],
        personal: list[Topic],
        persons: list[tuple[str, int]],
        linked: list[tuple[str, int]],
    ) -> None:
        self.topics = found
        self.personal = personal
        self.persons = persons
        self.sites = linked
        self.used: set[str] = set()
        self.used_people: set[str] = set()
        self.used_sites: set[str] = set()
        self.templates: set[str] = set()
        self.fresh_only = False
        """Once each kind has its card: only topics no card has used yet."""

    def _next_topic(self, *, thing: bool = False, avoid: Iterable[str] = ()) -> Topic | None:
        avoid_words = {word for key in avoid for word in key.split()}
        for pool_fresh in (True,) if self.fresh_only else (True, False):
            for topic in self.topics:
                if thing and topic.name:
                    continue
                if pool_fresh and topic.key in self.used:
                    continue
                if avoid_words & set(topic.key.split()):
                    continue
                return topic
        return None

    def question(self) -> CueCard | None:
        topic = self._next_topic()
        if topic is None:
            return None
        self.used.add(topic.key)
        templates = _QUESTION_NAME if topic.name else _QUESTION_THING
        return CueCard(
            kind="question",
            text=_pick(templates, f"question:{topic.key}", self.templates).format(t=topic.text),
            based_on=f"{topic.label}, {_in_posts(topic.posts)}",
        )

    def extra_question(self) -> CueCard | None:
        """A question about a linked site, else about a name (a place, a person), else about
        the next topic."""
        for domain, count in self.sites:
            if domain not in self.used_sites:
                self.used_sites.add(domain)
                return CueCard(
                    kind="question",
                    text=_pick(_QUESTION_SITE, f"site:{domain}", self.templates).format(t=domain),
                    based_on=f"{domain}, linked {_in_posts(count)}",
                )
        name = next((t for t in self.topics if t.name and t.key not in self.used), None)
        if name is not None:
            self.used.add(name.key)
            return CueCard(
                kind="question",
                text=_pick(_QUESTION_NAME, f"question:{name.key}", self.templates).format(
                    t=name.text
                ),
                based_on=f"{name.label}, {_in_posts(name.posts)}",
            )
        return self.question()

    def poll(self) -> CueCard | None:
        first = self._next_topic(thing=True)
        if first is None:
            return None
        second = self._next_topic(thing=True, avoid=[first.key])
        if second is None or {first.key, second.key} <= self.used:
            if first.key in self.used:
                return None
            self.used.add(first.key)
            return CueCard(
                kind="poll",
                text=_pick(_POLL_ONE, f"poll:{first.key}", self.templates).format(a=first.text),
                based_on=f"{first.label}, {_in_posts(first.posts)}",
            )
        self.used.update((first.key, second.key))
        return CueCard(
            kind="poll",
            text=_pick(_POLL, f"poll:{first.key}:{second.key}", self.templates).format(
                a=first.text, b=second.text
            ),
            based_on=f"{first.label} and {second.label}, in {first.posts} and {second.posts} of "
            "your posts",
        )

    def behind(self) -> CueCard | None:
        topic = self._next_topic(thing=True) or self._next_topic()
        if topic is None:
            return None
        self.used.add(topic.key)
        templates = _BEHIND_NAME if topic.name else _BEHIND_THING
        return CueCard(
            kind="behind-the-scenes",
            text=_pick(templates, f"behind:{topic.key}", self.templates).format(t=topic.text),
            based_on=f"{topic.label}, {_in_posts(topic.posts)}",
        )

    def shout_out(self) -> CueCard | None:
        for handle, count in self.persons:
            if handle.lower() not in self.used_people:
                self.used_people.add(handle.lower())
                return CueCard(
                    kind="shout-out",
                    text=_pick(_SHOUT_PERSON, f"shout:{handle.lower()}", self.templates).format(
                        t=handle
                    ),
                    based_on=f"@{handle}, whom you replied to or named {_in_posts(count)}",
                )
        for domain, count in self.sites:
            if domain not in self.used_sites:
                self.used_sites.add(domain)
                return CueCard(
                    kind="shout-out",
                    text=_pick(_SHOUT_SITE, f"shout:{domain}", self.templates).format(t=domain),
                    based_on=f"{domain}, linked {_in_posts(count)}",
                )
        return None

    def personal_card(self) -> CueCard | None:
        topic = next((t for t in self.personal if t.key not in self.used), None)
        where = "personal posts"
        if topic is None:
            topic = self._next_topic()
            where = "posts"
            if topic is None or topic.key in self.used:
                return None
        self.used.add(topic.key)
        templates = _PERSONAL_NAME if topic.name else _PERSONAL_THING
        return CueCard(
            kind="personal",
            text=_pick(templates, f"personal:{topic.key}", self.templates).format(t=topic.text),
            based_on=f"{topic.label}, {_in_posts(topic.posts, where)}",
        )

    def write(self, kind: str) -> CueCard | None:
        if kind == "question":
            return self.question()
        if kind == "poll":
            return self.poll()
        if kind == "behind-the-scenes":
            return self.behind()
        if kind == "shout-out":
            return self.shout_out()
        return self.personal_card()


def _generic(kind: str, writer: _Writer, variant: int = 0) -> CueCard:
    """A general starter of ``kind``, saying why it is general."""
    if kind == "shout-out":
        if writer.persons or writer.sites:
            why = "the other cards already name the people and sites you talk to"
        else:
            why = (
                f"no account you reply to or name, and no site you link to, comes up in "
                f"{MIN_POSTS} of your posts or more"
            )
    elif not writer.topics:
        why = f"your posts have too few words of your own to pick {_GENERIC_WHY[kind]} from"
    else:
        why = "the other cards already use the topics of your posts"
    return CueCard(kind=kind, text=_GENERIC[kind][variant], based_on=f"a general starter: {why}")


def _personal(item: PostLabels) -> bool:
    return item.intent is not None and item.intent.value == "personal"


def _personal_topics(found: list[Topic], reading: TopicReading) -> list[Topic]:
    """The account's topics as they come up in its personal posts (``posts`` counts those),
    the most particular to them first: a shop cat's name before the oven it sleeps on."""
    overall = {topic.key: topic for topic in found}
    chosen = [
        (topic.posts * topic.posts / overall[topic.key].posts, overall[topic.key], topic.posts)
        for topic in reading.topics(among=_personal)
        if topic.key in overall  # a topic of the whole account, not a stray word
    ]
    chosen.sort(key=lambda entry: (-entry[0], entry[1].key))
    return [
        Topic(key=t.key, text=t.text, label=t.label, posts=n, name=t.name) for _, t, n in chosen
    ]


def _need(kind: str, metrics: Mapping[str, Any]) -> float:
    (name, key), full = _NEEDS[kind]
    value = metrics.get(name)
    if key is not None:
        value = value.get(key) if isinstance(value, Mapping) else None
    if not isinstance(value, int | float):
        return 0.0
    return _NEED_WEIGHT[kind] * (1.0 - min(1.0, max(0.0, float(value)) / full))


def cue_cards(
    labels: Sequence[PostLabels], metrics: Mapping[str, Any], *, count: int = 6
) -> list[CueCard]:
    """``count`` conversation starters for the account of ``labels`` (at least one of each of
    the five kinds when ``count`` is 5 or more), written from its own topics, ordered by what
    it does least according to ``metrics`` (the ``as_json()`` dict of
    :func:`twoway.metrics.compute`).  The same input always gives the same cards."""
    if count <= 0:
        return []
    reading = TopicReading(labels)
    found = reading.topics()
    own = reading.own
    writer = _Writer(found, _personal_topics(found, reading), people(own), sites(own))

    cards: list[CueCard] = []
    for kind in KINDS:
        card = writer.write(kind)
        cards.append(card if card is not None else _generic(kind, writer))
    # More cards: a question about a site or a name, then every kind again on topics, people
    # and sites no card has used, until they run out.
    writer.fresh_only = True
    texts = {card.text for card in cards}
    more = [writer.extra_question()]
    while len(cards) < count and any(card is not None for card in more):
        for card in more:
            if card is not None and card.text not in texts and len(cards) < count:
                cards.append(card)
                texts.add(card.text)
        more = [writer.write(kind) for kind in KINDS]
    # Few topics for many cards: the general starters not yet shown.
    for variant in range(max(map(len, _GENERIC.values()))):
        for kind in KINDS:
            if len(cards) < count and variant < len(_GENERIC[kind]):
                card = _generic(kind, writer, variant)
                if card.text not in texts:
                    cards.append(card)
                    texts.add(card.text)

    order = {kind: i for i, kind in enumerate(KINDS)}
    first = sorted(cards[: len(KINDS)], key=lambda c: (-_need(c.kind, metrics), order[c.kind]))
    return (first + cards[len(KINDS) :])[:count]
