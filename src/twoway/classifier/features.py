"""From a post to the features the models read: tokens, cues and structure.

One pass of one regular expression splits the text into tokens (links, mentions, hashtags,
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

Posts are read a batch at a time (:class:`Reader`, :class:`Batch`): the texts of a batch are
joined into one string that each regular expression scans once, and what is counted per token
(words of the author's own, hashtags, question marks…) is counted for the whole batch with numpy,
so that the Python code that runs once per post is short.  :func:`extract` reads one post and
gives its features as strings (:class:`Extracted`), for training and for the rules;
:meth:`Batch.feature_ids` gives them as a model's vocabulary indices, in the same order.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import filterfalse, repeat
from operator import attrgetter
from typing import Any

import numpy as np

from twoway.classifier.lexicon import (
    CJK_CUES,
    CUES,
    INTERROGATIVES,
    QUESTION_PARTICLES,
    SECOND_PERSON,
)
from twoway.model import Kind, Post

__all__ = [
    "ALPHA",
    "AUTOMATION_CLIENTS",
    "HASHTAG",
    "KINDS",
    "Batch",
    "Extracted",
    "FeatureIndex",
    "Reader",
    "extract",
    "tokenize",
]

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SPACELESS = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
"""Scripts written without spaces between words (Thai, Japanese, Chinese, Korean runs): their
cue phrases are matched as substrings."""
_QUOTE_OPEN = ('"', "“", "«", "„", "'", "‘", "「")
_ATTRIBUTION = re.compile(r"(?:^|\s)[-–—―~]\s?[A-Z][\w.' ]{1,40}$|\(\s?[A-Z][\w.' ]{1,40}\)$")
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


_URLS = re.compile(r"https?://\S+|www\.\S+")
_MENTIONS = re.compile(r"@\w+(?:@[\w.-]*\w)?")
_NUMBERS = re.compile(r"\d+(?:[.,:]\d+)*")
_SIGNS = r"[?!%€$£¥₹₺₽₩₫₱？！“”\"«»\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b06\u2b07]"
_WORDS = re.compile(r"<url>|<@>|<num>|#\w+|[^\W\d_]+(?:'[^\W\d_]+)*|" + _SIGNS)
"""Tokens: links, mentions, numbers (already replaced by placeholders), hashtags, words, and
single characters that carry meaning: ``? !``, currency and percent signs, quotation marks and
emoji."""
_INDIC_WORD = r"(?:[^\W\d_]|[\u0900-\u0963\u0971-\u0dff])+"
_WORDS_INDIC = re.compile(r"<url>|<@>|<num>|#\w+|" + _INDIC_WORD + r"(?:'[^\W\d_]+)*|" + _SIGNS)
"""The same, keeping Indic vowel signs inside their word (slower: used only for texts that have
Indic letters)."""
_SPECIAL = re.compile(
    r"[\u0900-\u0dff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
)
_MONEY = frozenset("%€$£¥₹₺₽₩₫₱")
_PLAIN_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_INDIC_WORDS = re.compile(_INDIC_WORD + r"(?:'[^\W\d_]+)*")
_CJK_QUESTION_ENDS = ("吗", "嗎", "呢", "か", "까", "나요", "니", "죠", "ไหม", "มั้ย", "หรือ")
_INFO_ASKS = frozenset({"dm", "ask_info", "request"})
_HEADING = re.compile(r"\W*[^\W\d_]+(?: [^\W\d_]+){0,2} ?: ")
"""A post that opens with a label ("Tip: …", "Dato curioso: …", "Grève : …"): a notice."""

_CJK_DATE = re.compile(r"\d\s?(?:月|日|時|월|일|시|号|號)")

_END = "\x00"
"""The token that closes each post's tokens in a batch.  No text's token is ever this: a text
that holds the character is read on its own."""
_JOIN = "\n\x00\n"
"""What the texts of a batch are joined with.  No pattern crosses it: links, mentions and
numbers stop at a line break, and ``_END`` is a token of its own."""
_WORDS_RAW = re.compile(
    "\x00|<url>|<@>|<num>|"
    + _MENTIONS.pattern
    + r"|#[^\W\d]+|"
    + _NUMBERS.pattern
    + r"|[^\W\d_]+(?:'[^\W\d_]+)*|"
    + _SIGNS
)
"""``_WORDS`` for texts whose links only are replaced: mentions and numbers come out as they are
written (see :func:`_placeholder`), which spares a pass of ``_MENTIONS`` and of ``_NUMBERS``.  A
hashtag stops at a digit, as it does where the digits are replaced first."""


def tokenize(lowered: str) -> list[str]:
    """Tokens of lower-cased text, links/mentions/numbers normalised (``<url>``, ``<@>``,
    ``<num>``), CJK runs split into character pairs.  The normalising is done by regular
    expressions over the whole text (C code), not token by token."""
    return _tokenize(lowered)[0]


def _without_links(lowered: str) -> str:
    """Apostrophes made plain and links replaced by ``<url>`` (of one text, or of a batch's
    joined texts: the result is the same text by text)."""
    text = lowered.replace("’", "'")
    if "http" in text or "www." in text:
        text = _URLS.sub(" <url> ", text)
    return text


def _tokenize(lowered: str) -> tuple[list[str], bool]:
    """The tokens, and whether the text has letters of a script beyond the Latin, Greek,
    Cyrillic, Hebrew and Arabic ones (Indic, Thai, CJK): only those need the slower paths."""
    text = _without_links(lowered)
    if "@" in text:
        text = _MENTIONS.sub(" <@> ", text)
    text = _NUMBERS.sub(" <num> ", text)
    if _SPECIAL.search(text) is None:
        return _WORDS.findall(text), False
    tokens: list[str] = _WORDS_INDIC.findall(text)
    if _CJK.search(text):
        split: list[str] = []
        for token in tokens:
            if len(token) > 2 and _CJK.search(token):
                split.extend(token[i : i + 2] for i in range(len(token) - 1))
            else:
                split.append(token)
        return split, True
    return tokens, True


# What each token is, as bits of one int (see Reader): its kind; whether a cue phrase can start
# with it (_SINGLE: a one-word phrase; a longer phrase's first word id and second word id, 16
# bits each, above the bits); and its index in a model's vocabulary plus one (0: not in it).
ALPHA = 1 << 0
"""A token's code bit: it starts with a letter (a word of the author's own)."""
HASHTAG = 1 << 1
"""A token's code bit: a hashtag."""
_MENTION = 1 << 2
_LINK = 1 << 3
_QUESTION_MARK = 1 << 4
_EXCLAIM = 1 << 5
_MONEY_SIGN = 1 << 6
_SINGLE = 1 << 7
_ENDS = 1 << 8
_FIRST_WORD = 12
_SECOND_WORD = 28
_WORD_ID = 0xFFFF
_VOCABULARY = 44


