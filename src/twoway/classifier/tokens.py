"""Texts into tokens, and what each token is, for a batch of texts at once.

:func:`tokenize` splits one lower-cased text into the tokens the classifier reads: links,
mentions and numbers as placeholders (``<url>``, ``<@>``, ``<num>``), hashtags, words, and single
characters that carry meaning (``? !``, currency and percent signs, quotation marks, emoji);
Japanese, Chinese and Korean runs as character pairs.

:class:`Tokenizer` gives the same tokens for many texts at once, and with each token its *code*:
one int whose bits say what the token is (a word, a hashtag, a question mark…), where a cue
phrase of :mod:`twoway.classifier.lexicon` can start with it, and its index in a model's
vocabulary.  The features of :mod:`twoway.classifier.features` are counted from the codes with
numpy, for a whole batch at once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from itertools import compress, count, repeat
from typing import Any

import numpy as np

from twoway.classifier.lexicon import CUES

__all__ = [
    "ALPHA",
    "CUE_INDEX",
    "END",
    "ENDS",
    "EXCLAIM",
    "HASHTAG",
    "INDIC_WORD",
    "JOIN",
    "LINK",
    "MENTION",
    "MONEY_SIGN",
    "QUESTION_MARK",
    "VOCABULARY",
    "PhraseIndex",
    "Tokenizer",
    "booleans",
    "holding",
    "text_ends",
    "token_codes",
    "tokenize",
]

_URLS = re.compile(r"https?://\S+|www\.\S+")
_MENTIONS = re.compile(r"@\w+(?:@[\w.-]*\w)?")
_NUMBERS = re.compile(r"\d+(?:[.,:]\d+)*")
_SIGNS = r"[?!%€$£¥₹₺₽₩₫₱？！“”\"«»\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b06\u2b07]"
_WORDS = re.compile(r"<url>|<@>|<num>|#\w+|[^\W\d_]+(?:'[^\W\d_]+)*|" + _SIGNS)
"""Tokens: links, mentions, numbers (already replaced by placeholders), hashtags, words, and
single characters that carry meaning: ``? !``, currency and percent signs, quotation marks and
emoji."""
INDIC_WORD = r"(?:[^\W\d_]|[\u0900-\u0963\u0971-\u0dff])+"
"""A word of any script, keeping Indic vowel signs inside it (a pattern)."""
_WORDS_INDIC = re.compile(r"<url>|<@>|<num>|#\w+|" + INDIC_WORD + r"(?:'[^\W\d_]+)*|" + _SIGNS)
"""The same, keeping Indic vowel signs inside their word (slower: used only for texts that have
Indic letters)."""
_SPECIAL = re.compile(
    r"[\u0900-\u0dff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
)
"""Letters of the scripts that need the slower paths (Indic, Thai, CJK)."""
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_MONEY = frozenset("%€$£¥₹₺₽₩₫₱")

END = "\x00"
"""The token that closes each text's tokens in a batch.  No text's token is ever this: a text
that holds the character is read on its own."""
JOIN = "\n\x00\n"
"""What the texts of a batch are joined with.  No pattern of this module crosses it: links,
mentions and numbers stop at a line break, and ``END`` is a token of its own."""
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
    """Apostrophes made plain and links replaced by ``<url>`` (of one text, or of chunks joined:
    the result is the same chunk by chunk, as a link runs to the next white space)."""
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


def _placeholder(token: str) -> str:
    """A mention or a number as ``_WORDS_RAW`` finds it, as its placeholder; another token as
    it is."""
    first = token[0]
    return "<@>" if first == "@" else "<num>" if first.isdecimal() else token


# A token's code: what it is, as bits; whether a cue phrase can start with it (_SINGLE: a
# one-word phrase; a longer phrase's first word id and second word id, 16 bits each, above the
# bits); and its index in a model's vocabulary plus one (0: not in it), from bit VOCABULARY.
ALPHA = 1 << 0
"""It starts with a letter: a word of the author's own."""
HASHTAG = 1 << 1
MENTION = 1 << 2
"""``<@>``."""
LINK = 1 << 3
"""``<url>``."""
QUESTION_MARK = 1 << 4
EXCLAIM = 1 << 5
MONEY_SIGN = 1 << 6
"""A currency or percent sign."""
_SINGLE = 1 << 7
ENDS = 1 << 8
"""The token that closes a text's tokens in a batch."""
_RAW = 1 << 9
"""A mention or a number as ``_WORDS_RAW`` finds it (only while its chunk is learnt)."""
_FIRST_WORD = 12
_SECOND_WORD = 28
_WORD_ID = 0xFFFF
VOCABULARY = 44
"""The bit a token code's vocabulary index (plus one) starts at."""


