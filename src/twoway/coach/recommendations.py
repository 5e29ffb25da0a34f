"""Recommendations: at most five changes, most impactful first.

Each recommendation stands on an account rule that fired (a :class:`~twoway.audit.Finding` with a
``TW2xx`` code, :mod:`twoway.rules.accounts`) and gives:

* ``why``: the figures, in a sentence, from the account's metrics;
* ``evidence``: two or three of the account's own posts that show the problem, the most recent
  first (none for ``unanswered-mentions`` unless posts of the account drew replies: the
  messages left waiting are not its posts, and :mod:`twoway.coach.missed` lists them);
* ``action``: one concrete next step (:data:`ADVICE`);
* ``impact``: the social-score points the change could win.  Each rule bears on some parts of
  the score (:mod:`twoway.score`); its impact is the points those parts are still missing
  (``max_points - points``), each weighted by how directly the action moves it (:data:`ADVICE`).
  A low two-way share, the score's largest part, therefore ranks first.

A finding whose rule is not in :data:`ADVICE` is left out: twoway does not make up advice for a
rule it does not know.  Equal impacts keep the more serious level first, then the order of
:data:`ADVICE`.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from itertools import islice
from typing import Any

from twoway.audit import Evidence, Finding, Recommendation, Score
from twoway.classifier.features import AUTOMATION_CLIENTS
from twoway.classifier.labels import PostLabels
from twoway.model import Kind

__all__ = ["ADVICE", "Advice", "recommend"]

LIMIT = 5
"""At most this many recommendations: a small business owner acts on a few, not on a list."""
EVIDENCE = 3
"""At most this many posts as evidence."""
SLOW_REPLY_MINUTES = 24 * 60
"""A reply this long after the post it answers is evidence of slow replies."""

Metrics = Mapping[str, Any]
Select = Callable[[Sequence[PostLabels], int, tzinfo], list[PostLabels]]
"""Chooses, from an account's labels (most recent first), at most the given number of posts that show a problem (the
zone is the audit's, for the selectors that find a day)."""


@dataclass(frozen=True, slots=True)
class Advice:
    """What twoway recommends when one account rule fires."""

    code: str
    name: str
    title: str
    action: str
    """One concrete next action."""
    parts: Mapping[str, float]
    """Score part -> the share of its missing points the action could win."""


ADVICE: tuple[Advice, ...] = (
    Advice(
        "TW201",
        "broadcast-heavy",
        "Talk with people, not at them",
        "This week, turn two of your link posts into questions: add one sentence on why you "
        "share it, and ask people what they think.",
        {"two_way_share": 1.0, "link_only_share": 0.5},
    ),
    Advice(
        "TW205",
        "unanswered-mentions",
        "Answer the people who write to you",
        "This week, reply to the three oldest unanswered messages (listed under missed "
        "conversations), then check your mentions every morning.",
        {"response_rate_72h": 1.0, "two_way_share": 0.25},
    ),
    Advice(
        "TW207",
        "no-outreach",
        "Start conversations yourself",
        "This week, reply to three local people or businesses you follow, without selling "
        "anything, and end one of your own posts with a question.",
        {"people_replied_to": 1.0, "question_share": 0.5, "two_way_share": 0.25},
    ),
    Advice(
        "TW202",
        "promotion-heavy",
        "Sell less, talk more",
        "For every offer you post this week, post one thing that sells nothing: a thank-you, a "
        "question or a story from your day.",
        {"promotion_share": 1.0, "two_way_share": 0.25},
    ),
    Advice(
        "TW206",
        "slow-replies",
        "Answer sooner",
        "Answer at two fixed times every day (say 9am and 4pm), so nobody waits more than a few "
        "hours.",
        {"response_rate_72h": 0.5, "two_way_share": 0.25},
    ),
    Advice(
        "TW210",
        "volume-over-conversation",
        "Post less, talk more",
        "Post once a day this week, and spend the time you save answering people and asking "
        "them questions.",
        {"two_way_share": 0.5, "people_replied_to": 0.25},
    ),
    Advice(
        "TW204",
        "bare-reposts",
        "Add your own words when you share",
        "Next time you repost, quote the post instead and add one line of your own: why it "
        "matters to you, or a question for your followers.",
        {"two_way_share": 0.25, "question_share": 0.25},
    ),
    Advice(
        "TW208",
        "automation-heavy",
        "Write more posts yourself",
        "Keep the scheduler for reminders, but write one post a day yourself this week, and be "
        "around to answer when people reply.",
        {"link_only_share": 0.5, "two_way_share": 0.25},
    ),
    Advice(
        "TW203",
        "never-personal",
        "Show the people behind the account",
        "This week, post one photo of the people behind the account at work, in your own words, "
        "and end it with a question.",
        {"question_share": 0.25, "two_way_share": 0.1},
    ),
    Advice(
        "TW209",
        "repetitive",
        "Stop repeating yourself",
        "Retire the repeated posts below; next time, write the announcement fresh with one new "
        "detail or a question.",
        {"link_only_share": 0.25, "question_share": 0.25},
    ),
)
"""Each account rule's title, next action and the score parts it bears on, most impactful
first when their missing points are equal."""