class _PhraseIndex:
    """Cue phrases by their first two tokens.  Each token's code (see :class:`Reader`) says
    whether a one-word phrase is that token, and numbers the tokens that open or continue a
    longer phrase, so that the places where a phrase can start are found with numpy, and only
    there is a phrase compared in Python."""

    def __init__(self, phrases: dict[str, tuple[str, ...]]) -> None:
        self.single: dict[str, str] = {}
        self.multi: dict[tuple[str, str], list[tuple[tuple[str, ...], str, str]]] = {}
        """(first, second token) -> (phrase tokens, cue, the phrase as explanations show it),
        longest phrase first."""
        for cue, items in phrases.items():
            for phrase in items:
                words = tuple(tokenize(phrase.lower().replace("<num>", "1")))
                if len(words) == 1:
                    self.single.setdefault(words[0], cue)
                elif words:
                    shown = " ".join(words).replace("<num>", "N")
                    self.multi.setdefault((words[0], words[1]), []).append((words, cue, shown))
        for entries in self.multi.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        firsts = sorted({first for first, _ in self.multi})
        seconds = sorted({second for _, second in self.multi})
        self.first_id = {word: i for i, word in enumerate(firsts, 1)}
        self.second_id = {word: i for i, word in enumerate(seconds, 1)}
        self.pairs = np.array(
            sorted(
                (self.first_id[first] << 16) | self.second_id[second]
                for first, second in self.multi
            ),
            dtype=np.int64,
        )
        """The (first, second) word id pairs that open a phrase, as sorted ints."""

    def code(self, token: str) -> int:
        """The phrase bits of ``token``'s code."""
        return (
            (_SINGLE if token in self.single else 0)
            | (self.first_id.get(token, 0) << _FIRST_WORD)
            | (self.second_id.get(token, 0) << _SECOND_WORD)
        )

    def starts(self, codes: np.ndarray) -> np.ndarray:
        """Positions (ascending) where a phrase may start in a batch's tokens: a one-word
        phrase, or the first two words of a longer one."""
        first = (codes[:-1] >> _FIRST_WORD) & _WORD_ID
        at = np.flatnonzero(first)
        pair = (first[at] << 16) | ((codes[at + 1] >> _SECOND_WORD) & _WORD_ID)
        found = np.searchsorted(self.pairs, pair)
        found[found == self.pairs.size] = 0
        starts = codes & _SINGLE != 0
        if self.pairs.size:
            starts[at[self.pairs[found] == pair]] = True
        return np.flatnonzero(starts)

    def find(self, tokens: list[str], at: int, cues: dict[str, str]) -> None:
        """Add to ``cues`` (cue -> the phrase as matched) the cues of phrases that start at
        ``tokens[at]``, the longest first, unless the post already has that cue.  ``tokens``
        ends with ``_END``, which no phrase holds, so a phrase never runs into the next post."""
        token = tokens[at]
        for words, cue, shown in self.multi.get((token, tokens[at + 1]), ()):
            if cue not in cues and tuple(tokens[at : at + len(words)]) == words:
                cues[cue] = shown
        single = self.single.get(token)
        if single is not None and single not in cues:
            cues[single] = token


