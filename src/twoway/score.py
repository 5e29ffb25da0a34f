"""The social score (0-100) and the archetype of an account, from its metrics (docs/metrics.md).

The score adds up parts a user sees ("two-way share 12% -> 13 of 55 points").  Every part reads
a share or a rate, never a count, so posting more earns nothing; a part whose metric is null
earns nothing either.

=================================  ================================  =======  ======================
part (as the report names it)      metric                            points   full points at
=================================  ================================  =======  ======================
two-way share                      ``two_way_share``                 40 (55)  50% of posts or more
questions asked                    ``question_share``                15       15% of posts or more
people replied to                  ``people_replied_to`` / posts     10       20 per 100 posts
messages answered within 72 hours  ``response_rate_72h``             15 (-)   80% or more
posts in its own words             1 - ``link_only_share``           10       every post
promotion                          ``promotion_share``               10       20% or less (0 at 50%)
=================================  ================================  =======  ======================

Each part earns its points in proportion to its metric up to the "full points" figure
(``points = max * min(1, value / full)``); the promotion part earns all its points up to 20%
promotion and loses them evenly to none at 50%.  Without inbound messages (or when
``response_rate_72h`` is null) the response part is left out and its 15 points go to the two-way
share, which is then worth 55.  The parts' points are whole numbers that add up to the score:
the score is the sum of the unrounded points rounded half up, shared among the parts by largest
remainder.

The archetype is the first of these that fits (thresholds in the constants below):

1. **Promoter**: promotion is 30% of posts or more, and more than the two-way share.
2. **Conversationalist**: two-way share 40% or more, and 10% or more of posts ask a question.
3. **Community builder**: 15% or more of the posts that are not reposts recognise others
   (intent ``community``), and two-way share 25% or more.
4. **Responder**: replies to others are 30% of posts or more, or the two-way share is 40% or
   more: it answers, but asks few questions.
5. **Curator**: 40% of posts or more share others' content (reposts, quotes, quotations and
   links to other sites than its own: the "sharing" third of ``rule_of_thirds``).
6. **Broadcaster**: any other account (and one without posts).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from twoway.audit import Archetype, Score, ScorePart
from twoway.metrics import Metrics
from twoway.reports.targets import format_share
from twoway.rules.accounts import MIN_POSTS

__all__ = [
    "ARCHETYPES",
    "archetype",
    "caveat",
    "social_score",
]

ARCHETYPES = (
    "Promoter",
    "Conversationalist",
    "Community builder",
    "Responder",
    "Curator",
    "Broadcaster",
)
"""The archetypes, in the order they are tried."""

TWO_WAY_POINTS = 40
RESPONSE_POINTS = 15
TWO_WAY_FULL = 0.50
QUESTION_POINTS, QUESTION_FULL = 15, 0.15
PEOPLE_POINTS, PEOPLE_FULL = 10, 0.20
RESPONSE_FULL = 0.80
WORDS_POINTS = 10
PROMOTION_POINTS, PROMOTION_FREE, PROMOTION_NONE = 10, 0.20, 0.50

PROMOTER_SHARE = 0.30
CONVERSATIONALIST_TWO_WAY, CONVERSATIONALIST_QUESTIONS = 0.40, 0.10
COMMUNITY_SHARE, COMMUNITY_TWO_WAY = 0.15, 0.25
RESPONDER_REPLIES, RESPONDER_TWO_WAY = 0.30, 0.40
CURATOR_SHARING = 0.40


_ONE_WAY = {
    "information": "inform or announce",
    "personal": "share its own life, humour or opinions",
    "promotion": "promote its own offering",
    "quote": "post quotations",
}
"""The one-way intents a Broadcaster's reason names (the largest), in words."""


def _values(metrics: Metrics | Mapping[str, Any]) -> Mapping[str, Any]:
    return metrics.values if isinstance(metrics, Metrics) else metrics


def _number(values: Mapping[str, Any], name: str, key: str | None = None) -> float | None:
    value = values.get(name)
    if key is not None:
        value = value.get(key) if isinstance(value, Mapping) else None
    return None if value is None else float(value)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else format_share(value)


@dataclass(frozen=True, slots=True)
class _Part:
    name: str
    label: str
    value: float | None
    shown: str
    earned: float
    """Unrounded points."""
    max_points: int


def _up_to(value: float | None, full: float, max_points: int) -> float:
    if value is None:
        return 0.0
    return max_points * min(1.0, max(0.0, value) / full)


def _parts(values: Mapping[str, Any]) -> list[_Part]:
    count = _number(values, "posts", "count") or 0
    response = _number(values, "response_rate_72h")
    two_way_max = TWO_WAY_POINTS + (RESPONSE_POINTS if response is None else 0)

    two_way = _number(values, "two_way_share")
    questions = _number(values, "question_share")
    people = _number(values, "people_replied_to")
    per_post = people / count if people is not None and count else None
    link_only = _number(values, "link_only_share")
    words = None if link_only is None else 1.0 - link_only
    promotion = _number(values, "promotion_share")
    if promotion is None:
        kept_down = 0.0
    else:
        kept_down = PROMOTION_POINTS * min(
            1.0, max(0.0, (PROMOTION_NONE - promotion) / (PROMOTION_NONE - PROMOTION_FREE))
        )
    parts = [
        _Part(
            "two_way_share",
            "two-way share",
            two_way,
            _percent(two_way),
            _up_to(two_way, TWO_WAY_FULL, two_way_max),
            two_way_max,
        ),
        _Part(
            "question_share",
            "questions asked",
            questions,
            _percent(questions),
            _up_to(questions, QUESTION_FULL, QUESTION_POINTS),
            QUESTION_POINTS,
        ),
        _Part(
            "people_replied_to",
            "people replied to",
            per_post,
            "n/a" if per_post is None else f"{per_post * 100:.0f} per 100 posts",
            _up_to(per_post, PEOPLE_FULL, PEOPLE_POINTS),
            PEOPLE_POINTS,
        ),
    ]
    if response is not None:
        parts.append(
            _Part(
                "response_rate_72h",
                "messages answered within 72 hours",
                response,
                _percent(response),
                _up_to(response, RESPONSE_FULL, RESPONSE_POINTS),
                RESPONSE_POINTS,
            )
        )
    parts += [
        _Part(
            "link_only_share",
            "posts in its own words",
            words,
            _percent(words),
            _up_to(words, 1.0, WORDS_POINTS),
            WORDS_POINTS,
        ),
        _Part(
            "promotion_share",
            "promotion",
            promotion,
            _percent(promotion),
            kept_down,
            PROMOTION_POINTS,
        ),
    ]
    return parts


