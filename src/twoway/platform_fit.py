"""Platform fit: one owner's accounts on several platforms, compared side by side, and where the
owner's audience actually talks back (``twoway audit PATH... --as NAME``).

"Be where your customers spend their time": an owner who posts on X, Mastodon and Bluesky wants
to know which of them its customers answer on.  :func:`platform_fit` takes the audits of the
owner's accounts and gives

* one **combined audit** of the owner (:attr:`PlatformFit.audit`): score, archetype, metrics and
  coaching over every post and inbound message together.  Replies and answers are matched within
  each platform only: an id (of a post, a message, or an account replied to) that occurs on two
  platforms is read as ``platform:id`` on each, so that a Facebook post never answers an X message
  that happens to share its id;
* a **row per platform** (:class:`PlatformRow`): volume (posts, their share of the owner's posts,
  posts per week), two-way share, response rate within 72 hours, people who wrote in,
  conversation rate (replies received per post) and what came back (messages and replies), each
  a :class:`~twoway.compare.Standing` as ``twoway compare`` makes them, with the reason where the
  data cannot give the figure;
* an **advice** (:class:`Advice`): where the audience talks back, where the owner broadcasts into
  silence, and what to shift, in plain words with the figures; or, when the data cannot say,
  why not.

What came back on a platform (``heard``) is the larger of two counts the data may give: the
inbound messages (mentions, replies and comments by others, which only some inputs hold) and the
replies received by the owner's own posts (from the posts' public reply counts, which only some
sources give).  Both count people talking to the owner and overlap, and each falls short of the
truth, so the larger is the better floor.  A platform with neither is *unknown*, never 0.

The advice, in order (thresholds in the constants below; docs/platform-fit.md):

1. only one platform: nothing to compare (``one-platform``);
2. no platform has figures for what came back (``no-data``), or only one has (``one-with-data``);
3. fewer than :data:`MIN_HEARD` messages and replies came back in all (``too-few``);
4. otherwise the platform with the most is where the audience talks back; platforms within
   :data:`TIE_RATIO` of it share the lead (``tie``).  A platform *broadcasts into silence* when it
   takes at least :data:`SILENT_POST_SHARE` of the owner's posts and at least :data:`SILENT_RATIO`
   times its share of what came back.  When such a platform takes more of the posts than the
   leader, the advice is to ``shift`` effort to the leader; otherwise to ``keep`` it there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from twoway.audit import DEFAULT_ZONE, AccountAudit, AuditReport
from twoway.classifier.labels import PostLabels
from twoway.compare import FIGURES, Figure, Standing, standings
from twoway.errors import InputError
from twoway.metrics.core import NO_INBOUND, NO_POSTS
from twoway.model import Account, Interaction, Kind, Post
from twoway.reports.targets import format_share

__all__ = [
    "MIN_HEARD",
    "PLATFORM_FIGURES",
    "PLATFORM_NAMES",
    "SILENT_POST_SHARE",
    "SILENT_RATIO",
    "TABLE",
    "TIE_RATIO",
    "Advice",
    "PlatformFit",
    "PlatformRow",
    "Unavailable",
    "advise",
    "owner_report",
    "platform_fit",
    "platform_name",
    "unavailable",
]

MIN_HEARD = 10
"""Fewer messages and replies than this across every platform are too few to say where the
audience talks back: one chatty customer would decide it."""

TIE_RATIO = 1.25
"""A platform whose count of what came back, times this, reaches the leader's shares the lead
(within 25%)."""

SILENT_POST_SHARE = 0.2
"""A platform broadcasts into silence only if it takes at least this share of the owner's posts
("much volume")…"""

SILENT_RATIO = 2.0
"""…and at least this many times its share of what came back ("little coming back")."""

PLATFORM_NAMES: Mapping[str, str] = {
    "x": "X",
    "twitter": "X",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "threads": "Threads",
    "linkedin": "LinkedIn",
}
"""How the reports name each platform."""

_BY_NAME = {figure.name: figure for figure in FIGURES}

PLATFORM_FIGURES: tuple[Figure, ...] = (
    Figure(
        name="posts",
        label="Posts",
        short="posts",
        metric="posts",
        field="count",
        unit="count",
        better=None,
    ),
    Figure(
        name="post_share",
        label="Share of your posts",
        short="of posts",
        metric="post_share",
        unit="share",
        better=None,
    ),
    Figure(
        name="posts_per_week",
        label="Posts per week",
        short="per week",
        metric="posts_per_week",
        unit="per_week",
        better=None,
    ),
    _BY_NAME["two_way_share"],
    _BY_NAME["response_rate_72h"],
    Figure(
        name="messages_in",
        label="Messages from others",
        short="messages in",
        metric="messages_in",
        unit="count",
        better="higher",
    ),
    Figure(
        name="people_in",
        label="People who wrote in",
        short="people",
        metric="people_in",
        unit="count",
        better="higher",
    ),
    Figure(
        name="conversation_rate",
        label="Replies per post",
        short="replies/post",
        metric="conversation_rate",
        unit="per_post",
        better="higher",
    ),
    Figure(
        name="heard",
        label="Messages and replies that came back",
        short="came back",
        metric="heard",
        unit="count",
        better="higher",
    ),
    Figure(
        name="heard_share",
        label="Share of what came back",
        short="of what came back",
        metric="heard_share",
        unit="share",
        better="higher",
    ),
)
"""The figures of the platform table, in the order shown.  ``posts``, ``two_way_share``,
``response_rate_72h`` and ``conversation_rate`` are the platform's metrics (docs/metrics.md);
the others are made here (docs/platform-fit.md)."""

TABLE: tuple[tuple[str, str | None], ...] = (
    ("posts", "post_share"),
    ("posts_per_week", None),
    ("two_way_share", None),
    ("response_rate_72h", None),
    ("messages_in", "people_in"),
    ("conversation_rate", None),
    ("heard", "heard_share"),
)
"""The columns of the platform table as the reports show it: a figure of
:data:`PLATFORM_FIGURES`, and the one shown beside it in brackets (``120 (80%)``)."""

_NO_COUNTS = (
    "no messages from others and no reply counts in the data: this export holds only the "
    "account's own posts"
)


def platform_name(platform: str) -> str:
    """``x`` -> ``X``; an owner's ``mastodon+x`` -> ``Mastodon and X``; unknown names as given."""
    names = [PLATFORM_NAMES.get(part.lower(), part) for part in platform.split("+") if part]
    if len(names) < 2:
        return names[0] if names else platform
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True, kw_only=True, slots=True)
class PlatformRow:
    """One platform of the owner: its accounts, its figures, and the counts the advice reads."""

    platform: str
    """``x``, ``mastodon``, …"""
    accounts: tuple[str, ...]
    """The handles of the owner's accounts on it."""
    standings: tuple[Standing, ...]
    """One per :data:`PLATFORM_FIGURES`, in that order: value, as shown, the reason when the data
    cannot give it, and the platform's rank among the owner's platforms (1 is the best; for the
    volume figures, the most)."""
    posts: int
    post_share: float | None
    """Of all the owner's posts; None when the owner has none."""
    messages_in: int | None
    """Inbound messages; None when the data holds none (it cannot tell that nobody wrote)."""
    replies_received: int | None
    """Replies received by the owner's own posts; None when no post has a reply count."""
    heard: int | None
    """What came back: the larger of ``messages_in`` and ``replies_received``; None without
    either."""
    heard_share: float | None
    """Of what came back on every platform with figures; None when unknown, or when nothing
    came back anywhere."""

    @property
    def name(self) -> str:
        return platform_name(self.platform)

    def standing(self, name: str) -> Standing:
        return next(s for s in self.standings if s.figure.name == name)

    @property
    def heard_noun(self) -> str:
        """What ``heard`` counts: ``messages`` or ``replies``."""
        if self.messages_in is not None and self.messages_in >= (self.replies_received or 0):
            return "messages"
        return "replies"


