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

from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import numpy as np

from twoway.allocation import bulk_allocation
from twoway.classifier import flags
from twoway.classifier.features import Extracted, extract
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
        self.index = {feature: i for i, feature in enumerate(self.vocabulary)}
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

    def indices(self, batch: Sequence[Extracted]) -> tuple[np.ndarray, np.ndarray]:
        """The known feature indices of every post, flat, and each post's offset into them."""
        index = self.index.get
        flat: list[int] = []
        sizes: list[int] = []
        for found in batch:
            known = set(map(index, found.features))
            known.discard(None)
            flat.extend(known)  # type: ignore[arg-type]
            sizes.append(len(known))
        offsets = np.zeros(len(sizes), dtype=np.int64)
        if sizes:
            np.cumsum(sizes[:-1], out=offsets[1:])
        return np.asarray(flat, dtype=np.int64), offsets

    def top_features(
        self,
        flat: np.ndarray,
        offsets: np.ndarray,
        weights: np.ndarray,
        classes: np.ndarray | None = None,
        k: int = 4,
    ) -> list[list[int]]:
        """For each post, up to ``k`` of its features that speak most for its label, strongest
        first.  ``weights`` is a vector (one weight per feature) or a features x classes matrix,
        read in the column of each post's class in ``classes``."""
        count = len(offsets)
        sizes = np.diff(np.append(offsets, flat.size))
        owner = np.repeat(np.arange(count), sizes)
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
    if feature.startswith("\x01"):
        cue = feature[1:]
        phrase = found.cues.get(cue, "") if found is not None else ""
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


_PLAIN: dict[tuple[int, int], str | None] = {}
"""(model id, feature index) -> description, for features whose words do not depend on the post."""


def _describe(i: int, model: Model, post: Post, found: Extracted) -> str | None:
    key = (id(model), i)
    if key in _PLAIN:
        return _PLAIN[key]
    feature = model.vocabulary[i]
    words = describe_feature(feature, post, found)
    if not feature.startswith("\x01") and feature not in ("\x02kind=reply", "\x02auto_client"):
        _PLAIN[key] = words
    return words


def _explain(top: list[int], model: Model, post: Post, found: Extracted) -> tuple[str, ...]:
    cues: list[str] = []
    for i in top:
        words = _describe(i, model, post, found)
        if words and words not in cues:
            cues.append(words)
        if len(cues) == 3:
            break
    return tuple(cues)


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
        cue = (
            f"replies to @{post.reply_to_account}"
            if post.reply_to_account
            else "replies to another account"
        )
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


_NOT_QUESTION = Label(False, 0.95)
_RHETORICAL = Label(False, 0.8, ("a rhetorical or headline question",))


