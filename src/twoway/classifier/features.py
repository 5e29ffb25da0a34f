"""From a post to the features the models read: tokens, cues and structure.

A post's text is split into tokens (:mod:`twoway.classifier.tokens`: links, mentions, hashtags,
numbers, words, emoji, and the punctuation that matters: ``? !``, currency and percent signs,
quotation marks).  Features are plain strings:

* a word (``order``), links as ``<url>``, mentions as ``<@>``, numbers as ``<num>``, an emoji as
  itself; Japanese, Chinese and Korean runs as character pairs; and the first token;
* ``\\x01`` + a cue name from :mod:`twoway.classifier.lexicon` (``\\x01promo``), alone and paired
  with the post's kind;
* ``\\x02`` + a fact about the post's structure (``\\x02kind=reply``, ``\\x02link``,
  ``\\x02own_words=0``, ``\\x02qmark_end``, ``\\x02ask_word``, ``\\x02asks_detail``), which need
  no language.

Words are what the models learn most from on the accounts they were trained on; cues and
structure are what carries over to accounts and languages they have not seen (docs/accuracy.md).

Posts are read a batch at a time (:class:`Reader`, :class:`Batch`): what is counted per token
(words of the author's own, hashtags, question marks…) is counted for the whole batch with numpy
from the tokens' codes, and what is searched for in the texts (a heading, an attribution) is
searched for in the batch's texts joined, so that the Python code that runs once per post is
short.  :func:`extract` reads one post and gives its features as strings (:class:`Extracted`),
for training; :meth:`Batch.feature_ids` gives them as a model's vocabulary indices, each
post's ascending (made with numpy for the whole batch).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from operator import attrgetter

import numpy as np

from twoway.classifier.lexicon import (
    CJK_CUES,
    CUES,
    INTERROGATIVES,
    QUESTION_PARTICLES,
    SECOND_PERSON,
)
from twoway.classifier.tokens import (
    ALPHA,
    CUE_INDEX,
    ENDS,
    EXCLAIM,
    HASHTAG,
    INDIC_WORD,
    JOIN,
    LINK,
    MENTION,
    MONEY_SIGN,
    QUESTION_MARK,
    VOCABULARY,
    Tokenizer,
    booleans,
    holding,
    text_ends,
    token_codes,
    tokenize,
)
from twoway.model import Kind, Post

__all__ = [
    "AUTOMATION_CLIENTS",
    "KINDS",
    "Batch",
    "Extracted",
    "FeatureIndex",
    "Reader",
    "extract",
    "tokenize",
]

_SPACELESS = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
"""Scripts written without spaces between words (Thai, Japanese, Chinese, Korean runs): their
cue phrases are matched as substrings."""
_QUOTE_OPEN = ('"', "“", "”", "«", "»", "„", "'", "‘", "「")
_ATTRIBUTION = re.compile(r"(?:^|\s)[-–—―~]\s?[A-Z][\w.' ]{1,40}$|\(\s?[A-Z][\w.' ]{1,40}\)$")
_RELAYED = re.compile(r'(?:^|[^\w@])[RM]T\s?:?\s?"?@\w|"@\w+:', re.IGNORECASE)
"""Another account's words relayed in a post: "RT @ana: …", "MT @ana …", "\"@ana: …\""."""
_ATTRIBUTION_MARKS = ("-", "–", "—", "―", "~", "(")
_ATTRIBUTION_START = re.compile(r"[-–—―~(]\s?[A-Z]")
"""What every attribution has: only the texts with one of ``_ATTRIBUTION_MARKS``, and this in
their last 64 characters, are searched for an attribution (a pattern slow to search for)."""