def social_score(metrics: Metrics | Mapping[str, Any]) -> Score:
    """The social score of an account from its metrics (a :class:`~twoway.metrics.Metrics` or
    its ``as_json()`` dict): 0-100, with the parts it adds up from (module docstring)."""
    parts = _parts(_values(metrics))
    total = sum(part.earned for part in parts)
    value = min(100, math.floor(total + 0.5))
    floors = [math.floor(part.earned) for part in parts]
    # Largest remainder: the parts' whole points add up to the rounded total.
    extra = value - sum(floors)
    order = sorted(range(len(parts)), key=lambda i: (floors[i] - parts[i].earned, i))
    for i in order[: max(0, extra)]:
        floors[i] += 1
    return Score(
        value=value,
        parts=tuple(
            ScorePart(
                name=part.name,
                label=part.label,
                value=part.value,
                shown=part.shown,
                points=float(points),
                max_points=float(part.max_points),
            )
            for part, points in zip(parts, floors, strict=True)
        ),
    )


def archetype(metrics: Metrics | Mapping[str, Any]) -> Archetype:
    """The archetype of an account from its metrics, with a one-sentence reason citing its
    figures (rules in the module docstring)."""
    values = _values(metrics)
    if not _number(values, "posts", "count"):
        return Archetype(
            name="Broadcaster", reason="There are no posts, so there is no conversation to see."
        )
    two_way = _number(values, "two_way_share") or 0.0
    promotion = _number(values, "promotion_share") or 0.0
    questions = _number(values, "question_share") or 0.0
    replies = _number(values, "kind_share", "reply") or 0.0
    community = _number(values, "intent_share", "community") or 0.0
    thirds = values.get("rule_of_thirds")
    sharing = _number(thirds, "shares", "sharing") if isinstance(thirds, Mapping) else None
    sharing = sharing or 0.0

    if promotion >= PROMOTER_SHARE and promotion > two_way:
        return Archetype(
            name="Promoter",
            reason=(
                f"{format_share(promotion)} of posts promote its own offering, "
                f"more than the {format_share(two_way)} that talk with people."
            ),
        )
    if two_way >= CONVERSATIONALIST_TWO_WAY and questions >= CONVERSATIONALIST_QUESTIONS:
        return Archetype(
            name="Conversationalist",
            reason=(
                f"{format_share(two_way)} of posts are two-way and {format_share(questions)} ask someone a question."
            ),
        )
    if community >= COMMUNITY_SHARE and two_way >= COMMUNITY_TWO_WAY:
        return Archetype(
            name="Community builder",
            reason=(
                f"{format_share(community)} of its own posts thank, congratulate or support others, "
                f"and {format_share(two_way)} of all posts are two-way."
            ),
        )
    if replies >= RESPONDER_REPLIES or two_way >= RESPONDER_TWO_WAY:
        if questions < CONVERSATIONALIST_QUESTIONS:
            reason = (
                f"{format_share(two_way)} of posts are two-way and {format_share(replies)} are replies to others, "
                f"but only {format_share(questions)} ask a question: "
                "it answers more than it starts conversations."
            )
        else:
            reason = (
                f"{format_share(replies)} of posts are replies to others, "
                f"but only {format_share(two_way)} of all posts are two-way: "
                "it answers when spoken to more than it talks."
            )
        return Archetype(name="Responder", reason=reason)
    if sharing >= CURATOR_SHARING:
        return Archetype(
            name="Curator",
            reason=(
                f"{format_share(sharing)} of posts share others' content (reposts, quotes and links to other sites), "
                f"and only {format_share(two_way)} are two-way."
            ),
        )
    intents = values.get("intent_share")
    one_way = {
        intent: float(intents.get(intent) or 0.0) if isinstance(intents, Mapping) else 0.0
        for intent in _ONE_WAY
    }
    main = max(one_way, key=lambda intent: one_way[intent])
    return Archetype(
        name="Broadcaster",
        reason=(
            f"Only {format_share(two_way)} of posts are two-way, and {format_share(one_way[main])} of its own posts "
            f"{_ONE_WAY[main]} without addressing anyone."
        ),
    )


def caveat(metrics: Metrics | Mapping[str, Any]) -> str | None:
    """A warning, in a sentence, when the score and the archetype rest on fewer posts than the
    account rules need (:data:`twoway.rules.accounts.MIN_POSTS`): a single reply to a question
    scores 100 and reads as a Conversationalist, which says nothing of the account's habits.
    ``None`` with posts enough, or without posts (the reports then show no score at all)."""
    count = int(_number(_values(metrics), "posts", "count") or 0)
    if not 0 < count < MIN_POSTS:
        return None
    posts = "1 post" if count == 1 else f"{count} posts"
    return (
        f"Only {posts}: too few to judge habits (the account rules need {MIN_POSTS}), so read the score "
        "and the archetype as a first impression, not a verdict."
    )