_CUE_INDEX = _PhraseIndex(CUES)


def _token_code(token: str, index: dict[str, int]) -> int:
    """What ``token`` is, as the bits above, with its index in the vocabulary ``index``."""
    first = token[0]
    code = ALPHA if first.isalpha() else HASHTAG if first == "#" else 0
    if token == "<@>":
        code |= _MENTION
    elif token == "<url>":
        code |= _LINK
    elif token in ("?", "？"):
        code |= _QUESTION_MARK
    elif token in ("!", "！"):
        code |= _EXCLAIM
    elif token in _MONEY:
        code |= _MONEY_SIGN
    elif token == _END:
        code |= _ENDS
    return code | _CUE_INDEX.code(token) | (index.get(token, -1) + 1) << _VOCABULARY


def _token_codes(index: dict[str, int]) -> dict[str, int]:
    """The codes of the tokens every batch has or the cue phrases and ``index`` name."""
    tokens = (
        *(_END, "<@>", "<url>", "<num>", "?", "？", "!", "！", *_MONEY),
        *_CUE_INDEX.single,
        *_CUE_INDEX.first_id,
        *_CUE_INDEX.second_id,
        *(feature for feature in index if feature[0] not in "\x01\x02\x03"),
    )
    return {token: _token_code(token, index) for token in tokens}


_BASE_CODES = _token_codes({})


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
    return names[np.searchsorted(edges, counts)]  # type: ignore[no-any-return]