AUTOMATION_CLIENTS: frozenset[str] = frozenset(
    name.lower()
    for name in (
        "IFTTT",
        "Buffer",
        "Hootsuite",
        "Hootsuite Inc.",
        "dlvr.it",
        "twitterfeed",
        "Zapier",
        "TweetDeck Scheduler",
        "SocialFlow",
        "Sprout Social",
        "Later",
        "Later.com",
        "Publer",
        "SocialPilot",
        "Sendible",
        "Loomly",
        "Agorapulse",
        "MeetEdgar",
        "CoSchedule",
        "Revive Social App",
        "WordPress.com",
        "WordPress",
        "Jetpack.com",
        "Blogger",
        "Tumblr",
        "Mailchimp",
        "MailChimp",
        "Facebook",
        "Instagram",
        "LinkedIn",
        "Google",
        "Paper.li",
        "Feedly",
        "RSS",
        "RSS Feed",
        "Twittbot.net",
        "TweetAdder",
        "Tweet Old Post",
        "Crowdfire App",
        "Statusbrew",
        "Sked Social",
        "Missinglettr",
        "Circleboom",
        "Tailwind",
        "Planoly",
        "Metricool",
        "Oktopost",
        "Falcon Social Media Management",
        "Khoros CX",
        "Khoros Publishing",
        "Salesforce Social Studio",
        "Spredfast",
        "HubSpot",
        "Zoho Social",
        "Onlypult",
        "Post Planner",
        "Eclincher",
        "Friends+Me",
        "Periscope",
        "YouTube",
        "Foursquare",
        "Swarmapp",
        "Untappd",
        "Strava",
        "Spotify",
        "Twitter Ads",
        "Twitter Ads Composer",
    )
)
"""Client apps that post for a feed, a scheduler or another service, not a person typing."""


@dataclass(slots=True)
class Extracted:
    """Features of one post and the facts explanations need."""

    features: list[str]
    tokens: list[str]
    cues: dict[str, str] = field(default_factory=dict)
    """cue name -> the phrase that matched (first match)."""
    own_words: int = 0
    """Words of the author's own: not links, mentions, hashtags or numbers."""
    has_link: bool = False
    ends_with_question: bool = False
    rhetorical: bool = False
    """The last question opens like a rhetorical or headline question ("Did you know…?")."""
    question_marks: int = 0
    hashtags: int = 0
    body_mentions: int = 0


_PLAIN_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_INDIC_WORDS = re.compile(INDIC_WORD + r"(?:'[^\W\d_]+)*")
_CJK_QUESTION_ENDS = ("吗", "嗎", "呢", "か", "까", "나요", "니", "죠", "ไหม", "มั้ย", "หรือ")
_INFO_ASKS = frozenset({"dm", "ask_info", "request"})
_HEADING = re.compile(r"\W*[^\W\d_]+(?: [^\W\d_]+){0,2} ?: ")
"""A post that opens with a label ("Tip: …", "Dato curioso: …", "Grève : …"): a notice."""

_CJK_DATE = re.compile(r"\d\s?(?:月|日|時|월|일|시|号|號)")

# The features beside tokens and the first token ("named" features: cues and structure), as
# small ints into _NAMES.  A post's named features come in this order: its cues (alone and with
# its kind) as found, then the structure slots below, in slot order.
_NAMES: list[str] = []
_NAME_IDS: dict[str, int] = {}


def _named(name: str) -> int:
    if name not in _NAME_IDS:
        _NAME_IDS[name] = len(_NAMES)
        _NAMES.append(name)
    return _NAME_IDS[name]


KINDS: tuple[Kind, ...] = tuple(Kind)
"""The kinds of post, in the order of :attr:`Batch.kinds`' numbers."""
_KIND_NUMBER = {kind: i for i, kind in enumerate(KINDS)}
_CUE_NAMES = (*CUES, *(cue for cue in CJK_CUES if cue not in CUES), "date")
_CUE_FEATURES: list[dict[str, tuple[int, int]]] = [
    {cue: (_named("\x01" + cue), _named(f"\x02{kind.value}&{cue}")) for cue in _CUE_NAMES}
    for kind in KINDS
]
"""By kind number: cue -> its two features (the cue, the cue with the kind)."""


def _by_kind(suffix: str) -> np.ndarray:
    return np.array([_named(f"\x02{kind.value}{suffix}") for kind in KINDS])


