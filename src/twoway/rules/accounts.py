"""Account rules (``TW2xx``): habits of a whole account that keep it one-way.

Each rule reads the account's metrics (:func:`twoway.metrics.compute`, docs/metrics.md) and fires
when a figure crosses its threshold; the message names the figures.  A rule whose metric is null
(the data cannot support it) does not fire.  Rules need at least :data:`MIN_POSTS` posts, so a
handful of posts never brands an account.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from twoway.classifier.features import AUTOMATION_CLIENTS
from twoway.reports.targets import format_share
from twoway.rules import Docs, Evidence, Rule, account_rule

__all__ = ["MIN_POSTS", "RULES"]

MIN_POSTS = 20
"""Fewer posts than this say too little about habits: no account rule fires."""


def _number(metrics: Mapping[str, Any], name: str, key: str | None = None) -> float | None:
    value = metrics.get(name)
    if key is not None:
        value = value.get(key) if isinstance(value, Mapping) else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _posts(metrics: Mapping[str, Any]) -> int:
    return int(_number(metrics, "posts", "count") or 0)


def _pct(value: float) -> str:
    return format_share(value)


TWO_WAY_LOW = 0.2
"""Below this two-way share an account broadcasts (a fifth: well under the rule of thirds)."""


@account_rule(
    code="TW201",
    name="broadcast-heavy",
    category="broadcast",
    level="error",
    summary="Most posts talk at people, not with them",
    message="only {two_way} of {posts} posts talk with anyone (replies, questions, thanks)",
    suggestion="Turn one broadcast a day into a conversation: reply to someone, or end a post with a question",
    docs=Docs(
        what=(
            f"An account whose two-way share (replies to others, and posts whose intent is "
            f"conversation or community) is under {TWO_WAY_LOW:.0%} of all posts."
        ),
        why=(
            "Social media is two-way: people follow accounts that answer, ask and thank. An "
            "account that only announces is a notice board, and platforms show its posts to "
            "fewer people as fewer people engage."
        ),
        example="120 posts in three months: 80 blog links, 25 offers, 10 reposts, 5 replies.",
        instead=(
            "Reply to people who mention you or your topic, ask your audience a question each "
            "week, thank customers and neighbours by name."
        ),
        known_problems=(
            "Replies the export does not hold (deleted, or on another platform) are not counted."
        ),
    ),
)
def broadcast_heavy(metrics: Mapping[str, Any]) -> Evidence | None:
    share = _number(metrics, "two_way_share")
    if _posts(metrics) < MIN_POSTS or share is None or share >= TWO_WAY_LOW:
        return None
    return {"two_way": _pct(share), "posts": _posts(metrics)}


PROMOTION_HIGH = 0.2
"""The 80/20 rule: at most a fifth of posts promote."""


@account_rule(
    code="TW202",
    name="promotion-heavy",
    category="promotion",
    level="warning",
    summary="More than a fifth of posts sell (the 80/20 rule)",
    message="{promotion} of posts promote the account's own offering; the 80/20 rule allows {limit}",
    suggestion="For every sales post, post four that help, entertain or talk with people",
    docs=Docs(
        what=f"An account whose promotion share is over {PROMOTION_HIGH:.0%} of posts.",
        why=(
            "People follow for value and company, not for adverts. The 80/20 rule of social "
            "media marketing keeps selling to a fifth of posts at most."
        ),
        example="Half of the posts say 'order now', 'book today' or '20% off'.",
        instead="Share tips, stories from behind the counter and other people's news; sell in between.",
        known_problems="Announcing your own event without a call to act counts as information, not promotion.",
    ),
)
def promotion_heavy(metrics: Mapping[str, Any]) -> Evidence | None:
    share = _number(metrics, "promotion_share")
    if _posts(metrics) < MIN_POSTS or share is None or share <= PROMOTION_HIGH:
        return None
    return {"promotion": _pct(share), "limit": _pct(PROMOTION_HIGH)}


PERSONAL_LOW = 0.05


@account_rule(
    code="TW203",
    name="never-personal",
    category="voice",
    level="hint",
    summary="No person behind the logo: almost nothing personal or warm",
    message="only {personal} of posts are personal and {community} recognise others",
    suggestion="Once a week, show the people behind the account: a moment from the day, a staff pick, the shop cat",
    docs=Docs(
        what=(
            f"An account whose personal share and community share (thanks, congratulations, "
            f"shout-outs) are both under {PERSONAL_LOW:.0%}."
        ),
        why="People talk to people. A voice with a face and a mood invites replies a logo does not.",
        example="Every post is an announcement or an offer; no one ever says how their day went.",
        instead="Share a small story, a photo from behind the scenes, or thank a regular by name.",
        known_problems="Humour is hard to tell from information; some personal posts may be missed.",
    ),
)
def never_personal(metrics: Mapping[str, Any]) -> Evidence | None:
    personal = _number(metrics, "personal_share")
    community = _number(metrics, "intent_share", "community")
    if _posts(metrics) < MIN_POSTS or personal is None or community is None:
        return None
    if personal >= PERSONAL_LOW or community >= PERSONAL_LOW:
        return None
    return {"personal": _pct(personal), "community": _pct(community)}


REPOSTS_HIGH = 0.2


@account_rule(
    code="TW204",
    name="bare-reposts",
    category="broadcast",
    level="warning",
    summary="Reposts with no comment instead of quotes with the account's own words",
    message="{reposts} of posts are bare reposts and only {quotes} quote with a comment",
    suggestion="Quote instead of reposting: add one line saying why it matters to your followers",
    docs=Docs(
        what=(
            f"An account whose bare reposts are over {REPOSTS_HIGH:.0%} of posts and outnumber "
            "its quote posts three to one."
        ),
        why="A bare repost passes on someone else's words; a comment starts a conversation about them.",
        example="A third of the timeline is 'RT @localpaper: …' with nothing added.",
        instead="Quote the post and add your view, a question, or why your followers should care.",
        known_problems="Legacy archives mark reposts by their 'RT @' text only.",
    ),
)
def bare_reposts(metrics: Mapping[str, Any]) -> Evidence | None:
    reposts = _number(metrics, "kind_share", "repost")
    quotes = _number(metrics, "kind_share", "quote") or 0.0
    if _posts(metrics) < MIN_POSTS or reposts is None:
        return None
    if reposts <= REPOSTS_HIGH or reposts < 3 * quotes:
        return None
    return {"reposts": _pct(reposts), "quotes": _pct(quotes)}


RESPONSE_LOW = 0.8
"""Sprout Social's benchmark: brands should answer most messages; below 80% people are left waiting."""
MIN_INBOUND = 3