@dataclass(frozen=True, kw_only=True, slots=True)
class Advice:
    """Where the owner's audience talks back and what to shift, in plain words with the figures,
    or why the data cannot say."""

    verdict: str
    """``shift`` (move effort to where the audience talks back), ``keep`` (it is already there),
    ``tie`` (it talks back about as much on two platforms or more) or ``abstain``."""
    reason: str | None
    """Why it abstains: ``one-platform``, ``no-data``, ``one-with-data`` or ``too-few``; None
    otherwise."""
    summary: str
    """The figures, in a sentence or two."""
    action: str | None
    """The next step; None when it abstains."""
    notes: tuple[str, ...] = ()
    """Further sentences: platforms that broadcast into silence, platforms without figures."""
    talks_back: tuple[str, ...] = ()
    """The platform where the audience talks back (several for a tie); empty when it abstains."""
    silent: tuple[str, ...] = ()
    """Platforms that broadcast into silence."""

    @property
    def text(self) -> str:
        """Everything, as one paragraph."""
        return " ".join(part for part in (self.summary, self.action, *self.notes) if part)


@dataclass(frozen=True, kw_only=True, slots=True)
class PlatformFit:
    """One owner's accounts, combined and compared platform by platform."""

    owner: str
    accounts: tuple[Account, ...]
    """The accounts combined, in the order of the inputs."""
    audit: AccountAudit
    """The owner's combined audit, as one account named ``owner``."""
    platforms: tuple[PlatformRow, ...]
    """Most posts first (then by platform)."""
    advice: Advice

    def platform(self, platform: str) -> PlatformRow:
        return next(row for row in self.platforms if row.platform == platform)

    def leads(self, name: str) -> tuple[str, ...]:
        """The platforms best on the figure ``name`` (ranked 1 on a figure with a better side),
        when some platform with the figure is not: empty when all are equal or none has it."""
        standings = [(row.platform, row.standing(name)) for row in self.platforms]
        ranked = [(platform, s) for platform, s in standings if s.rank is not None]
        if not ranked or ranked[0][1].figure.better is None:
            return ()
        first = tuple(platform for platform, s in ranked if s.rank == 1)
        return first if len(first) < len(ranked) else ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Unavailable:
    """Figures of the platform table that the data cannot give on some platforms, and why."""

    figures: tuple[str, ...]
    """Names of :data:`PLATFORM_FIGURES`, in table order."""
    platforms: str
    """The platforms, joined by ``+`` (:func:`platform_name` reads them out)."""
    reason: str