FEW_LINKS = 0.1
"""Below this share of link-only posts, "turn two of your link posts into questions" has little
to work on: the broadcast-heavy advice asks for questions in the account's own posts instead."""
_FEW_LINKS_ACTION = (
    "This week, end two of your own posts with a question your followers can answer in a few "
    "words, and reply to everyone who answers."
)

_BY_NAME = {advice.name: advice for advice in ADVICE}
_BY_CODE = {advice.code: advice for advice in ADVICE}
_LEVELS = {"error": 2, "warning": 1, "hint": 0}


# -- figures -----------------------------------------------------------------------------------


def _number(metrics: Metrics, name: str, key: str | None = None) -> float | None:
    value = metrics.get(name)
    if key is not None:
        value = value.get(key) if isinstance(value, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _count(metrics: Metrics) -> int:
    return int(_number(metrics, "posts", "count") or 0)


def _percent(share: float) -> str:
    """``0.123`` -> ``12%``; a small share that is not nothing is ``<1%``, never ``0%``."""
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"


def _of_posts(metrics: Metrics, share: float | None) -> str | None:
    """``41 of your 420 posts (10%)`` for a share of all posts; ``none of your 420 posts``
    when it rounds to none."""
    total = _count(metrics)
    if share is None or not total:
        return None
    count = round(share * total)
    if count == 0:
        return f"none of your {total} posts"
    return f"{count} of your {total} posts ({_percent(share)})"


def _only(phrase: str) -> str:
    """``Only 41 of your 420 posts (10%)``, or ``None of your 420 posts``."""
    return _capital(phrase) if phrase.startswith("none ") else f"Only {phrase}"


def _duration(minutes: float) -> str:
    """A duration in whole minutes, hours or days, rounded down, for "at least …": 234 minutes
    is ``3 hours`` (rounded, ``4 hours`` would claim more than the data says)."""
    if minutes < 90:
        n = int(minutes)
        return f"{n} minute" if n == 1 else f"{n} minutes"
    if minutes < 48 * 60:
        return f"{int(minutes // 60)} hours"
    return f"{int(minutes // 1440)} days"


TENTH = 10
"""Fewer timed answers or replies than this have no tenth to speak of: the slow-replies evidence
then names the median only, not what "one in ten" waited."""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _broadcast_heavy(metrics: Metrics) -> str | None:
    two_way = _of_posts(metrics, _number(metrics, "two_way_share"))
    if two_way is None:
        return None
    text = f"{_only(two_way)} talk with anyone: replies, questions, thanks"
    link_only = _number(metrics, "link_only_share")
    if link_only is not None and link_only >= 0.1:
        bare = round(link_only * _count(metrics))
        text += f"; {bare} are a link with hardly a word of your own"
    return text + "."


def _promotion_heavy(metrics: Metrics) -> str | None:
    promotion = _of_posts(metrics, _number(metrics, "promotion_share"))
    if promotion is None:
        return None
    return f"{_capital(promotion)} promote your own offering; the 80/20 rule keeps that to 20%."


def _never_personal(metrics: Metrics) -> str | None:
    personal = _of_posts(metrics, _number(metrics, "personal_share"))
    community = _number(metrics, "intent_share", "community")
    if personal is None or community is None:
        return None
    return (
        f"{_only(personal)} say anything about the people behind the account, and "
        f"{_percent(community)} of your own posts thank or recognise others."
    )


def _bare_reposts(metrics: Metrics) -> str | None:
    reposts = _of_posts(metrics, _number(metrics, "kind_share", "repost"))
    quotes = _number(metrics, "kind_share", "quote")
    if reposts is None:
        return None
    text = f"{_capital(reposts)} are reposts without a word of your own"
    if quotes is not None:
        quoted = round(quotes * _count(metrics))
        text += (
            f"; only {quoted} quote{'s' if quoted == 1 else ''} a post with a comment"
            if quoted
            else "; none quotes a post with a comment"
        )
    return text + "."


def _unanswered_mentions(metrics: Metrics) -> str | None:
    unanswered = _number(metrics, "unanswered")
    rate = _number(metrics, "response_rate_72h")
    if unanswered is None or rate is None:
        return None
    n = int(unanswered)
    return (
        f"{n} {'message' if n == 1 else 'messages'} from people who wrote to you got no answer "
        f"at all, and only {_percent(rate)} of messages were answered within 72 hours."
    )


def _slow_replies(metrics: Metrics) -> str | None:
    """The median wait (and the 90th percentile's, over ten answers or more), rounded down: half
    of the waits are at least the median."""
    first = _number(metrics, "first_response_minutes", "median")
    if first is not None:
        name = "first_response_minutes"
        text = (
            f"Half of the people who wrote to you waited at least {_duration(first)} for a "
            "first answer"
        )
    else:
        name = "reply_latency_minutes"
        median = _number(metrics, name, "median")
        if median is None:
            return None
        text = f"Half of your replies came at least {_duration(median)} after the post they answer"
    p90 = _number(metrics, name, "p90")
    if p90 is not None and (_number(metrics, name, "n") or 0) >= TENTH:
        text += f"; one in ten took at least {_duration(p90)}"
    return text + "."


def _no_outreach(metrics: Metrics) -> str | None:
    replies = _of_posts(metrics, _number(metrics, "kind_share", "reply"))
    questions = _number(metrics, "question_share")
    talked = _number(metrics, "people_replied_to")
    if replies is None or questions is None:
        return None
    asking = round(questions * _count(metrics))
    text = f"{_only(replies)} reply to someone, and " + (
        f"{asking} ({_percent(questions)}) ask anyone a question"
        if asking
        else "none asks a question"
    )
    if talked is not None:
        text += f"; you talked with {int(talked)} {'person' if talked == 1 else 'people'} in all"
    return text + "."


def _automation_heavy(metrics: Metrics) -> str | None:
    automated = _of_posts(metrics, _number(metrics, "automated_share"))
    if automated is None:
        return None
    text = f"{_capital(automated)} were made by feeds, schedulers or bots"
    clients = metrics.get("clients")
    if isinstance(clients, Mapping):
        shares = {
            name: share
            for name in clients
            if name.lower() in AUTOMATION_CLIENTS and (share := _number(clients, name))
        }
        machines = sorted(shares, key=lambda name: (-shares[name], name))[:3]
        if machines:
            shown = ", ".join(f"{name} {_percent(shares[name])}" for name in machines)
            text += f" ({shown} of all posts)"
    return text + "."


def _repetitive(metrics: Metrics) -> str | None:
    duplicates = _of_posts(metrics, _number(metrics, "duplicate_share"))
    if duplicates is None:
        return None
    return f"{_capital(duplicates)} repeat an earlier post word for word."


def _volume_over_conversation(metrics: Metrics) -> str | None:
    per_day = _number(metrics, "posts", "per_active_day")
    two_way = _number(metrics, "two_way_share")
    if per_day is None or two_way is None:
        return None
    return (
        f"You post {per_day:.1f} times on a day you post, but only {_percent(two_way)} of your "
        "posts talk with anyone."
    )


_WHY: dict[str, Callable[[Metrics], str | None]] = {
    "broadcast-heavy": _broadcast_heavy,
    "promotion-heavy": _promotion_heavy,
    "never-personal": _never_personal,
    "bare-reposts": _bare_reposts,
    "unanswered-mentions": _unanswered_mentions,
    "slow-replies": _slow_replies,
    "no-outreach": _no_outreach,
    "automation-heavy": _automation_heavy,
    "repetitive": _repetitive,
    "volume-over-conversation": _volume_over_conversation,
}
"""For each rule, its figures in a sentence from the metrics (``None`` when they are null)."""


# -- evidence ----------------------------------------------------------------------------------


def _intent(item: PostLabels) -> str | None:
    return None if item.intent is None else str(item.intent.value)


def _two_way(item: PostLabels) -> bool:
    return item.post.kind is Kind.REPLY or _intent(item) in ("conversation", "community")


def _newest(item: PostLabels) -> tuple[datetime, str]:
    return item.post.created_at, item.post.id


def _latest(
    labels: Sequence[PostLabels], keep: Callable[[PostLabels], bool], need: int
) -> list[PostLabels]:
    """The first ``need`` posts of ``labels`` (most recent first) that ``keep`` accepts: the
    scan stops as soon as they are found."""
    return list(islice(filter(keep, labels), need))


def _latency(item: PostLabels) -> float | None:
    post = item.post
    if post.kind is not Kind.REPLY or post.reply_to_time is None:
        return None
    minutes = (post.created_at - post.reply_to_time).total_seconds() / 60
    return minutes if minutes >= 0 else None


def _slowest(labels: Sequence[PostLabels], need: int, _zone: tzinfo) -> list[PostLabels]:
    late = _latest(labels, lambda item: (_latency(item) or 0.0) >= SLOW_REPLY_MINUTES, need)
    if late:
        return late
    timed = [item for item in labels if _latency(item) is not None]
    return heapq.nsmallest(
        need, timed, key=lambda item: (-(_latency(item) or 0.0), item.post.created_at, item.post.id)
    )


def _drew_replies(labels: Sequence[PostLabels], need: int, _zone: tzinfo) -> list[PostLabels]:
    return _latest(labels, lambda item: not item.is_repost and (item.post.replies or 0) > 0, need)


def _busiest_day(labels: Sequence[PostLabels], need: int, zone: tzinfo) -> list[PostLabels]:
    """The one-way posts of the day with the most posts, a day of the audit's time ``zone`` (as
    the ``posts_per_day`` metric counts it)."""
    local = [item.post.created_at.astimezone(zone).date() for item in labels]
    days = Counter(local)
    if not days:
        return []
    top = max(days.values())
    day = max(d for d, n in days.items() if n == top)
    one_way = _latest(
        [item for item, date in zip(labels, local, strict=True) if date == day],
        lambda item: not _two_way(item),
        need,
    )
    return one_way or _latest(labels, lambda item: not _two_way(item), need)


_EVIDENCE: dict[str, Select] = {
    "broadcast-heavy": lambda labels, need, _zone: _latest(
        labels,
        lambda item: (
            not item.is_repost and (item.flag("link_only") or _intent(item) == "promotion")
        ),
        need,
    ),
    "promotion-heavy": lambda labels, need, _zone: _latest(
        labels, lambda item: _intent(item) == "promotion" or item.flag("follow_begging"), need
    ),
    "never-personal": lambda labels, need, _zone: _latest(
        labels,
        lambda item: (
            item.post.kind is Kind.ORIGINAL
            and _intent(item) in ("information", "promotion")
            and not item.flag("link_only")
        ),
        need,
    ),
    "bare-reposts": lambda labels, need, _zone: _latest(labels, lambda item: item.is_repost, need),
    "unanswered-mentions": _drew_replies,
    "slow-replies": _slowest,
    "no-outreach": lambda labels, need, _zone: _latest(
        labels,
        lambda item: (
            item.post.kind is Kind.ORIGINAL
            and not item.post.mentions
            and not item.flag("asks_question")
            and not _two_way(item)
        ),
        need,
    ),
    "automation-heavy": lambda labels, need, _zone: _latest(
        labels, lambda item: item.flag("automated"), need
    ),
    "repetitive": lambda labels, need, _zone: _latest(
        labels, lambda item: item.flag("duplicate"), need
    ),
    "volume-over-conversation": _busiest_day,
}
"""For each rule, the account's posts that show the problem, in the order they are cited."""


def _evidence(
    name: str, labels: Sequence[PostLabels], cited: set[str], zone: tzinfo
) -> tuple[Evidence, ...]:
    """Up to :data:`EVIDENCE` posts that show the problem of rule ``name``, most recent first,
    passing over posts an earlier recommendation ``cited`` while at least two others are left
    (and adding those chosen to it)."""
    select = _EVIDENCE.get(name)
    if select is None:
        return ()
    # ``labels`` are most recent first (recommend() sorts them once for every rule).
    # Enough candidates that EVIDENCE of them are fresh even if every cited post is among them.
    candidates = select(labels, EVIDENCE + len(cited), zone)
    fresh = [item for item in candidates if item.post.id not in cited]
    chosen = fresh[:EVIDENCE] if len(fresh) >= 2 else candidates[:EVIDENCE]
    chosen.sort(key=lambda item: (item.post.created_at, item.post.id), reverse=True)
    cited.update(item.post.id for item in chosen)
    return tuple(
        Evidence(
            post_id=item.post.id,
            created_at=item.post.created_at,
            text=_evidence_text(item),
            url=item.post.url,
        )
        for item in chosen
    )


def _evidence_text(item: PostLabels) -> str:
    """The post's text; a bare repost, which has none of its own (Mastodon boosts, Bluesky
    reposts), is named for what it shares, so the evidence is not an empty box."""
    post = item.post
    if post.text.strip() or post.kind is not Kind.REPOST:
        return post.text
    if post.reposted_account:
        return (
            f"(a repost of @{post.reposted_account.lstrip('@')}'s post, with no words of your own)"
        )
    return "(a repost of another account's post, with no words of your own)"


# -- ranking -----------------------------------------------------------------------------------


def _impact(advice: Advice, score: Score) -> float:
    """The score points the change could win: each part's missing points, weighted."""
    total = 0.0
    for part in score.parts:
        weight = advice.parts.get(part.name)
        if weight:
            total += weight * max(0.0, part.max_points - part.points)
    return round(total, 1)


def _action(advice: Advice, metrics: Metrics) -> str:
    """The advice's next step, fitted to the account where one size does not fit all."""
    if advice.name == "broadcast-heavy":
        link_only = _number(metrics, "link_only_share")
        if link_only is not None and link_only < FEW_LINKS:
            return _FEW_LINKS_ACTION
    return advice.action


def _advice_for(finding: Finding) -> Advice | None:
    """The advice for a finding's rule: by name, else by code; ``None`` for a rule twoway has
    no advice for."""
    return _BY_NAME.get(finding.name) or _BY_CODE.get(finding.code.upper())


def recommend(
    findings: Sequence[Finding],
    metrics: Mapping[str, Any],
    labels: Sequence[PostLabels],
    score: Score,
    *,
    limit: int = LIMIT,
    zone: tzinfo = UTC,
) -> list[Recommendation]:
    """At most ``min(limit, 5)`` recommendations for the account rules in ``findings``, most
    impactful first, with the figures from ``metrics`` (the ``as_json()`` dict of
    :func:`twoway.metrics.compute`) and evidence from the account's own posts in ``labels``.
    Findings of rules without advice are left out; a rule found twice counts once.  ``zone`` is
    the audit's time zone, whose days the evidence of a busiest day is chosen from."""
    chosen: dict[str, tuple[Advice, Finding]] = {}
    for finding in findings:
        advice = _advice_for(finding)
        if advice is not None and advice.name not in chosen:
            chosen[advice.name] = (advice, finding)

    order = {advice.name: i for i, advice in enumerate(ADVICE)}
    ranked = sorted(
        chosen.values(),
        key=lambda pair: (
            -_impact(pair[0], score),
            -_LEVELS.get(pair[1].level, 0),
            order[pair[0].name],
        ),
    )
    recommendations = []
    cited: set[str] = set()
    newest_first = sorted(labels, key=_newest, reverse=True)
    for advice, finding in ranked[: max(0, min(limit, LIMIT))]:
        why = _WHY[advice.name](metrics) or _sentence(finding.message)
        recommendations.append(
            Recommendation(
                code=finding.code,
                title=advice.title,
                why=why,
                action=_action(advice, metrics),
                evidence=_evidence(advice.name, newest_first, cited, zone),
                impact=_impact(advice, score),
            )
        )
    return recommendations