class FeatureIndex:
    """A model's vocabulary (feature -> index), arranged for :meth:`Batch.feature_ids`."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.index = {feature: i for i, feature in enumerate(vocabulary)}
        self.first: dict[str | None, int | None] = {
            feature[2:]: i for feature, i in self.index.items() if feature.startswith("\x03 ")
        }
        """token -> the index of the feature "first token is this one" (``None``: no token)."""
        self.first[None] = self.index.get("\x03")
        self.named = np.array([self.index.get(name) for name in _NAMES], dtype=object)
        """Index of each named feature, ``None`` for those the vocabulary lacks."""
        self.token_codes = _token_codes(self.index)
        self.objects = np.array([None, *range(len(self.index))], dtype=object)
        """Index + 1 -> the index as a Python int, and 0 -> ``None``: a token code's vocabulary
        part made into what ``dict.get`` gives, without a lookup."""


class Reader:
    """Reads posts batch after batch into :class:`Batch` es, their tokens looked up in
    ``vocabulary`` (a model's) if given.

    A batch's texts are joined and split at white space (no token spans white space): most of
    the chunks are one token each, and a chunk is looked up, not scanned by a regular
    expression.  What a chunk is (its tokens, and each token's code: a word, a hashtag, a
    question mark, where a cue phrase can start, its index in the vocabulary) is worked out in
    Python once per distinct chunk and remembered, so that a batch's tokens and codes come from
    dict lookups done by ``map`` in C.  Make one reader for a run of batches and drop it after."""

    def __init__(self, vocabulary: FeatureIndex | None = None) -> None:
        self.vocabulary = vocabulary
        self._index = vocabulary.index if vocabulary is not None else {}
        self._forget()

    def _forget(self) -> None:
        vocabulary = self.vocabulary
        self._codes = dict(vocabulary.token_codes if vocabulary is not None else _BASE_CODES)
        """token -> its code."""
        self._chunks: dict[str, int] = {_END: self._codes[_END]}
        """chunk -> its code if it is one token (the same string), else -2 - the number of its
        entry in ``_parts``.  Apart from the tokens: a token of a text read alone may be what
        a chunk is not (a pair of letters with an apostrophe, split from a Japanese run)."""
        self._parts: list[tuple[int, int]] = []
        """The tokens of each chunk that is not one token: (first, how many) in ``_part_tokens``
        and ``_part_codes``."""
        self._part_tokens: list[str] = []
        self._part_codes: list[int] = []

    def read(self, posts: Sequence[Post]) -> Batch:
        """The features of ``posts`` (at least one)."""
        if len(self._codes) + len(self._chunks) > _MOST_REMEMBERED:
            self._forget()
        return Batch(posts, self)

    def tokens(self, lowered: list[str]) -> tuple[list[str], np.ndarray, list[int], set[int]]:
        """The tokens of every text and their codes, each text's closed by ``_END``; the texts
        read alone, whose tokens come after all the others' (in that order); and the texts with
        letters of the slower scripts (``_SPECIAL``).  A text with such letters (even in a
        mention or a number), or with ``_END`` itself, is read alone by :func:`_tokenize`."""
        joined = _JOIN.join(lowered)
        alone: set[int] = set()
        if joined.count(_END) >= len(lowered):  # a text holds _END (each _JOIN holds one)
            alone.update(j for j, text in enumerate(lowered) if _END in text)
        if not joined.isascii():
            # Only a text with a letter beyond ASCII can have one of the slower scripts (in a
            # link too: such a text is read alone, and that is exact all the same).
            beyond = np.flatnonzero(~_flags(map(str.isascii, lowered), len(lowered))).tolist()
            alone.update(j for j in beyond if _SPECIAL.search(lowered[j]))
        if alone:
            joined = _JOIN.join(["" if j in alone else text for j, text in enumerate(lowered)])
        chunks = _without_links(joined).split()
        chunks.append(_END)
        tokens, found = self._chunk_tokens(chunks)
        special: set[int] = set()
        if alone:
            extra: list[str] = []
            for j in sorted(alone):
                words, is_special = _tokenize(lowered[j])
                extra += words
                extra.append(_END)
                if is_special:
                    special.add(j)
            tokens += extra
            found = np.concatenate([found, np.array(self._token_codes(extra), dtype=np.int64)])
        return tokens, found, sorted(alone), special

    def _chunk_tokens(self, chunks: list[str]) -> tuple[list[str], np.ndarray]:
        """The tokens of ``chunks`` and their codes: a chunk that is one token stands for
        itself, the others for their tokens, gathered with numpy."""
        learnt = self._chunks
        # dict.__getitem__ by map is the fastest lookup (dict.get's by map costs more).
        try:
            found = list(map(learnt.__getitem__, chunks))
        except KeyError:  # chunks not seen before
            self._learn(set(filterfalse(learnt.__contains__, chunks)))
            found = list(map(learnt.__getitem__, chunks))
        known = np.fromiter(found, np.int64, len(found))
        split = np.flatnonzero(known < 0)
        if not split.size:
            return chunks, known
        parts = np.array(self._parts, dtype=np.int64).reshape(-1, 2)[-2 - known[split]]
        counts = np.ones(len(chunks), dtype=np.int64)
        counts[split] = parts[:, 1]
        at = np.cumsum(counts) - counts  # where each chunk's first token goes
        whole = known >= 0
        tokens = np.empty(int(counts.sum()), dtype=object)
        codes = np.empty(tokens.size, dtype=np.int64)
        tokens[at[whole]] = np.fromiter(chunks, dtype=object, count=len(chunks))[whole]
        codes[at[whole]] = known[whole]
        # The tokens of the split chunks: each one's run in _part_tokens, copied to its place.
        runs = np.repeat(np.cumsum(parts[:, 1]) - parts[:, 1], parts[:, 1])
        offsets = np.arange(runs.size) - runs
        into = np.repeat(at[split], parts[:, 1]) + offsets
        source = np.repeat(parts[:, 0], parts[:, 1]) + offsets
        tokens[into] = np.array(self._part_tokens, dtype=object)[source]
        codes[into] = np.array(self._part_codes, dtype=np.int64)[source]
        return tokens.tolist(), codes

    def _token_codes(self, tokens: list[str]) -> list[int]:
        codes = self._codes
        found = []
        for token in tokens:
            code = codes.get(token)
            if code is None:
                code = codes[token] = _token_code(token, self._index)
            found.append(code)
        return found

    def _learn(self, chunks: set[str]) -> None:
        """Work out what each of ``chunks`` is (see ``_chunks``), scanning them all at once."""
        ordered = list(chunks)
        found = _WORDS_RAW.findall(_JOIN.join(ordered))
        found.append(_END)
        learnt = self._chunks
        start = 0
        for chunk in ordered:
            end = found.index(_END, start)
            words = [_placeholder(word) for word in found[start:end]]
            start = end + 1
            codes = self._token_codes(words)
            if len(words) == 1 and words[0] == chunk:
                learnt[chunk] = codes[0]
            else:
                learnt[chunk] = -2 - len(self._parts)
                self._parts.append((len(self._part_tokens), len(words)))
                self._part_tokens += words
                self._part_codes += codes


class Batch:
    """The features of a batch of posts, as columns: ``tokens`` holds every post's tokens one
    after the other, each post's closed by ``_END``; post ``j``'s are
    ``tokens[starts[j]:ends[j]]``.  Counts and facts are numpy arrays, one value per post."""

    def __init__(self, posts: Sequence[Post], reader: Reader) -> None:
        self.posts = posts
        self._vocabulary = reader.vocabulary
        count = len(posts)
        texts = [post.text for post in posts]
        lowered = [text.lower() for text in texts]
        tokens, code, alone, self.special = reader.tokens(lowered)
        self.tokens, self.codes = tokens, code

        # Segments: the runs of tokens closed by _END, in the order of `tokens` (the posts in
        # order, then those read alone).  Counts are made per segment, then put in post order.
        ends = np.flatnonzero(code & _ENDS)
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
        self.question_marks = self._count(_QUESTION_MARK)
        first_other = np.minimum.reduceat(np.where(code & _MENTION, code.size, positions), first)
        self.body_mentions = self._count(_MENTION) - (first_other[segment] - self.starts)
        seen = np.bitwise_or.reduceat(code, first)[segment]  # every bit one of its tokens has
        links = _flags(map(attrgetter("links"), posts), count)
        self.has_link = links | (seen & _LINK != 0)
        # The question ends a post when its last token that is not a link, hashtag or mention
        # is a question mark.
        last = np.maximum.reduceat(
            np.where(code & (_LINK | HASHTAG | _MENTION | _ENDS), -1, positions), first
        )[segment]
        self.ends_with_question = (last >= 0) & (code[last] & _QUESTION_MARK != 0)
        ends_with_link = (self.ends > self.starts) & (code[self.ends - 1] & _LINK != 0)

        # Cues: phrases are compared only where one can start.
        self.cues: list[dict[str, str] | None] = [None] * count
        cues = self.cues
        at = _CUE_INDEX.starts(code)
        post_of = np.empty(ends.size, dtype=np.int64)
        post_of[segment] = np.arange(count)
        owners = post_of[np.searchsorted(ends, at)]
        find = _CUE_INDEX.find
        for position, j in zip(at.tolist(), owners.tolist(), strict=True):
            found = cues[j]
            if found is None:
                found = cues[j] = {}
            find(tokens, position, found)
        for j in sorted(self.special):
            if _SPACELESS.search(texts[j]):
                cues[j] = _cjk_cues(texts[j], cues[j] or {}) or None

        # Structure: one slot (column) per fact, in feature order; -1 where a post lacks it.
        kind_list = list(map(_KIND_NUMBER.__getitem__, map(attrgetter("kind"), posts)))
        self.kinds = kinds = np.array(kind_list, dtype=np.int64)
        """Each post's kind, as its number in :data:`KINDS`."""
        slots = np.full((count, 26), -1, dtype=np.int64)
        slots[:, 0] = _KIND[kinds]
        slots[self.has_link, 1] = _LINK_FEATURE
        slots[self.has_link, 2] = _KIND_LINK[kinds[self.has_link]]
        slots[:, 3] = _bucket(self.own_words, _OWN_WORDS)
        joined, ends = _JOIN.join(texts), _ends(texts)
        for j in _matching(joined, ends, ": "):
            if _HEADING.match(texts[j]):
                slots[j, 4] = _HEADING_FEATURE
        slots[:, 5] = _bucket(self.hashtags, _HASHTAGS)
        slots[:, 6] = _bucket(self.body_mentions, _MENTIONS_FEATURE)
        self.starts_mention = _flags(map(str.startswith, lowered, repeat("@")), count)
        slots[self.starts_mention, 7] = _STARTS_MENTION
        question = self.question_marks > 0
        slots[question, 8] = _QMARK
        slots[question, 9] = _KIND_QMARK[kinds[question]]
        slots[self.ends_with_question, 10] = _QMARK_END
        slots[self.ends_with_question & ends_with_link, 11] = _QMARK_THEN_LINK
        self.rhetorical = np.zeros(count, dtype=bool)
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
        slots[_matching(joined, ends, "?!") + _matching(joined, ends, "!?"), 16] = _INTERROBANG
        slots[seen & _EXCLAIM != 0, 17] = _EXCL
        slots[seen & _MONEY_SIGN != 0, 18] = _MONEY_FEATURE
        for j, found in enumerate(cues):
            if found and "info_noun" in found and not _INFO_ASKS.isdisjoint(found):
                slots[j, 19] = _ASKS_DETAIL
        quoted = _flags(map(str.startswith, map(str.lstrip, texts), repeat(_QUOTE_OPEN)), count)
        marked = {j for mark in _ATTRIBUTION_MARKS for j in _matching(joined, ends, mark)}
        for j in sorted(marked):
            text = texts[j]
            if _ATTRIBUTION_START.search(text, len(text) - 64) and _ATTRIBUTION.search(
                text[-64:].rstrip()
            ):
                quoted[j] = True
                slots[j, 21] = _ATTRIBUTED
        slots[quoted, 20] = _QUOTED
        lines = np.fromiter(map(str.count, texts, repeat("\n")), np.int64, count)
        for j in np.flatnonzero((lines >= 3) & ~self.has_link).tolist():
            if _verse(texts[j]):
                slots[j, 22] = _VERSE
        slots[_flags(map(attrgetter("media_count"), posts), count), 23] = _MEDIA
        clients = [post.client for post in posts]
        automated = {client: _automation_client(client) for client in set(clients)}
        self.auto_client = _flags(map(automated.__getitem__, clients), count)
        slots[self.auto_client, 24] = _AUTO_CLIENT
        for j in np.flatnonzero(kinds == _KIND_NUMBER[Kind.REPLY]).tolist():
            post = posts[j]
            if post.reply_to_account and post.reply_to_account in post.mentions[1:]:
                slots[j, 25] = _CC

        # Named features: each post's cues (alone and with its kind), then its structure.
        cue_posts: list[int] = []
        cue_names: list[int] = []
        for j, found in enumerate(cues):
            if found:
                pairs = _CUE_FEATURES[kind_list[j]]
                for cue in found:
                    cue_posts += (j, j)
                    cue_names += pairs[cue]
        present = slots >= 0
        owner = np.concatenate([np.array(cue_posts, dtype=np.int64), np.nonzero(present)[0]])
        order = np.argsort(owner, kind="stable")
        self.named = np.concatenate([np.array(cue_names, dtype=np.int64), slots[present]])[order]
        self.named_starts = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner, minlength=count), out=self.named_starts[1:])

    def _count(self, bit: int) -> np.ndarray:
        """How many tokens of each post have ``bit``."""
        counts = np.add.reduceat(self.codes & bit != 0, self._first, dtype=np.int64)
        return counts[self._segment]  # type: ignore[no-any-return]

    def first_tokens(self) -> list[str | None]:
        """Each post's first token (``None``: it has none)."""
        tokens = self.tokens
        return [
            tokens[start] if start < end else None
            for start, end in zip(self.starts.tolist(), self.ends.tolist(), strict=True)
        ]

    def feature_ids(self, vocabulary: FeatureIndex) -> tuple[np.ndarray, np.ndarray]:
        """The known feature indices of every post, flat, and each post's offset into them.

        A post's indices are in the order of a set made of its features in feature order (what
        :func:`extract` lists), the order the models were built and checked with: sums of
        weights and the tie-breaks of explanations come out the same."""
        if vocabulary is self._vocabulary:  # the codes hold the tokens' indices
            token_ids = vocabulary.objects[self.codes >> _VOCABULARY].tolist()
        else:
            token_ids = list(map(vocabulary.index.get, self.tokens))
        first_ids = list(map(vocabulary.first.get, self.first_tokens()))
        named_ids = vocabulary.named[self.named].tolist()
        named_starts = self.named_starts.tolist()
        flat: list[int] = []
        sizes: list[int] = []
        bounds = zip(self.starts.tolist(), self.ends.tolist(), strict=True)
        for j, (start, end) in enumerate(bounds):
            known = set(token_ids[start:end])
            known.add(first_ids[j])
            known.update(named_ids[named_starts[j] : named_starts[j + 1]])
            known.discard(None)
            flat.extend(known)
            sizes.append(len(known))
        offsets = np.zeros(len(sizes), dtype=np.int64)
        if sizes:
            np.cumsum(sizes[:-1], out=offsets[1:])
        return np.asarray(flat, dtype=np.int64), offsets

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