def unavailable(fit: PlatformFit) -> list[Unavailable]:
    """Every figure of :data:`TABLE` (main figures) that is n/a somewhere, grouped by reason and
    then by the platforms it is n/a on, so a report says each reason once; in table order."""
    by_reason: dict[str, dict[str, list[str]]] = {}
    for row in fit.platforms:
        for name, _ in TABLE:
            standing = row.standing(name)
            if standing.value is None:
                figures = by_reason.setdefault(standing.reason or "not available", {})
                figures.setdefault(name, []).append(row.platform)
    found = []
    for reason, figures in by_reason.items():
        groups: dict[str, list[str]] = {}  # the same platforms -> the figures n/a on them
        for name, platforms in figures.items():
            groups.setdefault("+".join(platforms), []).append(name)
        found += [
            Unavailable(figures=tuple(names), platforms=where, reason=reason)
            for where, names in groups.items()
        ]
    order = {name: number for number, (name, _) in enumerate(TABLE)}
    return sorted(found, key=lambda item: order[item.figures[0]])


# -- the combined audit -----------------------------------------------------------------------------


def _post_ids(post: Post) -> Iterable[str | None]:
    return (post.id, post.reply_to_id)


def _message_ids(message: Interaction) -> Iterable[str | None]:
    return (message.id, message.in_reply_to, *message.answered_by)


