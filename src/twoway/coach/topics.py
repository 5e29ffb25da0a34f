"""What an account talks about, and with whom: its topics, the people it talks to and the
sites it links to, from its own posts (bare reposts are someone else's words).

* **topics**: the content words, two-word phrases and hashtags it uses in the most posts, without
  stop words (English, Dutch, German, French, Spanish, Portuguese, Italian: :data:`STOP_WORDS`),
  social-media filler ("today", "link", "order"), common English verbs, adjectives and
  pronouns that name no thing ("feel", "old", "something", past tenses such as "played"), the
  words of answering complaints ("issues", "inconvenience") and the platforms' own names (a card
  says "our {topic}"), words of its own name, words longer than :data:`LONGEST` letters, and
  calendar or engagement hashtags (``#MondayMotivation``).  A hashtag and the same words in the text are one
  topic, and so are a word's singular and plural.  A topic is letters only: a link, a number, a
  mention or a run of Japanese, Chinese or Korean characters never becomes one.  A topic written
  with a capital letter mid-sentence is a *name* (a place, a person, a pet).  A signature that
  closes a post (``^JAY``, ``-Becky``: who answered, as customer-care teams sign) and a word
  with starred-out letters (``h*ckin``) are no topics;
* **people**: the accounts it replies to or names in the most posts (not itself, and not the
  anonymised numeric ids of the customer-conversation CSV);
* **sites**: the domains it links to in the most posts, without its own site (a domain that
  spells its handle, :mod:`twoway.metrics.own_site`), link shorteners and the social platforms.

Everything is counted in posts (a word said three times in one post counts once), most first,
ties in alphabetical order, so the input's order does not matter.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, pairwise, repeat
from operator import attrgetter

from twoway.classifier.features import tokenize
from twoway.classifier.labels import PostLabels
from twoway.classifier.lexicon import STOP_WORDS
from twoway.metrics.own_site import is_own_site, own_name
from twoway.model import Kind, Post

__all__ = [
    "LONGEST",
    "MIN_POSTS",
    "PLATFORM_DOMAINS",
    "RECENT",
    "SHORTENERS",
    "STOP_WORDS",
    "Topic",
    "TopicReading",
    "own_posts",
    "people",
    "sites",
    "topics",
]

MIN_POSTS = 2
"""A topic, person or site must come up in this many posts."""


RECENT = 5000
"""Only the account's most recent this many posts are read: what it talks about now, and a
100,000-post archive costs no more than a year of posting."""


def _words(text: str) -> frozenset[str]:
    """The words of ``text``, split at white space."""
    return frozenset(text.split())


_FILLER: frozenset[str] = _words(
    """
    new today tomorrow tonight yesterday week weeks weekend weekends weekly day days daily
    morning mornings afternoon evening night time times year years month months hour hours minute
    minutes soon back less full list blog post posts link links read click check open opening
    opens closed close free sale order orders ordering book booking bookings buy shop online
    follow like likes share retweet thanks thank please sorry welcome hello happy great good best
    better nice lovely love loved amazing awesome perfect fresh first last next little lot lots big
    small everyone anyone someone everybody people thing things way make made get getting going
    come coming see look looking find know think want need help keep give take update updates
    news info details here also really yes okay ready available right well sure glad hope
    monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays
    fridays saturdays sundays january february march april june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec http https www com org net
    amp utm html php rt dm pm usual usually again always never another only off via home
    special specials deal deals offer offers discount price prices pre non mid anti multi semi
    sub self
    vandaag morgen nieuw nieuwe heute morgen neu neue aujourd demain nouveau nouvelle hoy mañana
    nuevo nueva hoje amanhã novo nova oggi domani nuovo nuova
    """
)
"""Social-media filler and calendar words: frequent in posts, never a topic."""

_NOT_THINGS: frozenset[str] = _words(
    """
    something anything nothing everything somewhere anywhere nowhere everywhere somebody nobody
    guys folks hey hola hiya pls plz thx tho though although maybe perhaps probably definitely
    certainly actually basically literally quite rather pretty super totally entirely incredibly
    currently recently finally already almost enough instead around away since far ago later
    able sure real true whole entire different same certain current additional personal old young
    long short high low bad worse worst bigger biggest rare usual special
    use uses used using try tries tried trying feel feels felt feeling seem seems seemed say says
    said saying tell tells told telling ask asks asked asking hear heard hearing mean means meant
    meet meets met send sends sending sent provide provides provided providing suggest suggests
    suggested assist assists assisted assisting reach reaches reached reaching connect connects
    connected confirm confirmed verify verified continue continued continuing clarify apologize
    apologise apologies appreciate appreciated happen happens happened happening wait
    waiting waited stop stopped stopping start started starting want wants wanted wanting loves
    enjoy enjoyed enjoying looks looked thought thinks knew known found gave given took taken
    went gone came comes goes doing done did made makes making keeps kept let lets put puts
    turned turn turns pass passed spoke visit visited arrived received receive referring located
    checking experiencing following navigate join allow allows allowed unable due closer else
    unfortunately hopefully kindly nicely
    understand understood recommend recommended associate associated advise advised resolve
    resolved
    issue issues problem problems inconvenience frustration frustrations trouble troubles concern
    concerns concerning message messages dms information assistance private direct secure
    matter mind
    life world stuff
    favor gracias mensaje mensajes directo directos siguenos síguenos
    twitter tweet tweets facebook instagram mastodon toot toots bluesky linkedin tiktok youtube
    whatsapp
    """
)
"""Verbs, adjectives and pronouns that a conversation starter cannot make a thing of ("our
something", "team feel or team old", "our provide"); the words of answering a complaint, which
customer-care accounts use most ("our understand", "What would make our issues even better?",
"our private message", in English and Spanish); nouns too vague to ask about ("Poll: bike or
life?"); and the platforms themselves ("your favourite memory of Twitter")."""

LONGEST = 30
"""A word longer than this is no topic (a run of letters with no space, a pasted code)."""

_GENERIC_HASHTAGS: frozenset[str] = _words(
    """
    mondaymotivation motivationmonday mondaymood mondayvibes tuesdaytip transformationtuesday
    wednesdaywisdom wisdomwednesday humpday thursdaythoughts throwbackthursday tbt
    followfriday ff fridayfeeling friyay flashbackfriday fbf saturdayvibes caturday sundayfunday
    selfcaresunday weekendvibes weekend mood vibes goodvibes nofilter instagood instadaily
    photooftheday picoftheday love repost giveaway competition contest win winner ad ads
    sponsored promo sale follow followme like likeforlike followback smallbusiness smallbiz
    shopsmall shoplocal supportlocal supportsmallbusiness business marketing socialmedia foodie
    foodporn yummy delicious instafood treat new news blog
    """
)
"""Calendar, engagement and campaign hashtags: they say when or why a post went out, not what
it is about."""

SHORTENERS: frozenset[str] = _words(
    """
    bit.ly t.co ow.ly buff.ly tinyurl.com goo.gl dlvr.it ift.tt is.gd lnkd.in fb.me trib.al
    wp.me j.mp su.pr shar.es tiny.cc rebrand.ly cutt.ly t.ly s.id amzn.to spoti.fi apple.co
    linktr.ee bl.ink hubs.ly mailchi.mp eepurl.com po.st snip.ly
    """
)
"""Link shorteners: the site behind them is unknown."""

PLATFORM_DOMAINS: frozenset[str] = _words(
    """
    twitter.com x.com mobile.twitter.com pic.twitter.com bsky.app bsky.social mastodon.social
    instagram.com facebook.com m.facebook.com threads.net linkedin.com tiktok.com
    """
)
"""The social platforms themselves: a link there is a post or a profile, not a site."""

_TAGS = r"[@＠]\w+(?:@[\w.-]*\w)?|[#＃]\w+"
_STRIP = re.compile(
    r"https?://\S+|www\.\S+"
    r"|(?<![\w@.])[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?(?!\w)"  # a bare domain
    r"|" + _TAGS,
    re.IGNORECASE,
)
"""Links, bare domains, mentions and hashtags: cut out of the text before words are read."""
_SIGN_OFF = re.compile(
    r"(?:\A|\s|(?<=[!.?,)]))(?:\^|[-~*–—])\s?[^\W\d_]{1,20}(?:\s+https?://\S+)*[\s.]*\Z"
)
"""A signature closing a post: ``^JAY``, ``-Becky``, ``*TN``, ``~Sam``, ``see you!- Anwar``,
``^Jeff https://t.co/…`` (the initials or first name of whoever answered, as customer-care teams
sign their replies, maybe before a link): no topic of the account."""
_SIGN_OFF_TAIL = 80
"""The end of a post that can hold a sign-off (a marker, a name of up to 20 letters, a link or
two)."""
_SIGN_MARKS = frozenset("^-~*–—")
_CENSORED = re.compile(r"[^\W\d_]+\*+[^\W\d_]+")
"""A word with letters starred out (``h*ckin``): read as words, its pieces (``ckin``) are none."""
_STRIP_TAGS = re.compile(_TAGS)
""":data:`_STRIP` for a text without ``.`` and ``:``, which has no link: its mentions and
hashtags.  Four times quicker, as it does not try a domain at every word."""
_TAGGED = re.compile(r"[@＠#＃]")
"""A text without these has no mention or hashtag either."""
_CLAUSE = re.compile(r"([\W\d](?:(?<=[^\w\s'’-])[^\w\s'’-]*|(?<=\s)[-–—]+\s|(?<=\d)\d*))")
"""What ends a run of words: punctuation, symbols and emoji (``[^\\w\\s'’-]+``), a spaced dash
(``\\s[-–—]+\\s``), a number (``\\d+``).  Written to start with one set of characters, the
first character of all three, and then to go on as the one that character starts: the regular
expression engine then skips to the next such character in one step, instead of trying three
alternatives at every letter (a third quicker).  Its ``split()`` keeps them, between the runs:
the last character of one says whether the word after it is inside a sentence."""
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")
_HANDLE = re.compile(
    r"[A-Za-z0-9_]{1,30}(?:@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?|[a-z0-9-]+(?:\.[a-z0-9-]+)+"
)
_DOMAIN = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_SENTENCE_GAP = frozenset(",'’-&/")
"""Characters after which a capital letter still means a name (not a new sentence)."""
_NOT_PLAIN = re.compile(
    r"[\u0900-\u0dff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7afİΣ]"
)
"""What :func:`~twoway.classifier.tokens.tokenize` reads otherwise than as the words of
:data:`_WORD` in lower case: Indic, Thai, Japanese, Chinese and Korean letters (their own
patterns), ``İ`` (lower case, two characters: ``i`` and a dot that ends a word) and ``Σ`` (lower
case ``σ`` or ``ς`` by what follows it).  Every other character's lower case is one character
of the same kind (letter, digit, space or other), so lower-casing a clause and then finding its
words is the same as finding its words and lower-casing each."""


# -- topics ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Topic:
    """A subject the account posts about."""

    key: str
    """Lower-case words, singular where the account writes both forms: ``cinnamon bun``."""
    text: str
    """As a card writes it: ``cinnamon buns``, ``Millbrook``, ``#pumpkinspice``."""
    label: str
    """As ``based_on`` names it: ``#sourdough`` or ``“pumpkin loaf”``."""
    posts: int
    """How many of the account's posts it comes up in."""
    name: bool = False
    """A proper name (written with a capital letter mid-sentence)."""


def _content(token: str, own: str) -> bool:
    """Whether a lower-case token can be (part of) a topic: not a word of :data:`STOP_WORDS`,
    :data:`_FILLER` or :data:`_NOT_THINGS`, nor a past tense ("played", "associated": "our
    played" is no thing; "seed" and short words such as "red" or "baked" stay)."""
    return (
        3 <= len(token) <= LONGEST
        and token.isalpha()
        and _CJK.search(token) is None
        and token not in STOP_WORDS
        and token not in _FILLER
        and token not in _NOT_THINGS
        and not (len(token) >= 4 and token in own)
        and not (len(token) >= 6 and token.endswith("ed") and not token.endswith("eed"))
    )


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ves")):
        return word[:-1]
    return word


def _handle_of(labels: Sequence[PostLabels]) -> str:
    counts = Counter([item.post.account for item in labels])
    return min(counts, key=lambda handle: (-counts[handle], handle)) if counts else ""


_RECENCY = attrgetter("post.created_at", "post.id")


def own_posts(labels: Sequence[PostLabels]) -> list[PostLabels]:
    """The account's own posts (not bare reposts), the :data:`RECENT` most recent of them: what
    :func:`topics`, :func:`people` and :func:`sites` read.  Giving them this list instead of all
    the labels gives the same result without choosing the posts again."""
    repost = Kind.REPOST  # a local name: looked up once, not once per post
    own = [item for item in labels if item.post.kind is not repost]
    if len(own) <= RECENT:
        return own
    # Only posts from the RECENT-th latest time on can be among the RECENT latest.  Sorting the
    # times alone is quick (an archive comes in time order, which sorting sees in one pass),
    # and it leaves the heap a few more than RECENT posts, instead of a replacement for every
    # post of an archive in time order.
    times = [item.post.created_at for item in own]
    since = sorted(times)[-RECENT]
    recent = list(compress(own, map(since.__le__, times)))
    return heapq.nlargest(RECENT, recent, key=_RECENCY)


@dataclass(slots=True)
class _Tally:
    posts: set[int]
    tag_posts: set[int]
    forms: Counter[str]
    """How the words were written (``Millbrook``, ``cinnamon buns``)."""


class _Kept(dict[str, str]):
    """Each token as itself when it can be (part of) a topic, else as ``""``; decided once per
    distinct token.  A dict with ``__missing__`` lets ``map(kept.__getitem__, tokens)`` look up
    a post's tokens in C: only a token never met before costs a Python call."""

    def __init__(self, own: str) -> None:
        super().__init__()
        self.own = own

    def __missing__(self, token: str) -> str:
        kept = self[token] = token if _content(token, self.own) else ""
        return kept


_INSIDE = re.compile(r"(?:\A|[^\w\s,'’&/-]|_)\s*" + _WORD.pattern + r"|\s*(" + _WORD.pattern + ")")
"""The words of a text (as :data:`_WORD` finds them), the one after a character of
:data:`_SENTENCE_GAP`, a digit or a letter (white space between) captured, the one that starts
the text or comes after another character not.  One scan in C finds the character before each
word, which a scan back over the white space in Python did per word."""


class _Reader:
    """Counts, over the account's own posts, the posts each word, phrase and hashtag is in, and
    how often each word is capitalised where a sentence does not start."""

    def __init__(self, own: str) -> None:
        self.own = own
        self._kept = _Kept(own)
        # Each use of a word, phrase or hashtag: its key, how it was written, and the post it is
        # in, as three parallel lists; and the words met inside a sentence, and those of them
        # capitalised.  :meth:`count` counts them once, at the end: appending to lists is much
        # cheaper than updating sets and Counters for each use.
        self._keys: list[str] = []
        self._forms: list[str] = []
        self._at: list[int] = []
        self._tagged: list[tuple[str, int]] = []
        self._inside: list[str] = []
        self._capital: list[str] = []
        self.tallies: dict[str, _Tally] = {}
        self.capital: Counter[str] = Counter()
        self.inside: Counter[str] = Counter()

    def read(self, index: int, post: Post) -> None:
        text = _without_signature(post.text)
        if "*" in text:
            text = _CENSORED.sub(" | ", text)
        # Many posts have no link, or nothing to cut out: a search for a character is much
        # cheaper than trying the five patterns of _STRIP at every position.
        if "." in text or ":" in text:
            clean = _STRIP.sub(" | ", text)
        elif _TAGGED.search(text):
            clean = _STRIP_TAGS.sub(" | ", text)
        else:
            clean = text
        plain = clean.isascii() or _NOT_PLAIN.search(clean) is None
        # A clause holds letters, white space, apostrophes, hyphens and underscores only (the
        # rest ends it): without the last three, its words are what split() finds, in C.
        spaced = not ("'" in clean or "’" in clean or "-" in clean or "_" in clean)
        # The words that do not start a sentence, as written.  A clause without the three is
        # letters and white space: each word but its first comes after a letter, and the first
        # after the clause's separator, so _INSIDE's scan of the text is needed for the rest only.
        inside: list[str] = []
        if not spaced:
            inside = [word for word in _INSIDE.findall(clean) if word]
        keys, forms = self._keys, self._forms
        before = len(keys)
        pieces = _CLAUSE.split(clean)  # clause, separator, clause, …, clause
        for at in range(0, len(pieces), 2):
            clause = pieces[at]
            words = clause.split() if spaced else _WORD.findall(clause)
            if not words:  # no letters, so no topic (half the clauses: around " | ")
                continue
            if spaced:
                inside += words if at and _in_sentence(pieces[at - 1]) else words[1:]
            lowered = list(map(str.lower, words))
            # In plain text the tokenizer's words are the clause's words in lower case, as
            # _NOT_PLAIN says: the tokenizer's several passes are needed for the rest only.
            source = lowered if plain else tokenize(clause.lower())
            tokens = list(map(self._kept.__getitem__, source))
            used = list(filter(None, tokens))
            if not used:
                continue
            # As the clause writes each word (the last time, where it writes it twice).
            written = dict(zip(lowered, words, strict=True))
            keys += used
            forms += map(written.get, used, used)
            for first, second in pairwise(tokens):
                if first and second:
                    keys.append(f"{first} {second}")
                    forms.append(f"{written.get(first, first)} {written.get(second, second)}")
        for tag in post.hashtags:
            lower = tag.lower()
            if (
                3 <= len(lower) <= LONGEST
                and lower.isalpha()
                and lower not in _GENERIC_HASHTAGS
                and not _CJK.search(lower)
                and not (lower in self.own or self.own in lower)
            ):
                keys.append(f"#{lower}")
                forms.append(f"#{tag}")
                self._tagged.append((f"#{lower}", index))
        self._at += repeat(index, len(keys) - before)
        self._cases(inside)

    def count(self) -> None:
        """Count what :meth:`read` met, once all the posts are read: ``tallies`` (the posts
        each word, phrase and hashtag is in, and how it was written), ``capital`` and
        ``inside``."""
        posts: defaultdict[str, set[int]] = defaultdict(set)
        for key, index in zip(self._keys, self._at, strict=True):
            posts[key].add(index)
        self.tallies = {key: _Tally(at, set(), Counter()) for key, at in posts.items()}
        for key, index in self._tagged:
            self.tallies[key].tag_posts.add(index)
        # Counted in C, each (key, form) pair at once; then one Python step per distinct pair.
        for (key, form), uses in Counter(zip(self._keys, self._forms, strict=True)).items():
            self.tallies[key].forms[form] = uses
        self.inside = Counter(self._inside)
        self.capital = Counter(self._capital)

    def _cases(self, inside: list[str]) -> None:
        """Count capitals of the words of a post that do not start a sentence (``inside``, as
        written); skip title-cased text (a copied page title capitalises every word)."""
        upper = [word for word in inside if word[0].isupper()]
        if inside and len(upper) * 2 >= len(inside):
            return
        self._inside += map(str.lower, inside)
        self._capital += map(str.lower, upper)

    def is_name(self, word: str) -> bool:
        seen = self.inside[word]
        return seen > 0 and self.capital[word] * 5 >= seen * 3


def _without_signature(text: str) -> str:
    """``text`` without a sign-off at its end (:data:`_SIGN_OFF`).  Most posts end without a
    marker near the end, which a look at the last characters tells without a regular expression."""
    tail = text[-_SIGN_OFF_TAIL:]
    if _SIGN_MARKS.isdisjoint(tail):
        return text
    found = _SIGN_OFF.search(tail)
    if found is None:
        return text
    start = len(text) - len(tail) + found.start()
    before = text[start - 1] if start else " "
    if (
        found.start() == 0
        and not text[start].isspace()
        and not (before.isspace() or before in "!.?,)")
    ):
        return text  # the tail cut a word, and the marker is inside it
    return text[:start]


def _in_sentence(separator: str) -> bool:
    """Whether a word after ``separator`` (a match of :data:`_CLAUSE`) is inside a sentence:
    after a digit or a character of :data:`_SENTENCE_GAP`."""
    last = separator.rstrip()[-1]
    return last.isalnum() or last in _SENTENCE_GAP


def _ranked(counter: Counter[str]) -> list[str]:
    """The keys of ``counter``, most counted first, ties in code-point order (not in the order
    they were met, so the input's order does not matter)."""
    return sorted(counter, key=lambda key: (-counter[key], key))


def _split_tag(tag: str, words: set[str]) -> list[str] | None:
    """The words of a hashtag: by its capitals (``CinnamonBuns``), or, all lower case, as two
    words the account also writes (``cinnamonbuns``)."""
    parts = _CAMEL.findall(tag)
    if len(parts) > 1 and "".join(parts) == tag:
        return [part.lower() for part in parts]
    lowered = tag.lower()
    for cut in range(3, len(lowered) - 2):
        if lowered[:cut] in words and lowered[cut:] in words:
            return [lowered[:cut], lowered[cut:]]
    return None


class TopicReading:
    """The words, phrases and hashtags of an account's own posts (:func:`own_posts`), read once,
    for the topics of all of them and of some of them."""

    def __init__(self, labels: Sequence[PostLabels]) -> None:
        self.own = own_posts(labels)
        self._reader = _Reader(own_name(_handle_of(labels)))
        for index, item in enumerate(self.own):
            self._reader.read(index, item.post)
        self._reader.count()

    def topics(
        self, *, min_posts: int = MIN_POSTS, among: Callable[[PostLabels], bool] | None = None
    ) -> list[Topic]:
        """The topics, most posts first (ties alphabetically).  With ``among``, the topics as
        they come up in the posts it accepts (``posts`` counts those); their wording (``text``,
        ``label``, ``name``) still comes from all the posts read, as the account usually
        writes it."""
        tallies = self._reader.tallies
        if among is not None:
            only = {index for index, item in enumerate(self.own) if among(item)}
            tallies = {
                key: _Tally(tally.posts & only, tally.tag_posts & only, tally.forms)
                for key, tally in tallies.items()
                if not tally.posts.isdisjoint(only)
            }
        return _found(self._reader, tallies, min_posts)


def topics(labels: Sequence[PostLabels], *, min_posts: int = MIN_POSTS) -> list[Topic]:
    """The account's topics from its own posts, most posts first (ties alphabetically)."""
    return TopicReading(labels).topics(min_posts=min_posts)


def _found(reader: _Reader, tallies: Mapping[str, _Tally], min_posts: int) -> list[Topic]:
    """The topics of the words, phrases and hashtags counted in ``tallies``."""
    words = {key for key in tallies if " " not in key and not key.startswith("#")}

    # One entry per topic: a hashtag joins the words it spells, plurals join their singular.
    merged: dict[str, _Tally] = {}
    for key, tally in tallies.items():
        if key.startswith("#"):
            split = _split_tag(_ranked(tally.forms)[0][1:], words)
            parts = split if split is not None else [key[1:]]
        else:
            parts = key.split()
        if len(parts) > 2 or not all(_content(part, reader.own) for part in parts):
            continue
        target = " ".join([*parts[:-1], _singular(parts[-1])])
        into = merged.get(target)
        if into is None:
            merged[target] = _Tally(set(tally.posts), set(tally.tag_posts), Counter(tally.forms))
        else:
            into.posts |= tally.posts
            into.tag_posts |= tally.tag_posts
            into.forms.update(tally.forms)

    # A word used mostly inside one phrase is that phrase ("cinnamon" in "cinnamon buns").
    phrases = {key: tally for key, tally in merged.items() if " " in key}
    for key, tally in phrases.items():
        if len(tally.posts) < min_posts:
            continue
        for part in {key.split()[0], _singular(key.split()[1])}:
            single = merged.get(part)
            if single is not None and len(tally.posts) * 5 >= len(single.posts) * 3:
                single.posts = set()

    found = []
    for key, tally in merged.items():
        if len(tally.posts) < min_posts:
            continue
        if " " in key and not _phrase_ok(key, tally, merged):
            continue
        found.append(_topic(key, tally, reader))
    found.sort(key=lambda topic: (-topic.posts, topic.key))
    return found


def _phrase_ok(key: str, tally: _Tally, merged: Mapping[str, _Tally]) -> bool:
    """A two-word phrase is a topic when it is not a chance neighbourhood: it makes up at least
    a third of the uses of its rarer word."""
    first, second = key.split()
    counts = [len(merged[w].posts) for w in (first, second) if w in merged and merged[w].posts]
    return not counts or len(tally.posts) * 3 >= min(counts)


def _topic(key: str, tally: _Tally, reader: _Reader) -> Topic:
    tagged = len(tally.tag_posts) * 2 > len(tally.posts)
    forms = _ranked(tally.forms)
    written = [form for form in forms if not form.startswith("#")]
    tags = [form[1:] for form in forms if form.startswith("#")]
    name = all(reader.is_name(word) for word in key.split())
    if name:
        capitals = [form for form in written if form[:1].isupper()]
        text = (capitals or written or [key])[0]
    elif written:
        # A thing is written in lower case, as the account most often writes it, unless it is
        # never written in lower case ("Christmas" only ever starting a sentence).
        capitalised = all(form[:1].isupper() for form in written) and all(
            reader.capital[word] == reader.inside[word] for word in key.split()
        )
        text = written[0] if capitalised else written[0].lower()
    else:
        # Only ever a hashtag: its words when they can be told apart, else the tag itself.
        form = tags[0]
        parts = _CAMEL.findall(form)
        text = " ".join(parts).lower() if len(parts) > 1 and "".join(parts) == form else f"#{form}"
    label = f"#{tags[0]}" if tagged and tags else f"“{text}”"
    return Topic(key=key, text=text, label=label, posts=len(tally.posts), name=name)


# -- people and sites --------------------------------------------------------------------------


def people(labels: Sequence[PostLabels], *, min_posts: int = MIN_POSTS) -> list[tuple[str, int]]:
    """The accounts the account replies to or names, with the number of its own posts that do,
    most first (ties alphabetically); never itself, nor an id that is no handle."""
    own = {handle.lower().lstrip("@") for handle in {item.post.account for item in labels}}
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for item in own_posts(labels):
        post = item.post
        named = list(post.mentions)
        if post.kind is Kind.REPLY and post.reply_to_account:
            named.append(post.reply_to_account)
        seen = set()
        for handle in named:
            handle = handle.lstrip("@")
            key = handle.lower()
            if key in own or key in seen or not _valid_handle(handle):
                continue
            seen.add(key)
            counts[key] += 1
            forms[key][handle] += 1
    ranked = sorted(counts, key=lambda key: (-counts[key], key))
    return [(_ranked(forms[key])[0], counts[key]) for key in ranked if counts[key] >= min_posts]


def _valid_handle(handle: str) -> bool:
    return (
        _HANDLE.fullmatch(handle) is not None
        and not handle.split("@")[0].isdigit()  # anonymised customer ids (twcs) are numbers
        and not handle.startswith("did:")
    )


def sites(labels: Sequence[PostLabels], *, min_posts: int = MIN_POSTS) -> list[tuple[str, int]]:
    """The sites the account links to, with the number of its own posts that link there, most
    first (ties alphabetically); without its own site, link shorteners and social platforms."""
    handles = {item.post.account.lower() for item in labels}
    counts: Counter[str] = Counter()
    for item in own_posts(labels):
        domains = {link.domain for link in item.post.links if link.post_id is None}
        for domain in domains:
            domain = domain.lower()
            if (
                _DOMAIN.fullmatch(domain) is None
                or domain in SHORTENERS
                or domain in PLATFORM_DOMAINS
                or any(is_own_site(domain, handle) for handle in handles)
            ):
                continue
            counts[domain] += 1
    ranked = sorted(counts, key=lambda domain: (-counts[domain], domain))
    return [(domain, counts[domain]) for domain in ranked if counts[domain] >= min_posts]