@account_rule(
    code="TW205",
    name="unanswered-mentions",
    category="responsiveness",
    level="error",
    summary="People who wrote to the account got no answer",
    message="{unanswered} messages from people who wrote in got no answer; {rate} were answered within 72 hours",
    suggestion="Answer the oldest unanswered messages today, then check mentions every morning",
    docs=Docs(
        what=(
            f"An account that answered under {RESPONSE_LOW:.0%} of the inbound messages "
            "(mentions, replies, comments) within 72 hours (Sprout Social's response rate)."
        ),
        why=(
            "Someone who writes to a business and hears nothing tells others. Answering is the "
            "cheapest conversation there is: the other person started it."
        ),
        example="41 customers mentioned the account; 3 got a reply.",
        instead="Reply to every question or complaint, even with 'we are looking into it'.",
        known_problems=(
            "Needs inbound messages, which only some inputs hold (the customer-conversation CSV, "
            "live pulls); answers in private messages are not seen."
        ),
    ),
)
def unanswered_mentions(metrics: Mapping[str, Any]) -> Evidence | None:
    rate = _number(metrics, "response_rate_72h")
    unanswered = _number(metrics, "unanswered")
    if rate is None or unanswered is None or rate >= RESPONSE_LOW or unanswered < MIN_INBOUND:
        return None
    return {"unanswered": int(unanswered), "rate": _pct(rate)}