def classify(
    posts: Sequence[Post], *, model: Model | None = None, batch_size: int = 10_000
) -> list[PostLabels]:
    """Label every post.  Posts of one account are judged together (automation and repeats are
    seen across an account's posts), so pass all of an account's posts in one call.

    Posts are read ``batch_size`` at a time: a batch's words and features are dropped once its
    posts have the labels that read them, and only the few facts the account-wide flags need
    (:class:`~twoway.classifier.flags.PostFacts`) are kept for every post."""
    model = model or default_model()
    with bulk_allocation():
        facts: list[flags.PostFacts] = []
        read: list[_Read] = []
        for start in range(0, len(posts), batch_size):
            batch = posts[start : start + batch_size]
            found = [extract(post) for post in batch]
            flat, offsets = model.indices(found)
            intent_p, question_p = model.scores(flat, offsets, len(batch))
            best = intent_p.argmax(axis=1)
            intent_tops = model.top_features(flat, offsets, model.intent_lift, best)
            question_tops = model.top_features(flat, offsets, model.question_weights)
            best_list, best_p = best.tolist(), intent_p.max(axis=1).tolist()
            for j, question in enumerate(question_p.tolist()):
                post = batch[j]
                facts.append(flags.post_facts(post, found[j]))
                read.append(
                    _read(
                        post,
                        found[j],
                        model,
                        best_list[j],
                        best_p[j],
                        intent_tops[j],
                        question,
                        question_tops[j],
                    )
                )
        context_of: list[flags.AccountContext | None] = [None] * len(posts)
        position_of = [0] * len(posts)
        duplicate_of: dict[int, int] = {}
        groups: dict[tuple[str, str], list[int]] = {}
        for i, post in enumerate(posts):
            groups.setdefault((post.platform, post.account_id or post.account), []).append(i)
        for key, members in groups.items():
            if not key[1]:
                continue  # bare texts: no account, no history
            context = flags.AccountContext([posts[i] for i in members], [facts[i] for i in members])
            for position, i in enumerate(members):
                context_of[i] = context
                position_of[i] = position
            duplicate_of.update({members[a]: members[b] for a, b in context.first_seen.items()})
        return [
            PostLabels(
                post=post,
                kind=_kind_label(post),
                intent=labels.intent,
                asks_question=labels.asks_question,
                link_only=labels.link_only,
                mentions_others=labels.mentions_others,
                follow_begging=labels.follow_begging,
                automated=flags.automated(post, context_of[i], position_of[i]),
                duplicate=_duplicate(posts[duplicate_of[i]])
                if i in duplicate_of
                else _NOT_QUESTION,
            )
            for i, (post, labels) in enumerate(zip(posts, read, strict=True))
        ]


def _only_sells(found: Extracted) -> bool:
    """CODEBOOK.md: a reply that *only* promotes or invites to the author's own thing is
    promotion: a selling, inviting or follow-asking phrase, and no question or request that
    carries the conversation on."""
    cues = found.cues.keys()
    return bool(cues & _SELLING) and not (cues & _HELPING) and not found.question_marks


class _Read(NamedTuple):
    """The labels read from one post's own words (the account-wide ones come after)."""

    intent: Label | None
    asks_question: Label
    link_only: Label
    mentions_others: Label
    follow_begging: Label


def _duplicate(first: Post) -> Label:
    return Label(True, 0.95, (f"repeats its post of {first.created_at:%Y-%m-%d}",))


def _read(
    post: Post,
    found: Extracted,
    model: Model,
    best: int,
    best_p: float,
    intent_top: list[int],
    question_p: float,
    question_top: list[int],
) -> _Read:
    repost = post.kind is Kind.REPOST
    intent = None
    if not repost:
        addressed = post.kind is Kind.REPLY or (post.text.startswith("@") and bool(post.mentions))
        if addressed and best != CONVERSATION and not (best == PROMOTION and _only_sells(found)):
            # CODEBOOK.md: a post that answers or addresses someone is conversation, unless it
            # only sells or invites to the author's own thing (a selling or inviting phrase, and
            # no question or request that carries the conversation on).
            why = (
                _kind_label(post).cues[0]
                if post.kind is Kind.REPLY
                else f"addressed to @{post.mentions[0]}"
            )
            intent = Label("conversation", round(max(best_p, 0.5), 3), (why, "does not sell"))
        else:
            cues = _explain(intent_top, model, post, found)
            intent = Label(model.classes[best], round(best_p, 3), cues)
    if found.rhetorical and not repost:
        # CODEBOOK.md: rhetorical and headline questions ("Did you know…?") ask nothing.
        question = _RHETORICAL
    elif repost or question_p < 0.5:
        question = (
            _NOT_QUESTION if repost or question_p < 0.1 else Label(False, round(1 - question_p, 3))
        )
    else:
        question = Label(True, round(question_p, 3), _explain(question_top, model, post, found))
    return _Read(
        intent=intent,
        asks_question=question,
        link_only=flags.link_only(post, found),
        mentions_others=flags.mentions_others(post, found),
        follow_begging=flags.follow_begging(found),
    )


def classify_texts(texts: Iterable[str], *, model: Model | None = None) -> list[PostLabels]:
    """Label bare texts (no export around them), numbered from 1."""
    return classify([draft_post(t, id=str(i)) for i, t in enumerate(texts, 1)], model=model)
