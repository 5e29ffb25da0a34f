"""Labelling posts by CODEBOOK.md: kind (from metadata), intent (one of six), and six flags.

Intent and ``asks_question`` come from two linear models over the features of
:mod:`twoway.classifier.features` (words, multilingual cue phrases, emoji, structure),
trained by ``scripts/train_classifier.py`` on hand-labelled posts and written texts
(docs/accuracy.md).  Their weights ship in the package (``model.npz``, no pickle); nothing is
downloaded.  The other flags are rules (:mod:`twoway.classifier.flags`).  Posts are classified in
batches: features are looked up in the model's vocabulary and scored with one numpy reduction per
batch, and each post's strongest features (what its explanation cites) are found with one sort
of packed ints per batch.

The order is fixed, so that labels do not depend on how a set or a hash happens to list things:
each post's feature weights are summed in ascending feature index (the vocabulary's order), and
among features of equal weight an explanation cites the one of lower feature index first.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from contextlib import nullcontext
from datetime import date
from functools import lru_cache
from importlib import resources
from itertools import compress, pairwise, repeat
from operator import attrgetter, is_, methodcaller
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from twoway.allocation import bulk_allocation
from twoway.classifier import flags
from twoway.classifier.features import KINDS, Batch, Extracted, FeatureIndex, Reader
from twoway.classifier.labels import FLAGS, INTENTS, Label, PostLabels
from twoway.classifier.lexicon import CUE_SAYS, INTERROGATIVES, STOP_WORDS
from twoway.drafts import draft_post
from twoway.model import Kind, Post

__all__ = [
    "FLAGS",
    "INTENTS",
    "Label",
    "Model",
    "PostLabels",
    "classify",
    "classify_texts",
    "describe_feature",
]

MODEL_FILE = "model.npz"
CONVERSATION = INTENTS.index("conversation")
_SELLING = frozenset({"promo", "invite", "follow"})
_HELPING = frozenset({"dm", "ask_info", "request", "ask_opinion", "info_noun"})
"""Cues of a reply that talks with the customer (asks, requests a detail, offers a DM): such a
reply does not *only* promote, whatever offer it names."""
PROMOTION = INTENTS.index("promotion")
QUOTE = INTENTS.index("quote")


class Model:
    """The trained weights: a vocabulary of features, a softmax layer for intent and a logistic
    one for ``asks_question``."""

    def __init__(
        self,
        vocabulary: Sequence[str],
        intent_weights: np.ndarray,
        intent_bias: np.ndarray,
        question_weights: np.ndarray,
        question_bias: float,
        classes: Sequence[str] = INTENTS,
    ) -> None:
        self.vocabulary = list(vocabulary)
        self.features = FeatureIndex(self.vocabulary)
        self.index = self.features.index
        self.classes = tuple(classes)
        self.intent_weights = np.ascontiguousarray(intent_weights, dtype=np.float64)
        self.intent_columns = np.ascontiguousarray(self.intent_weights.T)
        """The intent weights class by class (classes x features), for :meth:`scores`."""
        self.intent_bias = np.asarray(intent_bias, dtype=np.float64)
        self.question_weights = np.asarray(question_weights, dtype=np.float64)
        self.question_bias = float(question_bias)
        # How much a feature speaks for each class over the others: what explanations cite.
        self.intent_lift = self.intent_weights - self.intent_weights.mean(axis=1, keepdims=True)
        # Only features worth citing compete for a post's few cited places: a function word or
        # a question mark that weighs much would take a place and then be skipped.
        citable = np.array([_citable(feature) for feature in self.vocabulary], dtype=bool)
        self.intent_places = places(np.where(citable[:, None], self.intent_lift, 0.0))
        self.question_places = places(np.where(citable, self.question_weights, 0.0))
        """The :func:`places` of the weights explanations cite."""

    @classmethod
    def load(cls, path: Any = None) -> Model:
        """The model shipped in the package, or the one at ``path``."""
        source = path or resources.files("twoway.classifier").joinpath(MODEL_FILE)
        opened = resources.as_file(source) if path is None else nullcontext(path)
        with opened as file, np.load(file, allow_pickle=False) as data:
            vocabulary = bytes(data["vocabulary"]).decode("utf-8").split("\n")
            classes = bytes(data["classes"]).decode("utf-8").split("\n")
            return cls(
                vocabulary,
                data["intent_weights"],
                data["intent_bias"],
                data["question_weights"],
                float(data["question_bias"][0]),
                classes,
            )

    def save(self, path: Any) -> None:
        """Write the weights as a compressed ``.npz`` (no pickled objects)."""
        np.savez_compressed(
            path,
            vocabulary=np.frombuffer("\n".join(self.vocabulary).encode("utf-8"), dtype=np.uint8),
            classes=np.frombuffer("\n".join(self.classes).encode("utf-8"), dtype=np.uint8),
            intent_weights=self.intent_weights.astype(np.float32),
            intent_bias=self.intent_bias.astype(np.float32),
            question_weights=self.question_weights.astype(np.float32),
            question_bias=np.array([self.question_bias], dtype=np.float32),
        )

    def top_features(
        self,
        flat: np.ndarray,
        offsets: np.ndarray,
        places: np.ndarray,
        classes: np.ndarray | None = None,
        k: int = 3,
        wanted: np.ndarray | None = None,
    ) -> list[list[int]]:
        """For each post, up to ``k`` of its features that speak most for its label (weigh more
        than 0.05), strongest first, equals in the order of ``flat``: with the features of
        :meth:`~twoway.classifier.features.Batch.feature_ids` (each post's ascending), the lower
        feature index first.  ``places`` are the :func:`places` of the weights read: a vector
        (one per feature) or a features x classes matrix, read in the column of each post's
        class in ``classes``.  Only the posts ``wanted`` (booleans) are looked at, if given: the
        others get none."""
        count = len(offsets)
        sizes = np.diff(np.append(offsets, flat.size))
        owner = np.repeat(np.arange(count), sizes)
        if wanted is not None:
            keep = wanted[owner]
            flat, owner = flat[keep], owner[keep]
        place = places[flat] if classes is None else places[flat, classes[owner]]
        at = np.flatnonzero(place >= 0)
        owner, place, at = _sorted(owner[at], place[at], at)  # each post's, strongest first
        flat = flat[at]
        first = np.searchsorted(owner, np.arange(count))
        rank = np.arange(owner.size) - first[owner]
        chosen = rank < k
        found, bounds = flat[chosen].tolist(), np.searchsorted(owner[chosen], np.arange(count + 1))
        return [found[start:end] for start, end in pairwise(bounds.tolist())]

    def scores(
        self, flat: np.ndarray, offsets: np.ndarray, count: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Intent probabilities (count x classes) and question probabilities (count).  The
        weights are summed class by class: numpy sums each column of a matrix as it sums a
        vector (the same floats), and gathering one column of the weights at a time moves less
        memory than gathering rows of all the classes at once."""
        intent = np.empty((count, len(self.intent_columns)))
        question = np.full(count, self.question_bias)
        sizes = np.diff(np.append(offsets, flat.size))
        nonempty = sizes > 0
        starts = offsets[nonempty]
        for c, weights in enumerate(self.intent_columns):
            column = np.full(count, self.intent_bias[c])
            if flat.size:
                column[nonempty] += np.add.reduceat(weights[flat], starts)
            intent[:, c] = column
        if flat.size:
            question[nonempty] += np.add.reduceat(self.question_weights[flat], starts)
        intent -= intent.max(axis=1, keepdims=True)
        np.exp(intent, out=intent)
        intent /= intent.sum(axis=1, keepdims=True)
        return intent, 1.0 / (1.0 + np.exp(-question))


def places(weights: np.ndarray) -> np.ndarray:
    """Each weight's place among those above 0.05, strongest first (0), equal weights in the
    same place; -1 for a weight at or below 0.05 (never cited).  Features sorted by place are
    sorted by weight, and ints sort fast (:meth:`Model.top_features`)."""
    above = weights > 0.05
    values, inverse = np.unique(weights[above], return_inverse=True)  # ascending
    found = np.full(weights.shape, -1, dtype=np.int64)
    found[above] = values.size - 1 - inverse.reshape(-1)
    return found


def _sorted(
    owner: np.ndarray, place: np.ndarray, at: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``owner`` (ascending), ``place`` and ``at`` (ascending, distinct) sorted by owner, then
    place, then at: equals of a post stay in the order of its features.  Packed into one int64
    each where they fit: one sort of ints, several times faster than stable argsorts, and the
    result is the same (the keys are distinct)."""
    if not at.size:
        return owner, place, at
    at_bits, place_bits = int(at[-1]).bit_length(), int(place.max()).bit_length()
    if int(owner[-1]).bit_length() + place_bits + at_bits > 63:
        order = np.lexsort((at, place, owner))
        return owner[order], place[order], at[order]
    keys = (owner << (place_bits + at_bits)) | (place << at_bits) | at
    keys.sort()
    return (
        keys >> (place_bits + at_bits),
        (keys >> at_bits) & ((1 << place_bits) - 1),
        keys & ((1 << at_bits) - 1),
    )


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The model shipped in the package (loaded once)."""
    return Model.load()


_STRUCTURE = {
    "kind=thread": "continues its own thread",
    "kind=quote": "quotes another post",
    "kind=original": "a new post, not a reply",
    "link": "shares a link",
    "own_words=0": "no words of its own",
    "own_words=3": "very few words of its own",
    "qmark": "has a question mark",
    "qmark_end": "ends with a question",
    "qmark_then_link": "a headline question before a link",
    "excl": "exclaims",
    "money": "mentions a price or discount",
    "quoted": "in quotation marks or attributed to someone",
    "media": "has a photo or video",
    "starts_mention": "starts by addressing someone",
    "hashtags=4+": "many hashtags",
    "mentions=2+": "names several accounts",
    "cc": "copies someone in",
    "ask_word": "opens its question with a question word",
    "ask_you": "asks the reader",
    "asks_detail": "asks for a specific detail",
    "attributed": "attributed to someone",
    "verse": "set out in short lines, like a poem or lyrics",
    "heading": "opens with a label, like a notice",
    "rhetorical": "a rhetorical or headline question",
}


def describe_feature(feature: str, post: Post, found: Extracted | None = None) -> str | None:
    """A feature in words a user can read, or ``None`` for one not worth citing."""
    return _describe_feature(feature, post, found.cues if found is not None else None)


def _describe_feature(feature: str, post: Post, cues: dict[str, str] | None) -> str | None:
    if feature.startswith("\x01"):
        cue = feature[1:]
        phrase = cues.get(cue, "") if cues else ""
        return CUE_SAYS.get(cue, cue).format(phrase) if phrase else None
    if feature.startswith("\x02"):
        fact = feature[1:]
        if fact == "kind=reply":
            return (
                f"replies to @{post.reply_to_account}"
                if post.reply_to_account
                else "replies to another account"
            )
        if fact == "auto_client":
            return f"posted by {post.client}"
        return _STRUCTURE.get(fact)
    if feature.startswith("\x03 "):
        first = feature[2:]
        if first.startswith("<") or (first in STOP_WORDS and first not in INTERROGATIVES):
            return None  # a number or link, or a function word ("in") that asks nothing
        return f"starts with {first!r}"
    if (
        feature.startswith("<")
        or feature in STOP_WORDS
        or all(unicodedata.category(char).startswith("P") for char in feature)
    ):
        return None  # a number, a link, a function word ("by") or punctuation says nothing
    return f"says {feature!r}"


def _citable(feature: str) -> bool:
    """Whether an explanation may cite ``feature``: it has words, or words that depend on the
    post (:data:`_OF_THE_POST`)."""
    return (
        feature.startswith("\x01")
        or feature in ("\x02kind=reply", "\x02auto_client")
        or _describe_feature(feature, _NO_POST, None) is not None
    )


_OF_THE_POST = object()
"""In :func:`_descriptions`: a feature whose words depend on the post (a cue's phrase, the
account replied to, the posting client)."""


@lru_cache(maxsize=4)
def _descriptions(model: Model) -> list[Any]:
    """Each feature of ``model`` in words (``None``: not worth citing), or ``_OF_THE_POST``."""
    return [
        _OF_THE_POST
        if feature.startswith("\x01") or feature in ("\x02kind=reply", "\x02auto_client")
        else _describe_feature(feature, _NO_POST, None)
        for feature in model.vocabulary
    ]


_NO_POST: Any = None
"""What :func:`_descriptions` passes for a post: its features' words do not read it."""


def _rounded(values: np.ndarray) -> list[float]:
    """``round(value, 3)`` of each value (0 to 1), for a batch at once: numpy's ``rint`` of the
    value times 1000 rounds to the same thousandth unless the product is within a hair of a
    half, where it may round the other way (the product is inexact): those few are rounded by
    ``round``.  The quotient by 1000 is then the float nearest the thousandth, as ``round``
    gives."""
    scaled = values * 1000.0
    rounded = (np.rint(scaled) / 1000.0).tolist()
    for i in np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6).tolist():
        rounded[i] = round(float(values[i]), 3)
    return rounded  # type: ignore[no-any-return]


_KIND_CUES = {
    Kind.ORIGINAL: "a new post",
    Kind.THREAD: "continues its own post",
    Kind.REPOST: "shares another post with no words added",
    Kind.QUOTE: "shares another post with its own words",
}


def _kind_labels(posts: Sequence[Post]) -> list[Label]:
    """The ``kind`` label of each post: one for each different kind, guess and account replied
    to, made once."""
    keys = list(map(attrgetter("kind", "kind_guessed", "reply_to_account"), posts))
    made = {key: _kind_label(*key) for key in set(keys)}
    return list(map(made.__getitem__, keys))


def _kind_label(kind: Kind, guessed: bool, reply_to_account: str | None) -> Label:
    cue = (
        (f"replies to @{reply_to_account}" if reply_to_account else "replies to another account")
        if kind is Kind.REPLY
        else _KIND_CUES[kind]
    )
    if guessed:
        return Label(kind.value, 0.7, (cue, "guessed from the text: the source has no metadata"))
    return Label(kind.value, 1.0, (cue, "from the platform's metadata"))


def _replies_to(post: Post) -> str:
    return (
        f"replies to @{post.reply_to_account}"
        if post.reply_to_account
        else "replies to another account"
    )


_NOT_QUESTION = Label(False, 0.95)
_RHETORICAL = Label(False, 0.8, ("a rhetorical or headline question",))
_NOT_DUPLICATE = Label(False, 0.95)
_REPOST = KINDS.index(Kind.REPOST)
_REPLY = KINDS.index(Kind.REPLY)


class _Read(NamedTuple):
    """What classifying keeps of the posts' words, a list each, a value per post: the labels
    read from them (the account-wide ones come after), and the few facts the account-wide
    flags and the rules need."""

    intent: list[Label | None]
    asks_question: list[Label]
    link_only: list[Label]
    mentions_others: list[Label]
    follow_begging: list[Label]
    openings: list[str | None]
    keys: list[str | None]
    """What the account-wide flags need of each post's words (:func:`flags.post_facts`)."""
    phrases: list[Mapping[str, str] | None]
    own_words: list[int]
    """What the rules cite of each post's words (:class:`PostLabels`)."""
    said: dict[tuple[tuple[str, str], ...], Mapping[str, str]]
    """The cue phrases posts say, one read-only mapping for each different set of them."""
    explained: dict[tuple[int, ...], tuple[str, ...]]
    """Explanations by top features (:class:`_Explainer`)."""


def classify(
    posts: Sequence[Post], *, model: Model | None = None, batch_size: int = 10_000
) -> list[PostLabels]:
    """Label every post.  Posts of one account are judged together (automation and repeats are
    seen across an account's posts), so pass all of an account's posts in one call.

    Posts are read ``batch_size`` at a time: a batch's words and features are dropped once its
    posts have the labels that read them, and only the few facts the account-wide flags need
    (:func:`~twoway.classifier.flags.post_facts`) are kept for every post."""
    model = model or default_model()
    with bulk_allocation():
        read = _Read([], [], [], [], [], [], [], [], [], {}, {})
        reader = Reader(model.features)
        for start in range(0, len(posts), batch_size):
            _read(reader.read(posts[start : start + batch_size]), model, read)
        automated, duplicate = _account_flags(posts, read.openings, read.keys)
        return PostLabels.many(
            post=posts,
            kind=_kind_labels(posts),
            intent=read.intent,
            asks_question=read.asks_question,
            link_only=read.link_only,
            mentions_others=read.mentions_others,
            follow_begging=read.follow_begging,
            automated=automated,
            duplicate=duplicate,
            phrases=read.phrases,
            own_words=read.own_words,
        )


def _read(batch: Batch, model: Model, read: _Read) -> None:
    """Add the labels of ``batch``'s posts read from their own words to ``read``."""
    count, cues = len(batch.posts), batch.cues
    flat, offsets = batch.feature_ids(model.features)
    # Each post's weights summed in ascending feature order (module docstring).
    intent_p, question_p = model.scores(flat, offsets, count)
    best = intent_p.argmax(axis=1)
    # CODEBOOK.md: a quote post posts a quotation.  Without a sign of one the words that made
    # the model say "quote" are the author's own opinion or statement: the next class is taken.
    # Its confidence is then its probability among the classes left.
    unmarked = [j for j in np.flatnonzero(best == QUOTE).tolist() if not batch.shows_quotation(j)]
    best_p = intent_p[np.arange(count), best]
    if unmarked:
        runner_up = intent_p[unmarked]
        left = np.maximum(1.0 - runner_up[:, QUOTE], 1e-12)
        runner_up[:, QUOTE] = -1.0
        best[unmarked] = runner_up.argmax(axis=1)
        best_p[unmarked] = runner_up.max(axis=1) / left

    # CODEBOOK.md: a post that answers or addresses someone is conversation, unless it only
    # sells or invites to the author's own thing (a selling or inviting phrase, and no question
    # or request that carries the conversation on).
    repost = batch.kinds == _REPOST
    addressed = (batch.kinds == _REPLY) | (batch.starts_mention & batch.mentioned)
    selling = np.zeros(count, dtype=bool)
    for j in np.flatnonzero(addressed & (best == PROMOTION)).tolist():
        selling[j] = _only_sells(cues[j], int(batch.question_marks[j]))
    answers = ~repost & addressed & (best != CONVERSATION) & ~selling
    # CODEBOOK.md: rhetorical and headline questions ("Did you know…?") ask nothing.
    asks = ~repost & ~batch.rhetorical & (question_p >= 0.5)
    # Explanations only for the labels that cite them.
    explain = _Explainer(batch, model, read.explained)
    read.intent.extend(
        _intents(
            batch,
            model.classes,
            best,
            _rounded(np.where(answers, np.maximum(best_p, 0.5), best_p)),
            answers,
            _noting(
                explain(
                    model.top_features(
                        flat, offsets, model.intent_places, best, wanted=~answers & ~repost
                    )
                ),
                unmarked,
                _NO_QUOTATION,
            ),
        )
    )
    read.asks_question.extend(
        _questions(
            batch,
            question_p,
            _rounded(np.where(asks, question_p, 1 - question_p)),
            asks,
            explain(model.top_features(flat, offsets, model.question_places, wanted=asks)),
        )
    )
    read.link_only.extend(flags.link_only(batch))
    read.mentions_others.extend(flags.mentions_others(batch))
    read.follow_begging.extend(flags.follow_begging(batch))
    openings, keys = flags.post_facts(batch)
    read.openings.extend(openings)
    read.keys.extend(keys)
    read.own_words.extend(batch.own_words.tolist())
    # Posts that say the same cue phrases share one read-only mapping of them.
    phrases: list[Mapping[str, str] | None] = [None] * count
    shared = read.said
    for j in compress(range(count), cues):
        found = cues[j]
        items = tuple(found.items())  # type: ignore[union-attr]
        mapping = shared.get(items)
        if mapping is None:
            mapping = shared[items] = MappingProxyType(found)  # type: ignore[arg-type]
        phrases[j] = mapping
    read.phrases.extend(phrases)


class _Explainer:
    """The explanations of a batch's labels: for each post, up to three different descriptions
    of the features that speak most for its label.  ``made``: the explanations already made of
    top features whose words do not depend on the post (kept for the run of batches: posts
    often have the same top features)."""

    def __init__(
        self, batch: Batch, model: Model, made: dict[tuple[int, ...], tuple[str, ...]]
    ) -> None:
        self.batch, self.model, self.described = batch, model, _descriptions(model)
        self.made = made

    def __call__(self, tops: list[list[int]]) -> list[tuple[str, ...]]:
        """The explanation of each post (:data:`_NO_CUE` where no feature stands out)."""
        posts, cues, described, made = self.batch.posts, self.batch.cues, self.described, self.made
        made[()] = _NO_CUE
        # The explanations made before looked up by ``map`` (in C); only the others are made.
        keys = list(map(tuple, tops))
        explanations: list[tuple[str, ...] | None] = list(map(made.get, keys))
        for j in compress(range(len(tops)), map(is_, explanations, repeat(None))):
            top = tops[j]
            said: list[str] = []
            of_the_post = False
            for i in top:
                words = described[i]
                if words is _OF_THE_POST:
                    words = _describe_feature(self.model.vocabulary[i], posts[j], cues[j])
                    of_the_post = True
                if words and words not in said:
                    said.append(words)
                    if len(said) == 3:
                        break
            found = tuple(said) or _NO_CUE
            if not of_the_post:
                made[keys[j]] = found
            explanations[j] = found
        return explanations  # type: ignore[return-value]  # (each one made)


_NO_QUOTATION = "not a quotation: no quotation marks, attribution or verse"
_NO_CUE = ("no single word or sign decides: read from all of the post together",)
"""The explanation of a label no feature of the post stands out for."""


def _noting(
    explanations: list[tuple[str, ...]], posts: list[int], note: str
) -> list[tuple[str, ...]]:
    """``explanations`` with ``note`` first for each of ``posts`` (a rule decided their label),
    then up to two of the model's cues."""
    for j in posts:
        cited = explanations[j]
        explanations[j] = (note,) if cited == _NO_CUE else (note, *cited[:2])
    return explanations


def _intents(
    batch: Batch,
    classes: Sequence[str],
    best: np.ndarray,
    confidence: list[float],
    answers: np.ndarray,
    explanations: list[tuple[str, ...]],
) -> list[Label | None]:
    """The intent of each post: none for a bare repost, conversation for one that answers
    someone (``answers``), else the model's ``best`` class, with its ``confidence``.  The
    labels of the model's classes are made at once (:meth:`Label.many`), then the others put
    in."""
    named = list(map(classes.__getitem__, best.tolist()))
    labels: list[Label | None] = Label.many(  # type: ignore[assignment]
        value=named, confidence=confidence, cues=explanations
    )
    posts, kinds = batch.posts, batch.kinds
    for j in np.flatnonzero(answers).tolist():
        post = posts[j]
        why = _replies_to(post) if kinds[j] == _REPLY else f"addressed to @{post.mentions[0]}"
        labels[j] = Label("conversation", confidence[j], (why, "does not sell"))
    for j in np.flatnonzero(kinds == _REPOST).tolist():
        labels[j] = None
    return labels


def _questions(
    batch: Batch,
    question_p: np.ndarray,
    confidence: list[float],
    asks: np.ndarray,
    explanations: list[tuple[str, ...]],
) -> list[Label]:
    """``asks_question`` of each post (``asks``: it does, by the model and the codebook), with
    its ``confidence``; a label without cues is shared by the posts with its confidence."""
    labels = [_NOT_QUESTION] * len(confidence)  # a bare repost, or a clear no (below 0.1)
    reposted = batch.kinds == _REPOST
    for j in np.flatnonzero(~reposted & batch.rhetorical).tolist():
        labels[j] = _RHETORICAL
    for j in np.flatnonzero(asks).tolist():
        labels[j] = Label(True, confidence[j], explanations[j])
    unsure: dict[float, Label] = {}
    doubt = ~reposted & ~batch.rhetorical & ~asks & (question_p >= 0.1)
    for j in np.flatnonzero(doubt).tolist():
        label = unsure.get(confidence[j])
        if label is None:
            label = unsure[confidence[j]] = Label(False, confidence[j])
        labels[j] = label
    return labels


def _account_flags(
    posts: Sequence[Post], openings: list[str | None], keys: list[str | None]
) -> tuple[list[Label], list[Label]]:
    """``automated`` and ``duplicate`` of every post, each account's posts judged together."""
    automated = np.empty(len(posts), dtype=object)  # every account's are set below
    duplicate = np.full(len(posts), _NOT_DUPLICATE, dtype=object)
    for (_, account), some in _accounts(posts):
        members: Sequence[int]
        if some is None:  # one account
            members, mine, its_openings, its_keys = range(len(posts)), posts, openings, keys
        else:
            members = some
            mine = list(map(posts.__getitem__, members))
            its_openings = list(map(openings.__getitem__, members))
            its_keys = list(map(keys.__getitem__, members))
        # Bare texts have no account, and so no history.
        context = flags.AccountContext(mine, its_openings, its_keys) if account else None
        if context is not None and context.repeats.size:
            index = np.asarray(members)
            later, earlier = index[context.repeats], index[context.firsts]
            firsts, which = np.unique(earlier, return_inverse=True)
            days = map(
                methodcaller("date"),
                map(attrgetter("created_at"), map(posts.__getitem__, firsts.tolist())),
            )
            made = np.array(list(map(_duplicate, days)), dtype=object)
            duplicate[later] = made[which]
        automated[members] = flags.automated(mine, context)
    return automated.tolist(), duplicate.tolist()


def _accounts(posts: Sequence[Post]) -> list[tuple[tuple[str, str], list[int] | None]]:
    """Each account, by (platform, account id or else name), with the positions of its posts
    (``None``: all the posts are that account's)."""
    names = list(map(attrgetter("platform", "account_id", "account"), posts))
    keys = {name: (name[0], name[1] or name[2]) for name in set(names)}
    accounts = list(dict.fromkeys(keys.values()))
    if len(accounts) == 1:  # one account: no need to sort the posts out
        return [(accounts[0], None)]
    number = {name: accounts.index(key) for name, key in keys.items()}
    owner = np.fromiter(map(number.__getitem__, names), np.int64, len(names))
    order = np.argsort(owner, kind="stable")
    bounds = np.searchsorted(owner[order], np.arange(len(accounts) + 1))
    return [
        (account, order[start:end].tolist())
        for account, start, end in zip(accounts, bounds[:-1], bounds[1:], strict=True)
    ]


def _only_sells(cues: dict[str, str] | None, question_marks: int) -> bool:
    """CODEBOOK.md: a reply that *only* promotes or invites to the author's own thing is
    promotion: a selling, inviting or follow-asking phrase, and no question or request that
    carries the conversation on."""
    if not cues:
        return False
    found = cues.keys()
    return bool(found & _SELLING) and not (found & _HELPING) and not question_marks


@lru_cache(maxsize=4096)
def _duplicate(day: date) -> Label:
    """The label of a post that repeats one of ``day``: made once a day (an account that
    repeats itself repeats many posts)."""
    return Label(True, 0.95, (f"repeats its post of {day:%Y-%m-%d}",))


def classify_texts(texts: Iterable[str], *, model: Model | None = None) -> list[PostLabels]:
    """Label bare texts (no export around them), numbered from 1."""
    return classify([draft_post(t, id=str(i)) for i, t in enumerate(texts, 1)], model=model)