_MOST_REMEMBERED = 200_000
"""Tokens and chunks a :class:`Reader` remembers at most: past that it starts afresh, so that its
memory stays bounded however many posts it reads."""
_ALONE = Reader()
"""Reads for :func:`extract`."""


def _flags(values: Iterator[Any], count: int) -> np.ndarray:
    return np.fromiter(map(bool, values), bool, count)


def _ends(texts: list[str]) -> list[int]:
    """Where each text ends in ``_JOIN.join(texts)``, counting the separator after it."""
    lengths = np.fromiter(map(len, texts), np.int64, len(texts)) + len(_JOIN)
    return np.cumsum(lengths).tolist()  # type: ignore[no-any-return]


def _matching(joined: str, ends: list[int], mark: str | re.Pattern[str]) -> list[int]:
    """The positions of the texts joined in ``joined`` (see :func:`_ends`) that hold ``mark``
    (a substring, or a pattern's match), found by scanning the joined texts once: a text's
    first match is enough.  A mark that could span ``_JOIN`` may name a text that does not hold
    it alone: use such a mark as a filter before an exact test.  A substring is searched for
    with ``str.find``, much faster than a pattern."""
    found = []
    position = 0
    while True:
        if isinstance(mark, str):
            at = joined.find(mark, position)
            if at < 0:
                return found
        else:
            match = mark.search(joined, position)
            if match is None:
                return found
            at = match.start()
        j = bisect_right(ends, at)
        found.append(j)
        position = ends[j]


def _placeholder(token: str) -> str:
    """A mention or a number as ``_WORDS_RAW`` finds it, as its placeholder; another token as
    it is."""
    first = token[0]
    return "<@>" if first == "@" else "<num>" if first.isdecimal() else token


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
    rhetorical = any(
        tuple(words[: len(phrase)]) == phrase
        for phrase in _RHETORIC.get(words[0] if words else "", ())
    ) or sentence.lstrip().startswith(_CJK_RHETORIC)
    return bool(ask_word), not SECOND_PERSON.isdisjoint(words), rhetorical


def _verse(text: str) -> bool:
    """Short lines (48 characters on average, three or more of them): a poem, lyrics or a
    saying set out line by line."""
    lines = [line for line in text.split("\n") if line.strip()]
    return len(lines) >= 3 and sum(map(len, lines)) <= 48 * len(lines)


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
