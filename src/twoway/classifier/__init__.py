"""Labelling posts by CODEBOOK.md: kind (from metadata), intent (one of six), and six flags.

Intent and ``asks_question`` come from two linear models over the features of
:mod:`twoway.classifier.features` (words, multilingual cue phrases, emoji, structure),
trained by ``scripts/train_classifier.py`` on hand-labelled posts and written texts
(docs/accuracy.md).  Their weights ship in the package (``model.npz``, no pickle); nothing is
downloaded.  The other flags are rules (:mod:`twoway.classifier.flags`).  Posts are classified in
batches: features are looked up in the model's vocabulary and scored with one numpy reduction per
batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from operator import attrgetter
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from twoway.allocation import bulk_allocation
from twoway.classifier import flags
from twoway.classifier.features import KINDS, Batch, Extracted, FeatureIndex, Reader
from twoway.classifier.labels import FLAGS, INTENTS, Label, PostLabels
from twoway.classifier.lexicon import CUE_SAYS
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
        self.intent_bias = np.asarray(intent_bias, dtype=np.float64)
        self.question_weights = np.asarray(question_weights, dtype=np.float64)
        self.question_bias = float(question_bias)
        # How much a feature speaks for each class over the others: what explanations cite.
        self.intent_lift = self.intent_weights - self.intent_weights.mean(axis=1, keepdims=True)

    @classmethod
    def load(cls, path: Any = None) -> Model:
        """The model shipped in the package, or the one at ``path``."""
        source = path or resources.files("twoway.classifier").joinpath(MODEL_FILE)
        opened = resources.as_file(source) if path is None else _nullcontext(path)
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
        weights: np.ndarray,
        classes: np.ndarray | None = None,
        k: int = 4,
        wanted: np.ndarray | None = None,
    ) -> list[list[int]]:
        """For each post, up to ``k`` of its features that speak most for its label, strongest
        first.  ``weights`` is a vector (one weight per feature) or a features x classes matrix,
        read in the column of each post's class in ``classes``.  Only the posts ``wanted``
        (booleans) are looked at, if given: the others get none."""
        count = len(offsets)
        sizes = np.diff(np.append(offsets, flat.size))
        owner = np.repeat(np.arange(count), sizes)
        if wanted is not None:
            keep = wanted[owner]
            flat, owner = flat[keep], owner[keep]
        contribution = weights[flat] if classes is None else weights[flat, classes[owner]]
        keep = contribution > 0.05
        flat, owner, contribution = flat[keep], owner[keep], contribution[keep]
        order = np.lexsort((-contribution, owner))
        flat, owner = flat[order], owner[order]
        first = np.searchsorted(owner, np.arange(count))
        rank = np.arange(owner.size) - first[owner]
        chosen = rank < k
        tops: list[list[int]] = [[] for _ in range(count)]
        for post, feature in zip(owner[chosen].tolist(), flat[chosen].tolist(), strict=True):
            tops[post].append(feature)
        return tops

    def scores(
        self, flat: np.ndarray, offsets: np.ndarray, count: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Intent probabilities (count x classes) and question probabilities (count)."""
        intent = np.tile(self.intent_bias, (count, 1))
        question = np.full(count, self.question_bias)
        if flat.size:
            sizes = np.diff(np.append(offsets, flat.size))
            nonempty = sizes > 0
            starts = offsets[nonempty]
            intent[nonempty] += np.add.reduceat(self.intent_weights[flat], starts, axis=0)
            question[nonempty] += np.add.reduceat(self.question_weights[flat], starts)
        intent -= intent.max(axis=1, keepdims=True)
        np.exp(intent, out=intent)
        intent /= intent.sum(axis=1, keepdims=True)
        return intent, 1.0 / (1.0 + np.exp(-question))


class _nullcontext:
    def __init__(self, value: Any) -> None:
        self.value = value

    def __enter__(self) -> Any:
        return self.value

    def __exit__(self, *exc: object) -> None:
        return None


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
        return None if first.startswith("<") else f"starts with {first!r}"
    if feature.startswith("<") or feature in ("?", "!", "%"):
        return None
    return f"says {feature!r}"


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