FIRST_RESPONSE_SLOW = 60.0
"""Minutes: people who write to a business expect an answer within the hour."""
REPLY_SLOW = 24 * 60.0
"""Minutes: replies to others that come a day late are no longer a conversation."""
MIN_TIMED = 5
"""Fewer timed answers or replies than this say too little about how fast the account answers:
one late answer is an accident, not a habit."""


@account_rule(
    code="TW206",
    name="slow-replies",
    category="responsiveness",
    level="warning",
    summary="Replies come too late to be a conversation",
    message="the median {what} takes {median}; aim for {target}",
    suggestion="Set two fixed times a day to answer everyone who wrote in",
    docs=Docs(
        what=(
            f"An account whose median first response to inbound messages is over "
            f"{FIRST_RESPONSE_SLOW:.0f} minutes, or (without inbound data) whose median reply "
            f"comes more than {REPLY_SLOW / 60:.0f} hours after the post it answers; either over "
            f"at least {MIN_TIMED} answers or replies."
        ),
        why="A reply the next day answers a question the person has stopped asking.",
        example="Half of the replies come two days after the customer wrote.",
        instead="Check mentions at fixed times, and answer short and soon rather than long and late.",
        known_problems="Reply times are measured from the parent's time, which the parent's id gives on X, Mastodon and Bluesky.",
    ),
)
def slow_replies(metrics: Mapping[str, Any]) -> Evidence | None:
    first = _number(metrics, "first_response_minutes", "median")
    if first is not None:
        answered = _number(metrics, "first_response_minutes", "n") or 0
        if answered < MIN_TIMED or first <= FIRST_RESPONSE_SLOW:
            return None
        return {"what": "first response", "median": _minutes(first), "target": "under an hour"}
    reply = _number(metrics, "reply_latency_minutes", "median")
    replies = _number(metrics, "reply_latency_minutes", "n") or 0
    if reply is None or replies < MIN_TIMED or reply <= REPLY_SLOW:
        return None
    return {"what": "reply", "median": _minutes(reply), "target": "under a day"}


def _minutes(value: float) -> str:
    if value < 90:
        return f"{value:.0f} minutes"
    if value < 48 * 60:
        return f"{value / 60:.0f} hours"
    return f"{value / 1440:.0f} days"


OUTREACH_LOW = 0.05


@account_rule(
    code="TW207",
    name="no-outreach",
    category="broadcast",
    level="warning",
    summary="Never starts talking to others",
    message="{replies} of posts reply to someone and {questions} ask anything; it talked with {people} people",
    suggestion="Each week, reply to three people in your town or trade you do not know yet",
    docs=Docs(
        what=(
            f"An account whose replies to others and whose questions are each under "
            f"{OUTREACH_LOW:.0%} of its posts: it never opens a conversation."
        ),
        why="Waiting to be talked to is slow; the accounts that grow are the ones that join in.",
        example="Two replies in a year, both thanking a supplier.",
        instead="Reply to local news, answer questions in your field, congratulate neighbours.",
        known_problems="Replies made from another account or platform are not seen.",
    ),
)
def no_outreach(metrics: Mapping[str, Any]) -> Evidence | None:
    replies = _number(metrics, "kind_share", "reply")
    questions = _number(metrics, "question_share")
    if _posts(metrics) < MIN_POSTS or replies is None or questions is None:
        return None
    if replies >= OUTREACH_LOW or questions >= OUTREACH_LOW:
        return None
    people = int(_number(metrics, "people_replied_to") or 0)
    return {"replies": _pct(replies), "questions": _pct(questions), "people": people}


AUTOMATION_HIGH = 0.3


