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

:class:`Extracted` keeps, beside the features, what explanations and flags need (which cue phrase
matched, how many words are the author's own).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from twoway.classifier.lexicon import (
    CJK_CUES,
    CUES,
    INTERROGATIVES,
    QUESTION_PARTICLES,
    SECOND_PERSON,
)
from twoway.model import Kind, Post

__all__ = ["AUTOMATION_CLIENTS", "Extracted", "extract", "tokenize"]

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SPACELESS = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
"""Scripts written without spaces between words (Thai, Japanese, Chinese, Korean runs): their
cue phrases are matched as substrings."""
_QUESTION = frozenset("?？")
_QUOTE_OPEN = ('"', "“", "«", "„", "'", "‘", "「")
_ATTRIBUTION = re.compile(r"(?:^|\s)[-–—―~]\s?[A-Z][\w.' ]{1,40}$|\(\s?[A-Z][\w.' ]{1,40}\)$")

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


class _PhraseIndex:
    """Cue phrases by their first two tokens, so that finding every cue in a post costs one set
    lookup per token, and a dict lookup only where a phrase can start."""

    def __init__(self, phrases: dict[str, tuple[str, ...]]) -> None:
        self.single: dict[str, str] = {}
        self.multi: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
        for cue, items in phrases.items():
            for phrase in items:
                words = tuple(tokenize(phrase.lower().replace("<num>", "1")))
                if len(words) == 1:
                    self.single.setdefault(words[0], cue)
                elif words:
                    self.multi.setdefault((words[0], words[1]), []).append((words, cue))
        for entries in self.multi.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        self.starts = frozenset(self.single) | {pair[0] for pair in self.multi}

    def find(self, tokens: list[str], cues: dict[str, str]) -> None:
        """Add every cue found in ``tokens`` to ``cues`` (cue -> the phrase as matched)."""
        starts = self.starts
        count = len(tokens)
        for position in [i for i, token in enumerate(tokens) if token in starts]:
            token = tokens[position]
            if position + 1 < count:
                for words, cue in self.multi.get((token, tokens[position + 1]), ()):
                    if cue not in cues and tuple(tokens[position : position + len(words)]) == words:
                        cues[cue] = " ".join(words).replace("<num>", "N")
            single = self.single.get(token)
            if single is not None and single not in cues:
                cues[single] = token


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


def tokenize(lowered: str) -> list[str]:
    """Tokens of lower-cased text, links/mentions/numbers normalised (``<url>``, ``<@>``,
    ``<num>``), CJK runs split into character pairs.  The normalising is done by regular
    expressions over the whole text (C code), not token by token."""
    return _tokenize(lowered)[0]


def _tokenize(lowered: str) -> tuple[list[str], bool]:
    """The tokens, and whether the text has letters of a script beyond the Latin, Greek,
    Cyrillic, Hebrew and Arabic ones (Indic, Thai, CJK): only those need the slower paths."""
    text = lowered.replace("’", "'")
    if "http" in text or "www." in text:
        text = _URLS.sub(" <url> ", text)
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


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f"{edges[-1]}+"