def _reply_target(post: Post) -> str | None:
    """Whom a reply answers, as the metrics tell people apart (id, else handle in lower case)."""
    if post.reply_to_account_id:
        return post.reply_to_account_id
    return post.reply_to_account.lower() if post.reply_to_account else None


def _shared(by_platform: Mapping[str, set[str]]) -> set[str]:
    """The values that occur on two platforms or more."""
    seen: set[str] = set()
    shared: set[str] = set()
    for values in by_platform.values():
        shared |= seen & values
        seen |= values
    return shared


def _apart(
    labels: Sequence[PostLabels], interactions: Sequence[Interaction]
) -> tuple[list[PostLabels], list[Interaction]]:
    """``labels`` and ``interactions`` of several platforms with every id that two platforms
    share read as ``platform:id``, so that the metrics match replies and answers within a
    platform only.  Nothing changes when no id is shared (the usual case)."""
    ids: dict[str, set[str]] = {}
    targets: dict[str, set[str]] = {}
    for item in labels:
        found = ids.setdefault(item.post.platform, set())
        found.update(i for i in _post_ids(item.post) if i)
        target = _reply_target(item.post)
        if target:
            targets.setdefault(item.post.platform, set()).add(target)
    for message in interactions:
        ids.setdefault(message.platform, set()).update(i for i in _message_ids(message) if i)
    shared_ids, shared_targets = _shared(ids), _shared(targets)
    if not shared_ids and not shared_targets:
        return list(labels), list(interactions)

    def tag(platform: str, value: str) -> str:
        return f"{platform}:{value}" if value in shared_ids else value

    out_labels = []
    for item in labels:
        post = item.post
        changes: dict[str, Any] = {}
        if post.id in shared_ids:
            changes["id"] = tag(post.platform, post.id)
        if post.reply_to_id in shared_ids:
            changes["reply_to_id"] = tag(post.platform, post.reply_to_id)
        if _reply_target(post) in shared_targets:
            if post.reply_to_account_id:
                changes["reply_to_account_id"] = f"{post.platform}:{post.reply_to_account_id}"
            else:
                changes["reply_to_account"] = f"{post.platform}:{post.reply_to_account}"
        out_labels.append(replace(item, post=replace(post, **changes)) if changes else item)
    out_messages = []
    for message in interactions:
        if shared_ids.isdisjoint(i for i in _message_ids(message) if i):
            out_messages.append(message)
            continue
        platform = message.platform
        out_messages.append(
            replace(
                message,
                id=tag(platform, message.id),
                in_reply_to=message.in_reply_to and tag(platform, message.in_reply_to),
                answered_by=tuple(tag(platform, answer) for answer in message.answered_by),
            )
        )
    return out_labels, out_messages


def _combined(audits: Sequence[AccountAudit]) -> tuple[list[PostLabels], list[Interaction]]:
    labels = [item for audit in audits for item in audit.labels]
    interactions = [message for audit in audits for message in audit.interactions]
    labels, interactions = _apart(labels, interactions)
    labels.sort(key=lambda item: (item.post.created_at, item.post.platform, item.post.id))
    interactions.sort(key=lambda m: (m.created_at, m.platform, m.id))
    return labels, interactions


# -- the platform rows ------------------------------------------------------------------------------


def _per_week(posts: Sequence[Post]) -> float | None:
    """Posts per week over the platform's own span, first post's day to last post's day (both
    counted), a week at least."""
    if not posts:
        return None
    first = min(p.created_at for p in posts).date()
    last = max(p.created_at for p in posts).date()
    days = (last - first).days + 1
    return len(posts) / (max(days, 7) / 7)


def _replies_received(posts: Sequence[Post]) -> int | None:
    counts = [p.replies for p in posts if p.kind is not Kind.REPOST and p.replies is not None]
    return sum(counts) if counts else None