@account_rule(
    code="TW208",
    name="automation-heavy",
    category="automation",
    level="warning",
    summary="Much of the timeline is made by machines",
    message="{automated} of posts come from feeds, schedulers or bots ({clients})",
    suggestion="Keep the scheduler for reminders; write the rest yourself, and be there to answer",
    docs=Docs(
        what=f"An account whose automated share is over {AUTOMATION_HIGH:.0%} of posts.",
        why=(
            "Automated posts arrive when no one is there to answer, read like machines, and are "
            "the first thing followers learn to scroll past."
        ),
        example="Every weekday at 09:00:00 the blog feed posts a title and a link.",
        instead="Schedule less; post when you can stay around for the replies.",
        known_problems="A person typing into a scheduler by hand is counted as automation.",
    ),
)
def automation_heavy(metrics: Mapping[str, Any]) -> Evidence | None:
    share = _number(metrics, "automated_share")
    if _posts(metrics) < MIN_POSTS or share is None or share <= AUTOMATION_HIGH:
        return None
    clients = metrics.get("clients")
    machines = (
        sorted(
            (c for c in clients if c.lower() in AUTOMATION_CLIENTS),
            key=lambda c: clients[c],
            reverse=True,
        )
        if isinstance(clients, Mapping)
        else []
    )
    names = "mostly " + ", ".join(machines[:3]) if machines else "by template or timing"
    return {"automated": _pct(share), "clients": names}


REPETITIVE_HIGH = 0.1


@account_rule(
    code="TW209",
    name="repetitive",
    category="repetition",
    level="warning",
    summary="The same posts again and again",
    message="{duplicates} of posts repeat an earlier post word for word",
    suggestion="Say it differently each time, or say something new",
    docs=Docs(
        what=(
            f"An account whose duplicate share (posts repeating an earlier one once links, "
            f"mentions and numbers are removed) is over {REPETITIVE_HIGH:.0%}."
        ),
        why="Repeats tell followers nothing new, and platforms treat them as spam.",
        example="'Fresh bread every morning! Order here' posted every Monday for a year.",
        instead="Rewrite recurring posts with this week's news, a photo, or a question.",
        known_problems="Posts that differ only in a date or a link count as repeats, as the codebook says.",
    ),
)
def repetitive(metrics: Mapping[str, Any]) -> Evidence | None:
    share = _number(metrics, "duplicate_share")
    if _posts(metrics) < MIN_POSTS or share is None or share <= REPETITIVE_HIGH:
        return None
    return {"duplicates": _pct(share)}


VOLUME_HIGH = 3.0
"""Posts per active day above which volume should bring conversation."""


@account_rule(
    code="TW210",
    name="volume-over-conversation",
    category="broadcast",
    level="warning",
    summary="Posts a lot, talks little",
    message="{per_day:.1f} posts a day on days it posts, but only {two_way} of them talk with anyone",
    suggestion="Post half as often and spend the time answering people",
    docs=Docs(
        what=(
            f"An account posting more than {VOLUME_HIGH:g} times on an active day whose two-way "
            f"share is under {TWO_WAY_LOW:.0%}."
        ),
        why="More posts do not make more conversation; they make followers mute you.",
        example="Eight posts a day, all links; one reply a month.",
        instead="Fewer, better posts, and the time saved spent on replies.",
        known_problems="Busy news accounts may choose volume on purpose.",
    ),
)
def volume_over_conversation(metrics: Mapping[str, Any]) -> Evidence | None:
    per_day = _number(metrics, "posts", "per_active_day")
    share = _number(metrics, "two_way_share")
    if _posts(metrics) < MIN_POSTS or per_day is None or share is None:
        return None
    if per_day <= VOLUME_HIGH or share >= TWO_WAY_LOW:
        return None
    return {"per_day": per_day, "two_way": _pct(share)}  # type: ignore[dict-item]


RULES: tuple[Rule[Mapping[str, Any]], ...] = (
    broadcast_heavy,
    promotion_heavy,
    never_personal,
    bare_reposts,
    unanswered_mentions,
    slow_replies,
    no_outreach,
    automation_heavy,
    repetitive,
    volume_over_conversation,
)