def _explain(
    top: list[int], described: list[Any], model: Model, post: Post, cues: dict[str, str] | None
) -> tuple[str, ...]:
    """Up to three different descriptions of the features ``top`` (``described``: those of
    :func:`_descriptions`)."""
    said: list[str] = []
    for i in top:
        words = described[i]
        if words is _OF_THE_POST:
            words = _describe_feature(model.vocabulary[i], post, cues)
        if words and words not in said:
            said.append(words)
            if len(said) == 3:
                break
    return tuple(said)


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


_KIND_LABELS: dict[tuple[Kind, bool, str | None], Label] = {}


def _kind_label(post: Post) -> Label:
    key = (post.kind, post.kind_guessed, post.reply_to_account if post.kind is Kind.REPLY else None)
    label = _KIND_LABELS.get(key)
    if label is not None:
        return label
    if post.kind is Kind.REPLY:
        cue = _replies_to(post)
    else:
        cue = _KIND_CUES[post.kind]
    if post.kind_guessed:
        label = Label(
            post.kind.value, 0.7, (cue, "guessed from the text: the source has no metadata")
        )
    else:
        label = Label(post.kind.value, 1.0, (cue, "from the platform's metadata"))
    if len(_KIND_LABELS) < 100_000:
        _KIND_LABELS[key] = label
    return label


def _replies_to(post: Post) -> str:
    return (
        f"replies to @{post.reply_to_account}"
        if post.reply_to_account
        else "replies to another account"
    )


_NOT_QUESTION = Label(False, 0.95)
_RHETORICAL = Label(False, 0.8, ("a rhetorical or headline question",))
_REPOST = KINDS.index(Kind.REPOST)
_REPLY = KINDS.index(Kind.REPLY)


class _Read(NamedTuple):
    """The labels read from the posts' own words (the account-wide ones come after), a list
    per label, a value per post."""

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
        read = _Read([], [], [], [], [], [], [], [], [], {})
        reader = Reader(model.features)
        for start in range(0, len(posts), batch_size):
            _read(reader.read(posts[start : start + batch_size]), model, read)
        automated, duplicate = _account_flags(posts, read.openings, read.keys)
        return [
            PostLabels(
                post=post,
                kind=kind,
                intent=intent,
                asks_question=asks_question,
                link_only=link_only,
                mentions_others=mentions_others,
                follow_begging=follow_begging,
                automated=automated,
                duplicate=duplicate,
                phrases=phrases,
                own_words=own_words,
            )
            for (
                post,
                kind,
                intent,
                asks_question,
                link_only,
                mentions_others,
                follow_begging,
                automated,
                duplicate,
                phrases,
                own_words,
            ) in zip(
                posts,
                map(_kind_label, posts),
                read.intent,
                read.asks_question,
                read.link_only,
                read.mentions_others,
                read.follow_begging,
                automated,
                duplicate,
                read.phrases,
                read.own_words,
                strict=True,
            )
        ]