def _buckets(prefix: str, edges: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The edges, and the feature of each bucket (a count up to each edge, then beyond)."""
    names = [*map(str, edges), f"{edges[-1]}+"]
    return np.array(edges), np.array([_named(prefix + name) for name in names])


_KIND = np.array([_named("\x02kind=" + kind.value) for kind in KINDS])
_LINK_FEATURE = _named("\x02link")
_KIND_LINK = _by_kind("&link")
_OWN_WORDS = _buckets("\x02own_words=", (0, 3, 9, 20))
_HEADING_FEATURE = _named("\x02heading")
_HASHTAGS = _buckets("\x02hashtags=", (0, 1, 2, 4))
_MENTIONS_FEATURE = _buckets("\x02mentions=", (0, 1, 2))
_STARTS_MENTION = _named("\x02starts_mention")
_QMARK = _named("\x02qmark")
_KIND_QMARK = _by_kind("&qmark")
_QMARK_END = _named("\x02qmark_end")
_QMARK_THEN_LINK = _named("\x02qmark_then_link")
_ASK_WORD = _named("\x02ask_word")
_ASK_YOU = _named("\x02ask_you")
_RHETORICAL = _named("\x02rhetorical")
_QMARKS = _named("\x02qmarks=3+")
_INTERROBANG = _named("\x02interrobang")
_EXCL = _named("\x02excl")
_MONEY_FEATURE = _named("\x02money")
_ASKS_DETAIL = _named("\x02asks_detail")
_QUOTED = _named("\x02quoted")
_ATTRIBUTED = _named("\x02attributed")
_VERSE = _named("\x02verse")
_MEDIA = _named("\x02media")
_AUTO_CLIENT = _named("\x02auto_client")
_CC = _named("\x02cc")


def _bucket(counts: np.ndarray, buckets: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    edges, names = buckets
    return names[np.searchsorted(edges, counts)]


class FeatureIndex:
    """A model's vocabulary (feature -> index), arranged for :meth:`Batch.feature_ids`."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.index = {feature: i for i, feature in enumerate(vocabulary)}
        self.first: dict[str | None, int] = {
            feature[2:]: i for feature, i in self.index.items() if feature.startswith("\x03 ")
        }
        """token -> the index of the feature "first token is this one" (``None``: no token), -1
        where the vocabulary lacks the feature."""
        self.first[None] = self.index.get("\x03", -1)
        self.named = np.array([self.index.get(name, -1) for name in _NAMES], dtype=np.int64)
        """Index of each named feature, -1 for those the vocabulary lacks."""
        self.token_codes = token_codes(self.index)


class Reader:
    """Reads posts batch after batch into :class:`Batch` es, their tokens looked up in
    ``vocabulary`` (a model's) if given.  Make one reader for a run of batches and drop it
    after: it remembers what it learnt of the texts' words (:class:`~.tokens.Tokenizer`)."""

    def __init__(self, vocabulary: FeatureIndex | None = None) -> None:
        self.vocabulary = vocabulary
        self.tokenizer = (
            Tokenizer(vocabulary.index, vocabulary.token_codes)
            if vocabulary is not None
            else Tokenizer()
        )

    def read(self, posts: Sequence[Post]) -> Batch:
        """The features of ``posts`` (at least one)."""
        return Batch(posts, self)


class Batch:
    """The features of a batch of posts, as columns: ``tokens`` holds every post's tokens one
    after the other, each post's closed by a token that is none of them (code bit ``ENDS``);
    post ``j``'s are ``tokens[starts[j]:ends[j]]``, and ``codes`` says what each token is
    (:mod:`~twoway.classifier.tokens`).  Counts and facts are numpy arrays, one value per
    post."""

    def __init__(self, posts: Sequence[Post], reader: Reader) -> None:
        self.posts = posts
        self._vocabulary = reader.vocabulary
        count = len(posts)
        texts = list(map(attrgetter("text"), posts))
        lowered = list(map(str.lower, texts))
        self.token_array, code, alone, self.special = reader.tokenizer.tokens(lowered)
        self.tokens = self.token_array.tolist()
        self.codes = code

        # Segments: the runs of tokens each closed by an ENDS token, in the order of `tokens`
        # (the posts in order, then those read alone).  Counts are made per segment, then put
        # in post order.
        ends = np.flatnonzero(code & ENDS)
        first = np.zeros(ends.size, dtype=np.int64)
        first[1:] = ends[:-1] + 1
        segment = np.arange(count)
        if alone:
            segment[alone] = np.arange(count, count + len(alone))
        self._first = first
        self._segment = segment
        self.starts = first[segment]
        self.ends = ends[segment]
        positions = np.arange(code.size)
        self.own_words = self._count(ALPHA)
        self.hashtags = self._count(HASHTAG)
        self.question_marks = self._count(QUESTION_MARK)
        first_other = np.minimum.reduceat(np.where(code & MENTION, code.size, positions), first)
        self.body_mentions = self._count(MENTION) - (first_other[segment] - self.starts)
        seen = np.bitwise_or.reduceat(code, first)[segment]  # every bit one of its tokens has
        self.linked = booleans(map(attrgetter("links"), posts), count)
        """Whether each post's metadata lists links."""
        self.mentioned = booleans(map(attrgetter("mentions"), posts), count)
        """Whether each post's metadata lists mentions."""
        self.has_link = self.linked | (seen & LINK != 0)
        # The question ends a post when its last token that is not a link, hashtag or mention
        # is a question mark.
        last = np.maximum.reduceat(
            np.where(code & (LINK | HASHTAG | MENTION | ENDS), -1, positions), first
        )[segment]
        self.ends_with_question = (last >= 0) & (code[last] & QUESTION_MARK != 0)
        ends_with_link = (self.ends > self.starts) & (code[self.ends - 1] & LINK != 0)

        kind_list = list(map(_KIND_NUMBER.__getitem__, map(attrgetter("kind"), posts)))
        self.kinds = np.array(kind_list, dtype=np.int64)
        """Each post's kind, as its number in :data:`KINDS`."""
        self.starts_mention = booleans(map(str.startswith, lowered, repeat("@")), count)
        clients = [post.client for post in posts]
        automated = {client: _automation_client(client) for client in set(clients)}
        self.auto_client = booleans(map(automated.__getitem__, clients), count)
        self.rhetorical = np.zeros(count, dtype=bool)
        """The last question opens like a rhetorical or headline question (set by
        :meth:`_structure`)."""
        self.cues = self._find_cues(texts, ends, segment)
        structure = self._structure(texts, lowered, seen, ends_with_link)
        self._name(kind_list, structure)

    def _find_cues(
        self, texts: list[str], ends: np.ndarray, segment: np.ndarray
    ) -> list[dict[str, str] | None]:
        """Each post's cues (cue -> phrase; ``None``: it has none).  Phrases are compared only
        where one can start."""
        cues: list[dict[str, str] | None] = [None] * len(texts)
        at = CUE_INDEX.starts(self.codes)
        post_of = np.empty(ends.size, dtype=np.int64)
        post_of[segment] = np.arange(len(texts))
        owners = post_of[np.searchsorted(ends, at)]
        find, tokens = CUE_INDEX.find, self.tokens
        for position, j in zip(at.tolist(), owners.tolist(), strict=True):
            found = cues[j]
            if found is None:
                found = cues[j] = {}
            find(tokens, position, found)
        for j in sorted(self.special):
            if _SPACELESS.search(texts[j]):
                cues[j] = _cjk_cues(texts[j], cues[j] or {}) or None
        return cues

    def _structure(
        self, texts: list[str], lowered: list[str], seen: np.ndarray, ends_with_link: np.ndarray
    ) -> np.ndarray:
        """The structure features of each post: one slot (column) per fact, in feature order;
        -1 where a post lacks it.  ``seen``: every code bit one of a post's tokens has."""
        posts, count, kinds = self.posts, len(texts), self.kinds
        slots = np.full((count, 26), -1, dtype=np.int64)
        slots[:, 0] = _KIND[kinds]
        slots[self.has_link, 1] = _LINK_FEATURE
        slots[self.has_link, 2] = _KIND_LINK[kinds[self.has_link]]
        slots[:, 3] = _bucket(self.own_words, _OWN_WORDS)
        joined, ends_of_texts = JOIN.join(texts), text_ends(texts)
        for j in holding(joined, ends_of_texts, ": "):
            if _HEADING.match(texts[j]):
                slots[j, 4] = _HEADING_FEATURE
        slots[:, 5] = _bucket(self.hashtags, _HASHTAGS)
        slots[:, 6] = _bucket(self.body_mentions, _MENTIONS_FEATURE)
        slots[self.starts_mention, 7] = _STARTS_MENTION
        question = self.question_marks > 0
        slots[question, 8] = _QMARK
        slots[question, 9] = _KIND_QMARK[kinds[question]]
        slots[self.ends_with_question, 10] = _QMARK_END
        slots[self.ends_with_question & ends_with_link, 11] = _QMARK_THEN_LINK
        for j in np.flatnonzero(question).tolist():
            ask_word, ask_you, rhetorical = _question_sentence(lowered[j], j in self.special)
            if ask_word:
                slots[j, 12] = _ASK_WORD
            if ask_you:
                slots[j, 13] = _ASK_YOU
            if rhetorical:
                slots[j, 14] = _RHETORICAL
                self.rhetorical[j] = True
        slots[self.question_marks > 2, 15] = _QMARKS
        # A text holds "?!" or "!?" only where it has both marks as tokens, or a link (no
        # other token holds them): only those few texts are searched, not every text twice.
        marks = QUESTION_MARK | EXCLAIM
        maybe = np.flatnonzero((seen & marks == marks) | (seen & LINK != 0)).tolist()
        interrobang = [j for j in maybe if "?!" in texts[j] or "!?" in texts[j]]
        slots[interrobang, 16] = _INTERROBANG
        slots[seen & EXCLAIM != 0, 17] = _EXCL
        slots[seen & MONEY_SIGN != 0, 18] = _MONEY_FEATURE
        for j, found in enumerate(self.cues):
            if found and "info_noun" in found and not _INFO_ASKS.isdisjoint(found):
                slots[j, 19] = _ASKS_DETAIL
        quoted = booleans(map(str.startswith, map(str.lstrip, texts), repeat(_QUOTE_OPEN)), count)
        marked = {j for mark in _ATTRIBUTION_MARKS for j in holding(joined, ends_of_texts, mark)}
        for j in sorted(marked):
            text = texts[j]
            if _ATTRIBUTION_START.search(text, len(text) - 64) and _ATTRIBUTION.search(
                text[-64:].rstrip()
            ):
                quoted[j] = True
                slots[j, 21] = _ATTRIBUTED
        slots[quoted, 20] = _QUOTED
        self.quotes = quoted
        """The post opens with a quotation mark or ends with an attribution ("— Name")."""
        lines = np.fromiter(map(str.count, texts, repeat("\n")), np.int64, count)
        for j in np.flatnonzero((lines >= 3) & ~self.has_link).tolist():
            if _verse(texts[j]):
                slots[j, 22] = _VERSE
        slots[booleans(map(attrgetter("media_count"), posts), count), 23] = _MEDIA
        slots[self.auto_client, 24] = _AUTO_CLIENT
        for j in np.flatnonzero(kinds == _KIND_NUMBER[Kind.REPLY]).tolist():
            post = posts[j]
            if post.reply_to_account and post.reply_to_account in post.mentions[1:]:
                slots[j, 25] = _CC
        return slots

    def shows_quotation(self, j: int) -> bool:
        """Post ``j`` shows a sign of a quotation (CODEBOOK.md's ``quote``): it opens with a
        quotation mark or ends with an attribution, is set out in two or more short lines
        (verse, lyrics), has a quote cue ("quote of the day", "#quote"), or relays another
        account's words ("RT @ana: …", "MT @ana", "\"@ana: …\"")."""
        text, cues = self.posts[j].text, self.cues[j]
        return bool(
            self.quotes[j]
            or (cues and "quote" in cues)
            or _RELAYED.search(text)
            or _verse(text, least=2)
        )

    def _name(self, kind_list: list[int], structure: np.ndarray) -> None:
        """Set ``named`` and ``named_starts``: each post's named features, its cues (alone and
        with its kind) then its structure, one after the other."""
        count = len(kind_list)
        cue_posts: list[int] = []
        cue_names: list[int] = []
        for j, found in enumerate(self.cues):
            if found:
                pairs = _CUE_FEATURES[kind_list[j]]
                for cue in found:
                    cue_posts += (j, j)
                    cue_names += pairs[cue]
        present = structure >= 0
        owner = np.concatenate([np.array(cue_posts, dtype=np.int64), np.nonzero(present)[0]])
        order = np.argsort(owner, kind="stable")
        names = np.concatenate([np.array(cue_names, dtype=np.int64), structure[present]])
        self.named = names[order]
        self.named_starts = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner, minlength=count), out=self.named_starts[1:])

    def _count(self, bit: int) -> np.ndarray:
        """How many tokens of each post have ``bit``."""
        counts = np.add.reduceat(self.codes & bit != 0, self._first, dtype=np.int64)
        return counts[self._segment]

    @cached_property
    def token_posts(self) -> np.ndarray:
        """The post each token belongs to (a post's ``ENDS`` token too).  A text read alone
        leaves an empty segment in its place (only an ``ENDS`` token), given to it as well.
        (Made once: the features and the flags read it.)"""
        count = len(self.posts)
        post_of = np.empty(self._first.size, dtype=np.int64)
        post_of[:count] = np.arange(count)
        post_of[self._segment] = np.arange(count)
        return np.repeat(post_of, np.diff(np.append(self._first, self.codes.size)))

    @cached_property
    def words_before(self) -> np.ndarray:
        """How many words (tokens with the ``ALPHA`` bit) come before each token in the batch.
        (Made once: two flags read it.)"""
        alpha = self.codes & ALPHA != 0
        before: np.ndarray = np.cumsum(alpha) - alpha
        return before

    def first_tokens(self) -> list[str | None]:
        """Each post's first token (``None``: it has none)."""
        tokens = self.tokens
        return [
            tokens[start] if start < end else None
            for start, end in zip(self.starts.tolist(), self.ends.tolist(), strict=True)
        ]

    def feature_ids(self, vocabulary: FeatureIndex) -> tuple[np.ndarray, np.ndarray]:
        """The known feature indices of every post, flat, each post's once and ascending, and
        each post's offset into them.  Made with numpy for the whole batch: every post's token
        indices, first token's and named features' are put together with the post they belong
        to, and sorted (a post's feature once) as one array of ``post * size + index``."""
        count, size = len(self.posts), len(vocabulary.index)
        codes = self.codes
        if vocabulary is self._vocabulary:  # the codes hold the tokens' indices
            token_ids = (codes >> VOCABULARY) - 1
        else:
            get = vocabulary.index.get
            token_ids = np.fromiter(map(get, self.tokens, repeat(-1)), np.int64, codes.size)
        get_first = vocabulary.first.get
        first_ids = np.fromiter(map(get_first, self.first_tokens(), repeat(-1)), np.int64, count)
        named_owner = np.repeat(np.arange(count), np.diff(self.named_starts))
        ids = np.concatenate([token_ids, first_ids, vocabulary.named[self.named]])
        owner = np.concatenate([self.token_posts, np.arange(count), named_owner])
        known = ids >= 0
        keys = owner[known] * size + ids[known]
        keys.sort()  # (np.unique hashes first, several times slower)
        keys = keys[np.append(True, keys[1:] != keys[:-1])] if keys.size else keys
        owner = keys // size
        return keys - owner * size, np.searchsorted(owner, np.arange(count))

    def extracted(self, j: int) -> Extracted:
        """Post ``j``'s features as strings, and its facts."""
        tokens = self.tokens[self.starts[j] : self.ends[j]]
        first = "\x03 " + tokens[0] if tokens else "\x03"
        named = [_NAMES[i] for i in self.named[self.named_starts[j] : self.named_starts[j + 1]]]
        return Extracted(
            features=[*tokens, first, *named],
            tokens=tokens,
            cues=self.cues[j] or {},
            own_words=int(self.own_words[j]),
            has_link=bool(self.has_link[j]),
            ends_with_question=bool(self.ends_with_question[j]),
            rhetorical=bool(self.rhetorical[j]),
            question_marks=int(self.question_marks[j]),
            hashtags=int(self.hashtags[j]),
            body_mentions=int(self.body_mentions[j]),
        )