class PhraseIndex:
    """Cue phrases by their first two tokens.  Each token's code says whether a one-word phrase
    is that token, and numbers the tokens that open or continue a longer phrase, so that the
    places where a phrase can start are found with numpy, and only there is a phrase compared
    in Python."""

    def __init__(self, phrases: Mapping[str, tuple[str, ...]]) -> None:
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
        """Positions (ascending) where a phrase may start in a batch's tokens (their
        ``codes``): a one-word phrase, or the first two words of a longer one."""
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
        ``tokens[at]``, the longest first, unless the text already has that cue.  A batch's
        tokens end each text with ``END``, which no phrase holds, so a phrase never runs into
        the next text."""
        token = tokens[at]
        for words, cue, shown in self.multi.get((token, tokens[at + 1]), ()):
            if cue not in cues and tuple(tokens[at : at + len(words)]) == words:
                cues[cue] = shown
        single = self.single.get(token)
        if single is not None and single not in cues:
            cues[single] = token


CUE_INDEX = PhraseIndex(CUES)


def _token_code(token: str, index: Mapping[str, int]) -> int:
    """What ``token`` is, as the bits above, with its index in the vocabulary ``index``."""
    first = token[0]
    code = ALPHA if first.isalpha() else HASHTAG if first == "#" else 0
    if token == "<@>":
        code |= MENTION
    elif token == "<url>":
        code |= LINK
    elif token in ("?", "？"):
        code |= QUESTION_MARK
    elif token in ("!", "！"):
        code |= EXCLAIM
    elif token in _MONEY:
        code |= MONEY_SIGN
    elif token == END:
        code |= ENDS
    return code | CUE_INDEX.code(token) | (index.get(token, -1) + 1) << VOCABULARY


def token_codes(index: Mapping[str, int]) -> dict[str, int]:
    """The codes of the tokens every batch has, of the cue phrases' words, and of the tokens
    the vocabulary ``index`` (feature -> index) names."""
    tokens = (
        *(END, "<@>", "<url>", "<num>", "?", "？", "!", "！", *_MONEY),
        *CUE_INDEX.single,
        *CUE_INDEX.first_id,
        *CUE_INDEX.second_id,
        *(feature for feature in index if feature and feature[0] not in "\x01\x02\x03"),
    )
    return {token: _token_code(token, index) for token in tokens}


_MOST_REMEMBERED = 200_000
"""Tokens and chunks a :class:`Tokenizer` remembers at most: past that it starts afresh, so that
its memory stays bounded however many texts it reads."""


class Tokenizer:
    """The tokens of a batch of texts and their codes, the codes' vocabulary part from ``index``
    (a model's vocabulary: feature -> index; ``codes``: :func:`token_codes` of it, if at hand).

    The texts are joined and split at white space (no token spans white space): most of the
    chunks are one token each, and a chunk is looked up, not scanned by a regular expression.
    What a chunk is (its tokens and their codes) is worked out in Python once per distinct chunk
    and remembered as an *entry*: a run of tokens and codes in two numpy arrays.  A batch's
    chunks are made into entry numbers by dict lookups done by ``map`` in C, and its tokens and
    codes are gathered from the arrays with numpy.  Make one tokenizer for a run of batches and
    drop it after."""

    def __init__(
        self, index: Mapping[str, int] | None = None, codes: dict[str, int] | None = None
    ) -> None:
        """``codes``: :func:`token_codes` of ``index``, if at hand."""
        self._index = index or {}
        self._seed = codes if codes is not None else token_codes(self._index)
        self._forget()

    def _forget(self) -> None:
        self._codes = dict(self._seed)
        """token -> its code.  Apart from the chunks: a token of a text read alone may be what a
        chunk is not (a pair of letters with an apostrophe, split from a Japanese run)."""
        self._chunks: dict[str, int] = {END: 0}
        """chunk -> the number of its entry."""
        self._entry_first = np.zeros(1, dtype=np.int64)
        self._entry_size = np.ones(1, dtype=np.int64)
        """Where each entry's tokens start in ``_part_tokens`` and ``_part_codes``, and how many
        they are (entry 0: ``END``)."""
        self._part_tokens = np.array([END], dtype=object)
        self._part_codes = np.array([self._codes[END]], dtype=np.int64)

    def tokens(self, lowered: list[str]) -> tuple[np.ndarray, np.ndarray, list[int], set[int]]:
        """The tokens of every lower-cased text (an array of objects) and their codes, each
        text's closed by a token with the ``ENDS`` bit; the texts read alone, whose tokens come
        after all the others' (in that order); and the texts with letters of the slower scripts
        (Indic, Thai, CJK).  A text with such letters (even in a mention or a number), or with
        ``END`` itself, is read alone by :func:`_tokenize`."""
        if len(self._codes) + len(self._chunks) > _MOST_REMEMBERED:
            self._forget()
        joined = JOIN.join(lowered)
        alone: set[int] = set()
        if joined.count(END) >= len(lowered):  # a text holds END (each JOIN holds one)
            alone.update(j for j, text in enumerate(lowered) if END in text)
        if not joined.isascii():
            # Only a text with a letter beyond ASCII can have one of the slower scripts (in a
            # link too: such a text is read alone, and that is exact all the same).
            beyond = np.flatnonzero(~booleans(map(str.isascii, lowered), len(lowered)))
            alone.update(j for j in beyond.tolist() if _SPECIAL.search(lowered[j]))
        if alone:
            joined = JOIN.join(["" if j in alone else text for j, text in enumerate(lowered)])
        # A link is the rest of a chunk from its "http" or "www." on, so links are replaced
        # chunk by chunk, when a chunk is learnt (the chunks repeat, and most hold none).
        chunks = joined.split()
        chunks.append(END)
        tokens, found = self._chunk_tokens(chunks)
        special: set[int] = set()
        if alone:
            extra: list[str] = []
            for j in sorted(alone):
                words, is_special = _tokenize(lowered[j])
                extra += words
                extra.append(END)
                if is_special:
                    special.add(j)
            codes = self._token_codes(extra)
            tokens = np.concatenate([tokens, np.fromiter(extra, object, len(extra))])
            found = np.concatenate([found, codes])
        return tokens, found, sorted(alone), special

    def _chunk_tokens(self, chunks: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The tokens of ``chunks`` and their codes, gathered from the chunks' entries."""
        if self._entry_size.size > 1:  # it has read before: most chunks are known, looked up
            entries = np.fromiter(map(self._chunks.get, chunks, repeat(-1)), np.int64, len(chunks))
            unseen = np.flatnonzero(entries < 0)
            if unseen.size:
                entries[unseen] = self._entries(list(map(chunks.__getitem__, unseen.tolist())))
        else:  # a first batch: most chunks are new
            entries = self._entries(chunks)
        firsts, sizes = self._entry_first[entries], self._entry_size[entries]
        at = firsts
        if (sizes != 1).any():  # some chunks are several tokens or none: each entry's run
            ends = np.cumsum(sizes)
            at = np.repeat(firsts - (ends - sizes), sizes) + np.arange(int(ends[-1]))
        return self._part_tokens[at], self._part_codes[at]

    def _entries(self, chunks: list[str]) -> np.ndarray:
        """The entry number of each of ``chunks``, those of the chunks not seen before made
        (learnt)."""
        base = self._entry_size.size  # the number the next new entry gets
        # One pass of dict lookups, run by ``map`` in C, gives each chunk seen before its entry
        # number and enters the chunks not seen before: ``setdefault`` gives a new chunk the
        # number ``count`` is at, ``base`` plus the position where it first occurs.  (A lookup,
        # then a set of the new chunks and a second lookup of each, cost twice as much where
        # most chunks are new.)
        entries = np.fromiter(
            map(self._chunks.setdefault, chunks, count(base)), np.int64, len(chunks)
        )
        new = np.flatnonzero(entries >= base)
        if new.size:  # learn the new chunks, then number them as their entries
            places = entries[new] - base
            firsts = new[places == new]  # where each new chunk first occurs
            numbers = np.zeros(len(chunks), dtype=np.int64)
            try:
                numbers[firsts] = self._learn(list(map(chunks.__getitem__, firsts.tolist())))
            except BaseException:  # the new chunks are entered with no entry yet
                self._forget()
                raise
            entries[new] = numbers[places]
        return entries

    def _token_codes(self, tokens: list[str]) -> np.ndarray:
        """The code of each token.  A mention or a number as ``_WORDS_RAW`` finds it is
        replaced in ``tokens`` by its placeholder."""
        codes = self._codes
        found = np.fromiter(map(codes.get, tokens, repeat(-1)), np.int64, len(tokens))
        missing = np.flatnonzero(found < 0).tolist()
        if missing:  # each new token's code worked out once, then all filled in by map
            new = set(map(tokens.__getitem__, missing))
            codes.update({token: self._new(token) for token in new})
            found[missing] = list(map(codes.__getitem__, map(tokens.__getitem__, missing)))
        raw = np.flatnonzero(found & _RAW)
        for i in raw.tolist():
            tokens[i] = _placeholder(tokens[i])
        found[raw] &= ~_RAW
        return found

    def _new(self, token: str) -> int:
        """The code of a token not seen before.  The codes the tokenizer starts from
        (:func:`token_codes`) hold every token with more to say than its first letter (the
        placeholders and signs, the cue phrases' words, the vocabulary's words), so a new
        token is a word, a hashtag or neither."""
        placeholder = _placeholder(token)
        if placeholder != token:
            return self._codes[placeholder] | _RAW
        first = token[0]
        return ALPHA if first.isalpha() else HASHTAG if first == "#" else 0

    def _learn(self, chunks: list[str]) -> np.ndarray:
        """Work out what each of ``chunks`` (distinct, not seen before) is: its tokens and their
        codes, an entry; all at once.  A chunk of letters only (most are) is one token, itself,
        whose code is looked up (a new one is a word: ``ALPHA``).  The others are scanned
        joined, and sorted out with numpy.  Gives each chunk's entry number."""
        alpha = booleans(map(str.isalpha, chunks), len(chunks))
        letters = list(compress(chunks, alpha.tolist()))
        codes = self._codes
        numbers = np.empty(len(chunks), dtype=np.int64)
        numbers[alpha] = self._add(
            letters,
            np.ones(len(letters), dtype=np.int64),
            np.fromiter(letters, object, len(letters)),
            np.fromiter(map(codes.get, letters, repeat(ALPHA)), np.int64, len(letters)),
        )
        if len(letters) == len(chunks):
            return numbers
        others = list(compress(chunks, (~alpha).tolist()))
        words = _WORDS_RAW.findall(_without_links(JOIN.join(others)))
        words.append(END)
        found = self._token_codes(words)
        ends = np.flatnonzero(found & ENDS)  # one after each chunk's tokens
        starts = np.zeros(len(others), dtype=np.int64)
        starts[1:] = ends[:-1] + 1
        kept = found & ENDS == 0
        tokens = np.fromiter(compress(words, kept.tolist()), object, int(kept.sum()))
        numbers[~alpha] = self._add(others, ends - starts, tokens, found[kept])
        return numbers

    def _add(
        self, chunks: list[str], sizes: np.ndarray, tokens: np.ndarray, codes: np.ndarray
    ) -> np.ndarray:
        """Remember ``chunks`` as new entries: each one's ``sizes`` tokens, one after the other
        in ``tokens`` and their ``codes``.  Gives the entries' numbers."""
        number = self._entry_first.size
        self._chunks.update(zip(chunks, range(number, number + len(chunks)), strict=True))
        self._entry_first = np.concatenate(
            [self._entry_first, self._part_tokens.size + np.cumsum(sizes) - sizes]
        )
        self._entry_size = np.concatenate([self._entry_size, sizes])
        self._part_tokens = np.concatenate([self._part_tokens, tokens])
        self._part_codes = np.concatenate([self._part_codes, codes])
        return np.arange(number, number + len(chunks))


def booleans(values: Iterator[Any], count: int) -> np.ndarray:
    """``count`` values as a numpy array of booleans (``map`` them in C, and this is fast)."""
    return np.fromiter(map(bool, values), bool, count)


def text_ends(texts: list[str]) -> list[int]:
    """Where each text ends in ``JOIN.join(texts)``, counting the separator after it."""
    lengths = np.fromiter(map(len, texts), np.int64, len(texts)) + len(JOIN)
    return np.cumsum(lengths).tolist()  # type: ignore[no-any-return]


def holding(joined: str, ends: list[int], mark: str | re.Pattern[str]) -> list[int]:
    """The positions of the texts joined in ``joined`` (see :func:`text_ends`) that hold
    ``mark`` (a substring, or a pattern's match), found by scanning the joined texts once: a
    text's first match is enough.  A mark that could span ``JOIN`` may name a text that does not
    hold it alone: use such a mark as a filter before an exact test.  A substring is searched
    for with ``str.find``, much faster than a pattern."""
    found: list[int] = []
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