def _read(batch: Batch, model: Model, read: _Read) -> None:
    """Add the labels of ``batch``'s posts read from their own words to ``read``."""
    posts, count, cues = batch.posts, len(batch.posts), batch.cues
    flat, offsets = batch.feature_ids(model.features)
    intent_p, question_p = model.scores(flat, offsets, count)
    best = intent_p.argmax(axis=1)
    best_p = intent_p[np.arange(count), best]

    # CODEBOOK.md: a post that answers or addresses someone is conversation, unless it only
    # sells or invites to the author's own thing (a selling or inviting phrase, and no question
    # or request that carries the conversation on).
    repost = batch.kinds == _REPOST
    mentions = np.fromiter(map(bool, map(attrgetter("mentions"), posts)), bool, count)
    addressed = (batch.kinds == _REPLY) | (batch.starts_mention & mentions)
    selling = np.zeros(count, dtype=bool)
    for j in np.flatnonzero(addressed & (best == PROMOTION)).tolist():
        selling[j] = _only_sells(cues[j], int(batch.question_marks[j]))
    answers = ~repost & addressed & (best != CONVERSATION) & ~selling
    explained = ~repost & ~answers
    intent_tops = model.top_features(flat, offsets, model.intent_lift, best, wanted=explained)
    # CODEBOOK.md: rhetorical and headline questions ("Did you know…?") ask nothing.
    asks = ~repost & ~batch.rhetorical & (question_p >= 0.5)
    question_tops = model.top_features(flat, offsets, model.question_weights, wanted=asks)

    described, classes = _descriptions(model), model.classes
    confidence = _rounded(np.where(answers, np.maximum(best_p, 0.5), best_p))
    intents = read.intent
    for j, (kind, b, answer) in enumerate(
        zip(batch.kinds.tolist(), best.tolist(), answers.tolist(), strict=True)
    ):
        if kind == _REPOST:
            intents.append(None)
        elif answer:
            post = posts[j]
            why = _replies_to(post) if kind == _REPLY else f"addressed to @{post.mentions[0]}"
            intents.append(Label("conversation", confidence[j], (why, "does not sell")))
        else:
            said = _explain(intent_tops[j], described, model, posts[j], cues[j])
            intents.append(Label(classes[b], confidence[j], said))

    unsure: dict[float, Label] = {}
    questions = read.asks_question
    confidence = _rounded(np.where(asks, question_p, 1 - question_p))
    for j, (kind, p, rhetorical, ask) in enumerate(
        zip(
            batch.kinds.tolist(),
            question_p.tolist(),
            batch.rhetorical.tolist(),
            asks.tolist(),
            strict=True,
        )
    ):
        if kind == _REPOST:
            questions.append(_NOT_QUESTION)
        elif rhetorical:
            questions.append(_RHETORICAL)
        elif ask:
            said = _explain(question_tops[j], described, model, posts[j], cues[j])
            questions.append(Label(True, confidence[j], said))
        elif p < 0.1:
            questions.append(_NOT_QUESTION)
        else:
            label = unsure.get(confidence[j])
            if label is None:
                label = unsure[confidence[j]] = Label(False, confidence[j])
            questions.append(label)
    read.link_only.extend(flags.link_only(batch))
    read.mentions_others.extend(flags.mentions_others(batch))
    read.follow_begging.extend(flags.follow_begging(batch))
    openings, keys = flags.post_facts(batch)
    read.openings.extend(openings)
    read.keys.extend(keys)
    read.own_words.extend(batch.own_words.tolist())
    said = read.said
    for found in cues:
        if found:
            items = tuple(found.items())
            if items not in said:
                said[items] = MappingProxyType(found)
            read.phrases.append(said[items])
        else:
            read.phrases.append(None)


def _account_flags(
    posts: Sequence[Post], openings: list[str | None], keys: list[str | None]
) -> tuple[list[Label], list[Label]]:
    """``automated`` and ``duplicate`` of every post, each account's posts judged together."""
    automated = np.empty(len(posts), dtype=object)  # every account's are set below
    duplicate = np.full(len(posts), _NOT_QUESTION, dtype=object)
    repeats: dict[int, Label] = {}
    for (_, account), members in _accounts(posts):
        if members is None:  # one account
            mine, members = posts, range(len(posts))
            context = flags.AccountContext(mine, openings, keys) if account else None
        else:
            mine = list(map(posts.__getitem__, members))
            context = (
                flags.AccountContext(
                    mine,
                    list(map(openings.__getitem__, members)),
                    list(map(keys.__getitem__, members)),
                )
                if account
                else None  # bare texts: no account, no history
            )
        if context is not None:
            for a, b in context.first_seen.items():
                first = members[b]
                label = repeats.get(first)
                if label is None:
                    label = repeats[first] = _duplicate(posts[first])
                duplicate[members[a]] = label
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


def _duplicate(first: Post) -> Label:
    return Label(True, 0.95, (f"repeats its post of {first.created_at:%Y-%m-%d}",))


def classify_texts(texts: Iterable[str], *, model: Model | None = None) -> list[PostLabels]:
    """Label bare texts (no export around them), numbered from 1."""
    return classify([draft_post(t, id=str(i)) for i, t in enumerate(texts, 1)], model=model)
