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
from datetime import datetime
from functools import lru_cache
from itertools import compress, pairwise, repeat
from operator import attrgetter, is_

import numpy as np

from twoway.classifier.features import AUTOMATION_CLIENTS, KINDS, Batch
from twoway.classifier.labels import Label
from twoway.classifier.tokens import ALPHA, HASHTAG, booleans
from twoway.model import Kind, Post

__all__ = [
    "AccountContext",
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
_ASCII_SLUG_WORD = re.compile(r"[a-zA-Z]{3,}")
"""``_SLUG_WORD`` for ASCII text: the same words (ASCII letters are all its letters), and a
third faster to scan for than the Unicode classes."""


def _slug_words(url: str) -> list[str]:
    """The words of a link address a copied title may repeat (``_SLUG_WORD``).  Addresses
    are ASCII as a rule."""
    return (_ASCII_SLUG_WORD if url.isascii() else _SLUG_WORD).findall(url)


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
REPOST = KINDS.index(Kind.REPOST)

_NO = Label(False, 0.9)
_HUMAN = Label(False, 0.7)
_ONLY_LINK = Label(True, 0.95, ("only a link",))
_COPIED_TITLE = Label(True, 0.85, ("text repeats the link's address: a copied title",))
_TALKS = Label(False, 0.8)
_TITLE = Label(True, 0.6, ("link and page title only",))
_NOT_TITLE = Label(False, 0.6)


# Labels that name something of the post (a client, a phrase, a time) are made once for each
# thing named and shared by the posts that name it: most posts of an account repeat a few.
@lru_cache(maxsize=4096)
def _title_by_client(client: str) -> Label:
    return Label(True, 0.75, (f"posted by {client} with the page title only",))


@lru_cache(maxsize=4096)
def _names(threaded: bool, named: str | int) -> Label:
    if threaded and isinstance(named, int):
        return Label(True, 0.9, (f"names {named} other account(s) in the text",))
    return Label(True, 0.8 if threaded else 0.95, (f"names @{named}",))


@lru_cache(maxsize=4096)
def _asks_follow(phrase: str) -> Label:
    return Label(True, 0.9, (f"asks {phrase!r}",))


@lru_cache(maxsize=4096)
def _template(opening: str) -> Label:
    return Label(True, 0.75, (f"template opening {opening!r} repeated with different links",))


@lru_cache(maxsize=4096)
def _cadence(second: tuple[int, int, int]) -> Label:
    moment = "{:02d}:{:02d}:{:02d}".format(*second)
    return Label(True, 0.6, (f"posted at exactly {moment}, like many others",))


def link_only(batch: Batch) -> list[Label]:
    """A link, with nothing of the author's own beside hashtags, mentions and the page's title.

    twoway never fetches the page, so a title is recognised by its form: the words repeat the
    link's address, or the text reads like a headline (a ``Title | Site`` or ``Site: Title``
    mark, no question, no exclamation, no first person) and no cue of talk, thanks or selling.
    """
    labels = [_NO] * len(batch.posts)
    tokens = batch.tokens
    # Every post's words one after the other (picked in C), and where each post's start.
    words_of = batch.token_array[batch.codes & ALPHA != 0].tolist()
    first_words = batch.words_before[batch.starts]
    candidates = batch.has_link & (batch.kinds != REPOST)
    for j, start, end, first, own, marks, automated in zip(
        *(
            a[candidates].tolist()
            for a in (
                np.arange(len(batch.posts)),
                batch.starts,
                batch.ends,
                first_words,
                batch.own_words,
                batch.question_marks,
                batch.auto_client,
            )
        ),
        strict=True,
    ):
        if own == 0:
            labels[j] = _ONLY_LINK
            continue
        post = batch.posts[j]
        slug = {w.lower() for link in post.links for w in _slug_words(link.url)}
        if slug:
            words = words_of[first : first + own]
            if sum(map(slug.__contains__, words)) >= max(2, 0.6 * len(words)):
                labels[j] = _COPIED_TITLE
                continue
        cues = batch.cues[j]
        if (cues and cues.keys() & _TALK) or marks or "!" in tokens[start:end]:
            labels[j] = _TALKS
        elif automated and own <= 16:
            labels[j] = _title_by_client(post.client or "")
        elif own <= 16 and _TITLE_MARKS.search(_URL.sub(" ", post.text).strip()):
            # A title's mark stands between words ("Title | Site", "Site: Title"), not before
            # the link.
            labels[j] = _TITLE
        else:
            labels[j] = _NOT_TITLE
    return labels


def mentions_others(batch: Batch) -> list[Label]:
    """Names an account beyond the one it replies to (the leading ``@`` names of a reply are its
    addressees, so only names in the body count there)."""
    labels = [_NO] * len(batch.posts)
    named = batch.mentioned | (batch.body_mentions > 0)
    body_mentions = batch.body_mentions.tolist()
    for j in np.flatnonzero(named & (batch.kinds != REPOST)).tolist():
        post = batch.posts[j]
        if post.kind in (Kind.REPLY, Kind.THREAD):
            if body_mentions[j]:
                labels[j] = _names(True, body_mentions[j])
                continue
            target = (post.reply_to_account or "").lower()
            others = [m for m in post.mentions if m.lower() != target]
            if others and not post.text.lstrip().startswith("@"):
                labels[j] = _names(True, others[0])
        elif post.mentions:
            labels[j] = _names(False, post.mentions[0])
    return labels


def follow_begging(batch: Batch) -> list[Label]:
    """Asks to be followed, liked, subscribed to or shared."""
    labels = [_NO] * len(batch.posts)
    for j, cues in enumerate(batch.cues):
        phrase = cues and cues.get("follow")
        if phrase:
            labels[j] = _asks_follow(phrase)
    return labels


_NUMBER = re.compile(r"\d+")


def duplicate_key(tokens: Sequence[str]) -> str:
    """A post's words with links, mentions, numbers and punctuation removed (lower case, from
    :func:`~twoway.classifier.features.tokenize`): two posts with the same key say the same thing."""
    return " ".join([t for t in tokens if t[0].isalpha() or t[0] == "#"])


def post_facts(batch: Batch) -> tuple[list[str | None], list[str | None]]:
    """What the account context (:class:`AccountContext`) reads of each post of ``batch``, kept
    so that the words themselves (tokens and features, the bulk of classifying's memory) can go
    once the posts are labelled: the opening of each post with a link (its first three words of
    its first twelve tokens: templates repeat them), and each post's :func:`duplicate_key` if
    long enough to tell a repeat (8 characters, two words).  ``None`` where there is none, and
    for a bare repost (the context passes over them)."""
    tokens, codes, count = batch.tokens, batch.codes, len(batch.posts)
    original = batch.kinds != REPOST
    # The words of the duplicate keys, all posts' one after the other, picked in C.
    keyed = codes & (ALPHA | HASHTAG) != 0
    words = batch.token_array[keyed].tolist()
    word_starts = np.zeros(len(tokens) + 1, dtype=np.int64)
    np.cumsum(keyed, out=word_starts[1:])
    firsts, lasts = word_starts[batch.starts], word_starts[batch.ends]
    keys: list[str | None] = [None] * count
    for j, first, last in zip(
        *(a[original & (lasts - firsts >= 2)].tolist() for a in (np.arange(count), firsts, lasts)),
        strict=True,
    ):
        key = " ".join(words[first:last])
        if len(key) >= 8:
            keys[j] = key
    # The openings: the first three words among the first twelve tokens of each original post
    # with a link, picked with numpy and joined three by three by ``map``.
    alpha = codes & ALPHA != 0
    post = batch.token_posts
    before = batch.words_before  # words before each token, in the batch
    picked = alpha & (np.arange(codes.size) - batch.starts[post] < 12)
    picked &= before - before[batch.starts][post] < 3
    has = original & batch.linked & (np.bincount(post[picked], minlength=count) == 3)
    picked &= has[post]
    words = batch.token_array[picked].tolist()
    openings = np.full(count, None, dtype=object)
    # (In the order of the tokens: the posts read alone come last.)
    openings[post[picked][0::3]] = list(
        map("{} {} {}".format, words[0::3], words[1::3], words[2::3])
    )
    return openings.tolist(), keys


class AccountContext:
    """What the account's other posts say about each post: repeats, templates, cadence."""

    def __init__(
        self, posts: Sequence[Post], openings: Sequence[str | None], keys: Sequence[str | None]
    ) -> None:
        """``openings`` and ``keys``: those of each post (see :func:`post_facts`: ``None`` for
        a bare repost, which the context passes over)."""
        original = list(map(Kind.REPOST.__ne__, map(attrgetter("kind"), posts)))
        self.original = np.array(original, dtype=bool)
        """Whether each post is not a bare repost (which the context passes over)."""
        self.openings = openings
        created = list(map(attrgetter("created_at"), posts))
        self.repeats, self.firsts = _repeats(posts, keys, created)
        """The positions of the posts that repeat an earlier one, and of the post each repeats
        (the first in time, then by id)."""
        self.templates = {
            opening
            for opening, n in Counter(compress(self.openings, original)).items()
            if opening and n >= TEMPLATE_MIN
        }
        self.seconds = list(map(attrgetter("hour", "minute", "second"), created))
        """Each post's time of day to the second: (hour, minute, second)."""
        clock = Counter(compress(self.seconds, original))
        # By chance, n posts share a given second of the day about n/86400 times (Poisson); a
        # second kept far more often than that is a schedule.
        expected = sum(original) / 86400
        threshold = max(CADENCE_MIN, expected + 6 * math.sqrt(expected) + 1)
        self.cadence = {moment for moment, n in clock.items() if n >= threshold}


def _repeats(
    posts: Sequence[Post], keys: Sequence[str | None], created: list[datetime]
) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the posts whose key (:func:`duplicate_key`) an earlier post has, and
    of that first post of each: the first in time, then by id.  Posts with the same key are
    gathered with numpy (a key's number, a stable sort), not in a Python loop per post."""
    repeated = [key for key, n in Counter(keys).items() if n > 1 and key is not None]
    if not repeated:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    number: dict[str | None, int] = {key: i for i, key in enumerate(repeated)}
    group = np.fromiter(map(number.get, keys, repeat(-1)), np.int64, len(keys))
    members = np.flatnonzero(group >= 0)
    order = members[np.argsort(group[members], kind="stable")]  # each key's posts, in order
    bounds = np.searchsorted(group[order], np.arange(len(repeated) + 1)).tolist()
    ordered = order.tolist()
    firsts = []
    for start, end in pairwise(bounds):
        same = ordered[start:end]
        # The least of (time, id, position): the tuples made and compared in C.
        times, ids = (
            map(created.__getitem__, same),
            map(attrgetter("id"), map(posts.__getitem__, same)),
        )
        firsts.append(min(zip(times, ids, same, strict=True))[2])
    first_of = np.repeat(np.array(firsts, dtype=np.int64), np.diff(bounds))
    later = order != first_of
    return order[later], first_of[later]


def automated(posts: Sequence[Post], context: AccountContext | None) -> list[Label]:
    """Whether each post was made by a feed, scheduler or bot: a known automation client, a
    template opening the account repeats with different links, or a to-the-second posting time
    it keeps.  ``context`` is that of the account of ``posts`` (``None``: they have no
    account, and so no history)."""
    clients = list(map(attrgetter("client"), posts))
    by_client = {client: _automation_client(client) or _HUMAN for client in set(clients)}
    labels = list(map(by_client.__getitem__, clients))
    if context is None or not (context.templates or context.cadence):
        return labels
    count = len(posts)
    # Only a post of a person's client, and not a bare repost, is judged by the account's
    # habits: by its opening if a template's (None, of a post without a link, never is), else by
    # its time.  The posts of each are picked with numpy and labelled by ``map`` (in C): an
    # account that keeps a cadence may have thousands.
    judged = booleans(map(is_, labels, repeat(_HUMAN)), count) & context.original
    templated = booleans(map(context.templates.__contains__, context.openings), count)
    timed = booleans(map(context.cadence.__contains__, context.seconds), count)
    found = np.empty(count, dtype=object)
    found[:] = labels
    at = np.flatnonzero(judged & templated).tolist()
    found[at] = list(map(_template, map(context.openings.__getitem__, at)))
    at = np.flatnonzero(judged & ~templated & timed).tolist()
    found[at] = list(map(_cadence, map(context.seconds.__getitem__, at)))
    return found.tolist()


def _automation_client(client: str | None) -> Label | None:
    if client and client.lower() in AUTOMATION_CLIENTS:
        return Label(True, 0.9, (f"posted by {client}",))
    return None