def extract(post: Post) -> Extracted:
    """The features of ``post``."""
    text = post.text
    lowered = text.lower()
    tokens, special = _tokenize(lowered)
    out = Extracted(features=[], tokens=tokens)
    features = out.features
    append = features.append

    # Words, and the first word (list operations: this runs for every post).  Word pairs were
    # tried and dropped: they did not help on held-out accounts (docs/accuracy.md).
    features.extend(tokens)
    features.append("\x03 " + tokens[0] if tokens else "\x03")
    leading = 0
    for token in tokens:
        if token != "<@>":
            break
        leading += 1
    out.hashtags = hashtags = sum([t[0] == "#" for t in tokens])
    out.own_words = own = sum([t[0].isalpha() for t in tokens])
    out.body_mentions = body_mentions = tokens.count("<@>") - leading

    # Cues.
    cues = out.cues
    _CUE_INDEX.find(tokens, cues)
    if special and _SPACELESS.search(text):
        if _CJK_DATE.search(text):
            cues["date"] = "date"
        for cue, items in CJK_CUES.items():
            if cue not in cues:
                for phrase in items:
                    if phrase in text:
                        cues[cue] = phrase
                        break
    kind = post.kind
    kind_name = "\x02" + kind.value
    for cue in cues:
        append("\x01" + cue)
        append(kind_name + "&" + cue)

    # Structure.
    append("\x02kind=" + kind.value)
    has_link = bool(post.links) or "<url>" in tokens
    out.has_link = has_link
    if has_link:
        append("\x02link")
        append(kind_name + "&link")
    append("\x02own_words=" + _bucket(own, (0, 3, 9, 20)))
    if _HEADING.match(text):
        append("\x02heading")
    append("\x02hashtags=" + _bucket(hashtags, (0, 1, 2, 4)))
    append("\x02mentions=" + _bucket(body_mentions, (0, 1, 2)))
    if lowered.startswith("@"):
        append("\x02starts_mention")
    marks = tokens.count("?") + tokens.count("？")
    out.question_marks = marks
    if marks:
        append("\x02qmark")
        append(kind_name + "&qmark")
        tail = [t for t in tokens if t != "<url>" and t[0] != "#" and t != "<@>"]
        if tail and tail[-1] in _QUESTION:
            out.ends_with_question = True
            append("\x02qmark_end")
            if tokens[-1] == "<url>":
                append("\x02qmark_then_link")
        out.rhetorical = _question_sentence(lowered, append, special)
    if marks > 2:
        append("\x02qmarks=3+")
    if "?!" in text or "!?" in text:
        append("\x02interrobang")
    if "!" in tokens or "！" in tokens:
        append("\x02excl")
    if not _MONEY.isdisjoint(tokens):
        append("\x02money")
    if "info_noun" in cues and not _INFO_ASKS.isdisjoint(cues):
        append("\x02asks_detail")
    stripped = text.lstrip()
    attributed = _ATTRIBUTION.search(text[-64:].rstrip())
    if stripped.startswith(_QUOTE_OPEN) or attributed:
        append("\x02quoted")
        if attributed:
            append("\x02attributed")
    if text.count("\n") >= 3 and not has_link and _verse(text):
        append("\x02verse")
    if post.media_count:
        append("\x02media")
    if post.client and post.client.lower() in AUTOMATION_CLIENTS:
        append("\x02auto_client")
    if kind is Kind.REPLY and post.reply_to_account and post.reply_to_account in post.mentions[1:]:
        append("\x02cc")
    return out


def _question_sentence(lowered: str, append: Callable[[str], None], special: bool) -> bool:
    """Features of the sentence that ends in the last question mark: whether it opens with a
    question word or carries a question particle (in any language of the lexicon), whether it
    addresses the reader, and whether it opens like a rhetorical or headline question (returned,
    and a feature)."""
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
    if (
        (words and words[0] in INTERROGATIVES)
        or not QUESTION_PARTICLES.isdisjoint(words)
        or sentence.rstrip().endswith(_CJK_QUESTION_ENDS)
    ):
        append("\x02ask_word")
    if not SECOND_PERSON.isdisjoint(words):
        append("\x02ask_you")
    rhetorical = any(
        tuple(words[: len(phrase)]) == phrase
        for phrase in _RHETORIC.get(words[0] if words else "", ())
    ) or sentence.lstrip().startswith(_CJK_RHETORIC)
    if rhetorical:
        append("\x02rhetorical")
    return rhetorical


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


_CUE_INDEX = _PhraseIndex(CUES)
_RHETORIC = _openings(CUES["rhetoric"])
"""Rhetorical and headline openings of a question ("did you know", "who doesn't")."""
_CJK_RHETORIC = tuple(CJK_CUES["rhetoric"])