def extract(post: Post) -> Extracted:
    """The features of ``post``."""
    return _ALONE.read([post]).extracted(0)


def _cjk_cues(text: str, cues: dict[str, str]) -> dict[str, str]:
    """``cues`` with those of the phrases of scripts written without spaces, matched as
    substrings of ``text``."""
    if _CJK_DATE.search(text):
        cues["date"] = "date"
    for cue, items in CJK_CUES.items():
        if cue not in cues:
            for phrase in items:
                if phrase in text:
                    cues[cue] = phrase
                    break
    return cues


def _automation_client(client: str | None) -> bool:
    return bool(client) and client.lower() in AUTOMATION_CLIENTS  # type: ignore[union-attr]


_ALONE = Reader()
"""Reads for :func:`extract`."""


def _question_sentence(lowered: str, special: bool) -> tuple[bool, bool, bool]:
    """Facts of the sentence that ends in the last question mark: whether it opens with a
    question word or carries a question particle (in any language of the lexicon), whether it
    addresses the reader, and whether it opens like a rhetorical or headline question."""
    end = max(lowered.rfind("?"), lowered.rfind("？"))
    start = 1 + max(
        lowered.rfind(".", 0, end),
        lowered.rfind("!", 0, end),
        lowered.rfind("?", 0, end),
        lowered.rfind("\n", 0, end),
        lowered.rfind("¿", 0, end),
    )
    sentence = lowered[start:end]
    words = (_INDIC_WORDS if special else _PLAIN_WORDS).findall(sentence)
    while words and words[0] in ("rt", "cc", "and", "so", "but", "also", "ok", "oh", "hi", "hey"):
        words.pop(0)
    ask_word = (
        (words and words[0] in INTERROGATIVES)
        or not QUESTION_PARTICLES.isdisjoint(words)
        or sentence.rstrip().endswith(_CJK_QUESTION_ENDS)
    )
    openings = _RHETORIC.get(words[0]) if words else None  # (most questions have none)
    rhetorical = (
        openings is not None and any(tuple(words[: len(phrase)]) == phrase for phrase in openings)
    ) or sentence.lstrip().startswith(_CJK_RHETORIC)
    return bool(ask_word), not SECOND_PERSON.isdisjoint(words), rhetorical


def _verse(text: str, least: int = 3) -> bool:
    """Short lines (48 characters on average, ``least`` or more of them): a poem, lyrics or a
    saying set out line by line."""
    lines = [line for line in text.split("\n") if line.strip()]
    return len(lines) >= least and sum(map(len, lines)) <= 48 * len(lines)


def _openings(phrases: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases as word tuples, by their first word."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(_INDIC_WORDS.findall(phrase))
        index.setdefault(words[0], []).append(words)
    return index


_RHETORIC = _openings(CUES["rhetoric"])
"""Rhetorical and headline openings of a question ("did you know", "who doesn't")."""
_CJK_RHETORIC = tuple(CJK_CUES["rhetoric"])