def _platform_metrics(audits: Sequence[AccountAudit]) -> dict[str, Any]:
    """The metrics of one platform's accounts together (one account's own, or computed anew)."""
    if len(audits) == 1:
        return dict(audits[0].metrics)
    from twoway.metrics import compute

    labels = sorted(
        (item for audit in audits for item in audit.labels),
        key=lambda item: (item.post.created_at, item.post.id),
    )
    interactions = [m for audit in audits for m in audit.interactions]
    return compute(labels, interactions).as_json()


def _with(values: dict[str, Any], name: str, value: float | None, reason: str) -> None:
    values[name] = value
    if value is None:
        values[f"{name}_reason"] = reason


@dataclass(frozen=True, kw_only=True, slots=True)
class _Platform:
    """One platform's audits and its figures as a metrics-like dict (``<name>_reason`` beside a
    null one) that :data:`PLATFORM_FIGURES` read."""

    platform: str
    audits: tuple[AccountAudit, ...]
    posts: int
    messages_in: int | None
    replies_received: int | None
    figures: dict[str, Any]


def _platform(platform: str, audits: Sequence[AccountAudit], total_posts: int) -> _Platform:
    posts = [item.post for audit in audits for item in audit.labels]
    messages = [m for audit in audits for m in audit.interactions]
    figures = _platform_metrics(audits)
    _with(figures, "post_share", len(posts) / total_posts if total_posts else None, "no posts")
    _with(figures, "posts_per_week", _per_week(posts), NO_POSTS.reason)
    _with(figures, "messages_in", len(messages) or None, NO_INBOUND.reason)
    people = len({m.author_id or m.author for m in messages})
    _with(figures, "people_in", people or None, NO_INBOUND.reason)
    received = _replies_received(posts)
    known = [n for n in (len(messages) or None, received) if n is not None]
    _with(figures, "heard", max(known) if known else None, _NO_COUNTS)
    return _Platform(
        platform=platform,
        audits=tuple(audits),
        posts=len(posts),
        messages_in=len(messages) or None,
        replies_received=received,
        figures=figures,
    )


def _platforms(audits: Sequence[AccountAudit], total_posts: int) -> list[_Platform]:
    """Every platform of ``audits``, most posts first (then by name), with its share of what
    came back on them all."""
    groups: dict[str, list[AccountAudit]] = {}
    for audit in audits:
        groups.setdefault(audit.account.platform, []).append(audit)
    found = [_platform(name, group, total_posts) for name, group in groups.items()]
    total = sum(item.figures["heard"] or 0 for item in found)
    for item in found:
        heard = item.figures["heard"]
        reason = _NO_COUNTS if heard is None else "nothing came back on any platform"
        _with(
            item.figures,
            "heard_share",
            heard / total if heard is not None and total else None,
            reason,
        )
    found.sort(key=lambda item: (-item.posts, item.platform))
    return found


def _standings(found: Sequence[_Platform]) -> list[tuple[Standing, ...]]:
    """Each platform's standing on every figure, ranked among the platforms as ``twoway
    compare`` ranks accounts (no medians: two or three platforms make no group)."""
    columns, _ = standings(PLATFORM_FIGURES, [item.figures for item in found], against_median=False)
    return [tuple(column[n] for column in columns.values()) for n in range(len(found))]


def _row(item: _Platform, standings: tuple[Standing, ...]) -> PlatformRow:
    return PlatformRow(
        platform=item.platform,
        accounts=tuple(a.account.handle or a.account.id for a in item.audits),
        standings=standings,
        posts=item.posts,
        post_share=item.figures["post_share"],
        messages_in=item.messages_in,
        replies_received=item.replies_received,
        heard=item.figures["heard"],
        heard_share=item.figures["heard_share"],
    )


# -- the advice -------------------------------------------------------------------------------------


def _names(rows: Sequence[PlatformRow]) -> str:
    return platform_name("+".join(row.platform for row in rows))


def _plural(count: int, noun: str) -> str:
    singular = {"messages": "message", "replies": "reply", "posts": "post"}.get(noun, noun)
    return f"{count} {singular if count == 1 else noun}"


def _noun(rows: Sequence[PlatformRow]) -> str:
    nouns = {row.heard_noun for row in rows}
    return nouns.pop() if len(nouns) == 1 else "messages and replies"


