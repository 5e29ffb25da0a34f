"""The codebook's flags that rest on structure and on the account's other posts, not on a model:
``link_only``, ``mentions_others``, ``follow_begging``, ``automated`` and ``duplicate``
(CODEBOOK.md section 3).  ``asks_question`` is a model's, in :mod:`twoway.classifier`.

``automated`` and ``duplicate`` need the account's history, so :class:`AccountContext` is built
once per account from all its posts in time order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from twoway.classifier.features import AUTOMATION_CLIENTS, Extracted
from twoway.classifier.labels import Label
from twoway.model import Kind, Post

__all__ = [
    "AccountContext",
    "PostFacts",
    "automated",
    "duplicate_key",
    "follow_begging",
    "link_only",
    "mentions_others",
    "post_facts",
]

_TITLE_MARKS = re.compile(r"\w (?:[|·–—-]) \w|\w ?: \w")
_URL = re.compile(r"\s*https?://\S+")
_SLUG_WORD = re.compile(r"[^\W\d_]{3,}")
TEMPLATE_MIN = 5
"""Posts that must share an opening for it to count as a template."""
CADENCE_MIN = 5
"""Posts that must share a to-the-second clock time for it to count as machine cadence."""


_TALK = frozenset(
    {
        *("ask_opinion", "ask_info", "request", "dm", "thanks", "congrats", "condolence"),
        *("wishes", "praise", "cause", "cheer", "personal", "laugh", "follow", "promo", "cta"),
        "invite",
    }
)
"""Cues of words of the author's own (asking, thanking, mourning, selling, joking): a page title
does not say them."""

_NO = Label(False, 0.9)
_HUMAN = Label(False, 0.7)


def link_only(post: Post, found: Extracted) -> Label:
    """A link, with nothing of the author's own beside hashtags, mentions and the page's title.

    twoway never fetches the page, so a title is recognised by its form: the words repeat the
    link's address, or the text reads like a headline (a ``Title | Site`` or ``Site: Title``
    mark, no question, no exclamation, no first person) and no cue of talk, thanks or selling.
    """
    if not found.has_link or post.kind is Kind.REPOST:
        return _NO
    if found.own_words == 0:
        return Label(True, 0.95, ("only a link",))
    words = [t for t in found.tokens if t[0].isalpha()]
    slug = {w.lower() for link in post.links for w in _SLUG_WORD.findall(link.url)}
    if slug and words and sum(w in slug for w in words) >= max(2, 0.6 * len(words)):
        return Label(True, 0.85, ("text repeats the link's address: a copied title",))
    if found.cues.keys() & _TALK or found.question_marks or "!" in found.tokens:
        return Label(False, 0.8)
    automated_client = bool(post.client) and post.client.lower() in AUTOMATION_CLIENTS  # type: ignore[union-attr]
    # A title's mark stands between words ("Title | Site", "Site: Title"), not before the link.
    headline = bool(_TITLE_MARKS.search(_URL.sub(" ", post.text).strip())) and found.own_words <= 16
    if automated_client and found.own_words <= 16:
        return Label(True, 0.75, (f"posted by {post.client} with the page title only",))
    if headline:
        return Label(True, 0.6, ("link and page title only",))
    return Label(False, 0.6)


def mentions_others(post: Post, found: Extracted) -> Label:
    """Names an account beyond the one it replies to (the leading ``@`` names of a reply are its
    addressees, so only names in the body count there)."""
    if post.kind is Kind.REPOST:
        return _NO
    if post.kind in (Kind.REPLY, Kind.THREAD):
        if found.body_mentions:
            return Label(True, 0.9, (f"names {found.body_mentions} other account(s) in the text",))
        target = (post.reply_to_account or "").lower()
        others = [m for m in post.mentions if m.lower() != target]
        if others and not post.text.lstrip().startswith("@"):
            return Label(True, 0.8, (f"names @{others[0]}",))
        return _NO
    if post.mentions:
        return Label(True, 0.95, (f"names @{post.mentions[0]}",))
    return _NO


def follow_begging(found: Extracted) -> Label:
    """Asks to be followed, liked, subscribed to or shared."""
    phrase = found.cues.get("follow")
    if phrase:
        return Label(True, 0.9, (f"asks {phrase!r}",))
    return _NO


_NUMBER = re.compile(r"\d+")


def duplicate_key(tokens: Sequence[str]) -> str:
    """A post's words with links, mentions, numbers and punctuation removed (lower case, from
    :func:`~twoway.classifier.features.tokenize`): two posts with the same key say the same thing."""
    return " ".join([t for t in tokens if t[0].isalpha() or t[0] == "#"])


def _opening(tokens: Sequence[str]) -> str | None:
    words = [t for t in tokens[:12] if t[0].isalpha()][:3]
    return " ".join(words) if len(words) == 3 else None


def _second_of_day(post: Post) -> int:
    moment = post.created_at
    return moment.hour * 3600 + moment.minute * 60 + moment.second


class PostFacts(NamedTuple):
    """What :class:`AccountContext` needs of one post's words, kept so that the words themselves
    (tokens and features, the bulk of classifying's memory) can go once the post is labelled."""

    opening: str | None
    """Its first three words, for a post with a link (templates repeat them)."""
    key: str
    """Its :func:`duplicate_key`."""


def post_facts(post: Post, found: Extracted) -> PostFacts:
    """The facts of ``post`` (its features ``found``) that its account's context reads."""
    return PostFacts(_opening(found.tokens) if post.links else None, duplicate_key(found.tokens))


class AccountContext:
    """What the account's other posts say about each post: repeats, templates, cadence."""

    def __init__(self, posts: Sequence[Post], facts: Sequence[PostFacts]) -> None:
        self.openings = [f.opening for f in facts]
        ordered = sorted(range(len(posts)), key=lambda i: (posts[i].created_at, posts[i].id))
        self.first_seen: dict[int, int] = {}
        """post index -> index of the earlier post it repeats."""
        seen: dict[str, int] = {}
        for index in ordered:
            post = posts[index]
            if post.kind is Kind.REPOST:
                continue
            key = facts[index].key
            if len(key) < 8 or len(key.split()) < 2:
                continue
            if key in seen:
                self.first_seen[index] = seen[key]
            else:
                seen[key] = index
        originals = [p for p in posts if p.kind is not Kind.REPOST]
        linked = [o for o, p in zip(self.openings, posts, strict=True) if p.kind is not Kind.REPOST]
        self.templates = {
            opening for opening, n in Counter(linked).items() if opening and n >= TEMPLATE_MIN
        }
        self.seconds = [_second_of_day(p) for p in posts]
        clock = Counter(
            second
            for second, p in zip(self.seconds, posts, strict=True)
            if p.kind is not Kind.REPOST
        )
        # By chance, n posts share a given second of the day about n/86400 times (Poisson); a
        # second kept far more often than that is a schedule.
        expected = len(originals) / 86400
        threshold = max(CADENCE_MIN, expected + 6 * math.sqrt(expected) + 1)
        self.cadence = {moment for moment, n in clock.items() if n >= threshold}


def automated(post: Post, context: AccountContext | None, position: int = -1) -> Label:
    """Made by a feed, scheduler or bot: a known automation client, a template opening the
    account repeats with different links, or a to-the-second posting time it keeps."""
    client = post.client or ""
    if client.lower() in AUTOMATION_CLIENTS:
        return Label(True, 0.9, (f"posted by {client}",))
    if context is None or post.kind is Kind.REPOST:
        return _HUMAN
    opening = context.openings[position]
    if opening and opening in context.templates:
        return Label(True, 0.75, (f"template opening {opening!r} repeated with different links",))
    second = context.seconds[position]
    if second in context.cadence:
        moment = f"{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
        return Label(True, 0.6, (f"posted at exactly {moment}, like many others",))
    return _HUMAN