def _share(value: float | None) -> str:
    return "n/a" if value is None else format_share(value)


def _per_post(row: PlatformRow) -> float:
    return (row.heard or 0) / row.posts if row.posts else 0.0


def _unknown_note(unknown: Sequence[PlatformRow]) -> tuple[str, ...]:
    if not unknown:
        return ()
    verb = "holds" if len(unknown) == 1 else "hold"
    return (
        f"{_names(unknown)}: the data {verb} no messages from others and no reply counts, so "
        "twoway cannot tell whether anyone talks back there.",
    )


def _silent_note(row: PlatformRow) -> str:
    return (
        f"{row.name} takes {_share(row.post_share)} of your posts and brings "
        f"{_share(row.heard_share)} of what comes back ({_plural(row.heard or 0, row.heard_noun)})"
        ": you broadcast into silence there."
    )


def advise(rows: Sequence[PlatformRow]) -> Advice:
    """The advice for the owner's platforms (module docstring), deterministic for given rows."""
    if len(rows) < 2:
        where = rows[0].name if rows else "one platform"
        return Advice(
            verdict="abstain",
            reason="one-platform",
            summary=f"All your accounts are on {where}, so there are no platforms to compare.",
            action=None,
        )
    known = [row for row in rows if row.heard is not None]
    unknown = [row for row in rows if row.heard is None]
    if not known:
        return Advice(
            verdict="abstain",
            reason="no-data",
            summary=(
                f"None of the exports of {_names(rows)} says how many people wrote to you or "
                "replied to your posts (X archives, Mastodon and Bluesky exports hold only your "
                "own posts), so twoway cannot tell where your audience talks back."
            ),
            action=None,
            notes=(
                "Pull your Mastodon and Bluesky accounts live, which brings the messages people "
                "sent you (twoway pull mastodon|bluesky …, then twoway audit --db --account … "
                "--as NAME), or add inputs that hold messages from others (the "
                "customer-conversation CSV, a Facebook export) or reply counts (twarc "
                "collections, the Business Suite posts CSV).",
            ),
        )
    total = sum(row.heard or 0 for row in known)
    if len(known) == 1:
        (only,) = known
        return Advice(
            verdict="abstain",
            reason="one-with-data",
            summary=(
                f"Only {only.name}'s data counts people talking back "
                f"({_plural(total, only.heard_noun)} to {_plural(only.posts, 'posts')}), so "
                "twoway cannot compare it with the other platforms."
            ),
            action=None,
            notes=_unknown_note(unknown),
        )
    noun = _noun(known)
    if total < MIN_HEARD:
        counts = ", ".join(f"{row.name} {row.heard}" for row in known)
        said = (
            f"Only {_plural(total, noun)} came back across your platforms"
            if total
            else f"Nothing came back on {_names(known)}"
        )
        return Advice(
            verdict="abstain",
            reason="too-few",
            summary=(
                f"{said} ({counts}): too few to say where your audience talks back (twoway "
                f"needs {MIN_HEARD})."
            ),
            action=None,
            notes=_unknown_note(unknown),
        )
    ordered = sorted(known, key=lambda r: (-(r.heard or 0), -_per_post(r), r.platform))
    leader = ordered[0]
    lead = [row for row in ordered if (row.heard or 0) * TIE_RATIO >= (leader.heard or 0)]
    silent = [
        row
        for row in ordered
        if row not in lead
        and (row.post_share or 0.0) >= SILENT_POST_SHARE
        and (row.post_share or 0.0) >= SILENT_RATIO * (row.heard_share or 0.0)
    ]
    silent.sort(key=lambda r: (-r.posts, r.platform))
    bigger = [row for row in silent if row.posts > leader.posts and len(lead) == 1]
    notes = tuple(_silent_note(row) for row in silent if row not in bigger)
    notes += _unknown_note(unknown)
    if len(lead) > 1:
        shares = ", ".join(
            f"{row.name} {row.heard} ({_share(row.heard_share)})" for row in lead[:-1]
        )
        last = lead[-1]
        per_post = max(lead, key=lambda r: (_per_post(r), -r.posts))
        summary = (
            f"Your audience talks back about as much on {_names(lead)}: of the "
            f"{_plural(total, noun)} that came back, {shares} and {last.name} {last.heard} "
            f"({_share(last.heard_share)})."
        )
        action = (
            f"Answer on all of them; per post, {per_post.name} draws the most back "
            f"({_per_post(per_post):.2f} per post), so new effort goes furthest there."
        )
        verdict = "tie"
    else:
        summary = (
            f"Your audience talks back on {leader.name}: {leader.heard} of the "
            f"{_plural(total, noun)} that came back ({_share(leader.heard_share)}), from "
            f"{_share(leader.post_share)} of your posts."
        )
        if bigger:
            main = bigger[0]
            summary = (
                f"Your audience talks back on {leader.name} ({leader.heard} of "
                f"{_plural(total, noun)}, {_share(leader.heard_share)}), but "
                f"{_share(main.post_share)} of your posts go to {main.name}, where "
                f"{_plural(main.heard or 0, main.heard_noun)} came back "
                f"({_share(main.heard_share)})."
            )
            action = f"Answer on {leader.name} first, and move effort there from {_names(bigger)}."
            verdict = "shift"
        else:
            action = f"Keep answering on {leader.name} first: that is where your audience is."
            if silent:
                action += f" Move effort there from {_names(silent)}."
            verdict = "keep"
    return Advice(
        verdict=verdict,
        reason=None,
        summary=summary,
        action=action,
        notes=notes,
        talks_back=tuple(row.platform for row in lead),
        silent=tuple(row.platform for row in silent),
    )


# -- the whole ---------------------------------------------------------------------------------------


def platform_fit(
    audits: Sequence[AccountAudit], owner: str, *, tz: str = DEFAULT_ZONE
) -> PlatformFit:
    """Combine the audits of one owner's accounts (two or more, on any platforms) into one audit
    named ``owner`` (days, weeks and hours in the time zone ``tz``), compare the platforms, and
    advise where the audience talks back.

    Raises :class:`~twoway.errors.InputError` for fewer than two accounts or a blank name."""
    from twoway.audit import audit_account

    name = " ".join(owner.split())
    if not name:
        raise InputError(
            "the owner's name is empty", hint="give the name to show, e.g. 'Corner Bakery'"
        )
    if len(audits) < 2:
        held = ", ".join(
            f"{a.account.handle or a.account.id} on {platform_name(a.account.platform)}"
            for a in audits
        )
        raise InputError(
            f"an owner's audit combines two accounts or more, and the inputs hold {len(audits)}"
            + (f" ({held})" if held else ""),
            hint="give the owner's exports from its other platforms too",
        )
    labels, interactions = _combined(audits)
    platforms = sorted({a.account.platform for a in audits})
    account = Account(platform="+".join(platforms), id="", handle=name, display_name=name)
    combined = audit_account(account, labels, interactions, tz=tz)
    found = _platforms(audits, len(labels))
    rows = tuple(
        _row(item, standings) for item, standings in zip(found, _standings(found), strict=True)
    )
    return PlatformFit(
        owner=name,
        accounts=tuple(a.account for a in audits),
        audit=combined,
        platforms=rows,
        advice=advise(rows),
    )


def owner_report(report: AuditReport, owner: str) -> tuple[AuditReport, PlatformFit]:
    """``report``'s accounts as one owner: a report whose one account is the owner's combined
    audit (same inputs, window and read report), and the platform fit."""
    fit = platform_fit(report.accounts, owner, tz=report.time_zone)
    combined = AuditReport(
        accounts=[fit.audit],
        generated_at=report.generated_at,
        inputs=list(report.inputs),
        since=report.since,
        until=report.until,
        read_report=report.read_report,
        time_zone=report.time_zone,
    )
    return combined, fit
