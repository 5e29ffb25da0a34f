"""Scoring the classifier against hand labels, and two labellers against each other
(``twoway eval``).

A labels file is a CSV with the columns ``ref,intent,asks_question`` (more columns are ignored).
``ref`` names a post as ``<name>:<post id>``: the name is the account's handle (``corner_bakery``,
``dealingwith@indieweb.social``, or just ``dealingwith``), its id, or the input file's name without
extension; the post id is the platform's id, or for Mastodon and Bluesky also the last part of it
(the status number, the record key).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from twoway.classifier import INTENTS, Model, classify
from twoway.errors import InputError
from twoway.importers import ReadReport
from twoway.model import Kind, Post

__all__ = [
    "EXPORTS",
    "ICA",
    "Evaluation",
    "GoldLabel",
    "agreement",
    "evaluate",
    "post_keys",
    "read_labels",
    "resolve",
    "score",
]

EXPORTS = (
    "fanfare-x-archive.zip",
    "dealingwith-mastodon-archive.zip",
    "weratedogs-tweets.csv",
    "twcs-sample-a.csv",
)
"""The real exports in ../shared/data that labels/dev.csv and labels/train.csv refer to."""

ICA = {
    "information": "Information",
    "quote": "Information",
    "conversation": "Community",
    "community": "Community",
    "personal": "Community",
    "promotion": "Action",
}
"""CODEBOOK.md section 4: intents to Lovejoy & Saxton's Information, Community, Action."""

_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f", ""}


@dataclass(frozen=True, slots=True)
class GoldLabel:
    """A hand label: the intent and whether the post asks a question."""

    intent: str
    asks_question: bool


def read_labels(
    path: str | os.PathLike[str], report: ReadReport | None = None
) -> dict[str, GoldLabel]:
    """Read a labels CSV.  A file that cannot be read as one raises :class:`InputError`.  A bad
    row (a ref that is not ``<name>:<post id>``, an unknown intent, an asks_question that is not
    true or false, a ref given again) is skipped and noted in ``report``, and the rest is read;
    without a report it raises :class:`InputError` naming the line (for scripts that must not
    go on with a damaged file)."""
    where = str(path)
    try:
        stream = Path(path).open(newline="", encoding="utf-8-sig")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", file=where) from None
    labels: dict[str, GoldLabel] = {}
    lines: dict[str, int] = {}
    with stream:
        reader = csv.DictReader(stream)
        try:  # the header is read here: a file that is no UTF-8 text fails on it
            missing = {"ref", "intent", "asks_question"} - set(reader.fieldnames or ())
        except UnicodeDecodeError:
            raise InputError(
                "not UTF-8 text", file=where, hint="save the labels as UTF-8 CSV"
            ) from None
        except csv.Error as exc:
            raise InputError(f"not a readable CSV ({exc})", file=where) from None
        if missing:
            raise InputError(
                f"missing column(s) {', '.join(sorted(missing))}",
                file=where,
                hint="a labels file has the header ref,intent,asks_question",
            )
        try:
            for row in reader:
                line = reader.line_num
                problem = _row_problem(row, lines)
                if problem is not None:
                    if report is None:
                        raise InputError(problem, file=where, record=line)
                    report.skip_record(where, line, problem)
                    continue
                ref = (row["ref"] or "").strip()
                asks = (row["asks_question"] or "").strip().lower()
                labels[ref] = GoldLabel((row["intent"] or "").strip().lower(), asks in _TRUE)
                lines[ref] = line
        except UnicodeDecodeError:
            raise InputError(
                "not UTF-8 text", file=where, hint="save the labels as UTF-8 CSV"
            ) from None
        except csv.Error as exc:
            raise InputError(f"not a readable CSV ({exc})", file=where) from None
    return labels


def _row_problem(row: dict[str | None, str | None], seen: Mapping[str, int]) -> str | None:
    """What is wrong with one row of a labels file, or ``None``; ``seen`` maps the refs read
    so far to their line."""
    ref = (row.get("ref") or "").strip()
    intent = (row.get("intent") or "").strip().lower()
    asks = (row.get("asks_question") or "").strip().lower()
    if ":" not in ref:
        return f"ref {ref!r} is not <name>:<post id>"
    if intent not in INTENTS:
        return f"intent {intent!r} is not one of {', '.join(INTENTS)}"
    if asks not in _TRUE | _FALSE:
        return f"asks_question {asks!r} is not true or false"
    if ref in seen:
        return f"ref {ref} again (line {seen[ref]} has it; the first is kept)"
    return None


def post_keys(post: Post) -> set[str]:
    """Every ``<name>:<post id>`` a labels file may use for ``post``."""
    names = {post.account, post.account_id, post.account.split("@")[0]}
    source = post.provenance.file.split(":")[0]
    stem = Path(source).name
    for suffix in (".gz", ".zip", ".tar", ".csv", ".jsonl", ".json", ".car", ".js"):
        stem = stem.removesuffix(suffix)
    names.add(stem)
    ids = {post.id, post.id.rstrip("/").rsplit("/", 1)[-1]}
    return {f"{name}:{pid}" for name in names if name for pid in ids if pid}


def resolve(ref: str, posts: Mapping[str, Post]) -> Post | None:
    """The post ``ref`` names, from a mapping built with :func:`post_keys` (or ``account:id``)."""
    return posts.get(ref.strip())


@dataclass
class Evaluation:
    """How the classifier's labels compare with hand labels."""

    n: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, tuple[float, float, float, int]]
    """intent -> (precision, recall, F1, support)."""
    confusion: dict[str, dict[str, int]]
    """gold intent -> predicted intent -> count."""
    question: tuple[float, float, float, int]
    """asks_question precision, recall, F1, positives."""
    ica_accuracy: float
    kappa: float | None = None
    """Cohen's kappa of the intents."""
    missing: list[str] = field(default_factory=list)
    """Refs not found in the inputs (or in the second labels)."""
    reposts: list[str] = field(default_factory=list)
    """Refs that are bare reposts (no intent to compare)."""
    compared_with: str = "twoway"
    """What the reference labels are compared with: ``twoway`` or ``second labels``."""

    def render(self, short: bool = False) -> str:
        """The figures as Markdown."""
        lines = [
            f"posts compared: {self.n}",
            f"intent accuracy: {self.accuracy:.3f}",
            f"intent macro-F1: {self.macro_f1:.3f}",
            "intent Cohen's kappa: " + ("n/a" if self.kappa is None else f"{self.kappa:.3f}"),
            f"asks_question F1: {self.question[2]:.3f} (precision {self.question[0]:.3f}, "
            f"recall {self.question[1]:.3f}, {self.question[3]} positive)",
            f"Lovejoy & Saxton Information/Community/Action accuracy: {self.ica_accuracy:.3f}",
        ]
        if self.missing:
            where = "the inputs" if self.compared_with == "twoway" else "the second labels"
            lines.append(
                f"refs not found in {where}: {len(self.missing)} (first: {self.missing[0]})"
            )
        if self.reposts:
            lines.append(f"refs that are bare reposts, left out: {len(self.reposts)}")
        if short:
            return "\n".join(lines)
        lines += ["", "| intent | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for intent, (p, r, f, n) in self.per_class.items():
            lines.append(f"| {intent} | {p:.3f} | {r:.3f} | {f:.3f} | {n} |")
        rows = "hand label" if self.compared_with == "twoway" else "first labels"
        lines += ["", f"confusion (rows: {rows}, columns: {self.compared_with})", ""]
        lines.append("| | " + " | ".join(INTENTS) + " |")
        lines.append("|---" * (len(INTENTS) + 1) + "|")
        for gold in INTENTS:
            row = self.confusion[gold]
            lines.append(f"| {gold} | " + " | ".join(str(row[p]) for p in INTENTS) + " |")
        return "\n".join(lines)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(
    labels: Mapping[str, GoldLabel], posts: Sequence[Post], *, model: Model | None = None
) -> Evaluation:
    """Classify ``posts`` and compare with ``labels`` (refs resolved by :func:`post_keys`)."""
    index: dict[str, int] = {}
    for i, post in enumerate(posts):
        for key in post_keys(post):
            index.setdefault(key, i)
    wanted: dict[int, str] = {}
    missing, reposts = [], []
    for ref in labels:
        position = index.get(ref.strip())
        if position is None:
            missing.append(ref)
        elif posts[position].kind is Kind.REPOST:
            reposts.append(ref)
        else:
            wanted[position] = ref
    predicted = _predict(posts, wanted, model)
    pairs = [(labels[wanted[i]], GoldLabel(*predicted[i])) for i in wanted]
    return score(pairs, missing=missing, reposts=reposts)


def agreement(first: Mapping[str, GoldLabel], second: Mapping[str, GoldLabel]) -> Evaluation:
    """How two labellers agree on the refs both labelled, ``first`` read as the reference
    (its rows of the confusion matrix, its recall); refs of ``first`` that ``second`` lacks are
    ``missing``.  Cohen's kappa and the intent F1s are the usual measures of agreement between
    two people coding the same posts."""
    both = [ref for ref in first if ref in second]
    pairs = [(first[ref], second[ref]) for ref in both]
    missing = [ref for ref in first if ref not in second]
    return score(pairs, missing=missing, compared_with="second labels")


def score(
    pairs: Sequence[tuple[GoldLabel, GoldLabel]],
    *,
    missing: Sequence[str] = (),
    reposts: Sequence[str] = (),
    compared_with: str = "twoway",
) -> Evaluation:
    """The figures of (reference, other) label pairs: accuracy, macro-F1 over the intents the
    reference uses, per-intent precision/recall/F1, confusion, asks_question, ICA, kappa."""
    confusion = {g: dict.fromkeys(INTENTS, 0) for g in INTENTS}
    for gold, other in pairs:
        confusion[gold.intent][other.intent] += 1
    per_class = {}
    for intent in INTENTS:
        tp = confusion[intent][intent]
        fp = sum(confusion[g][intent] for g in INTENTS) - tp
        fn = sum(confusion[intent].values()) - tp
        per_class[intent] = (*_prf(tp, fp, fn), sum(confusion[intent].values()))
    n = len(pairs)
    present = [c for c in INTENTS if per_class[c][3]]
    tp_q = sum(1 for gold, other in pairs if gold.asks_question and other.asks_question)
    fp_q = sum(1 for gold, other in pairs if not gold.asks_question and other.asks_question)
    fn_q = sum(1 for gold, other in pairs if gold.asks_question and not other.asks_question)
    accuracy = sum(g.intent == o.intent for g, o in pairs) / n if n else 0.0
    return Evaluation(
        n=n,
        accuracy=accuracy,
        macro_f1=sum(per_class[c][2] for c in present) / len(present) if present else 0.0,
        per_class=per_class,
        confusion=confusion,
        question=(*_prf(tp_q, fp_q, fn_q), tp_q + fn_q),
        ica_accuracy=sum(ICA[g.intent] == ICA[o.intent] for g, o in pairs) / n if n else 0.0,
        kappa=_kappa(confusion, accuracy, n),
        missing=list(missing),
        reposts=list(reposts),
        compared_with=compared_with,
    )


def _kappa(confusion: Mapping[str, Mapping[str, int]], accuracy: float, n: int) -> float | None:
    """Cohen's kappa: agreement beyond what the two sides' class shares give by chance
    (None when chance alone agrees on everything, e.g. a single class)."""
    if not n:
        return None
    chance = sum(
        sum(confusion[c].values()) * sum(confusion[g][c] for g in INTENTS) for c in INTENTS
    ) / (n * n)
    return (accuracy - chance) / (1 - chance) if chance < 1 else None


def _predict(
    posts: Sequence[Post], wanted: Iterable[int], model: Model | None = None
) -> dict[int, tuple[str, bool]]:
    """Labels for the wanted posts, classified with the rest of their account (context matters)."""
    wanted = set(wanted)
    accounts = {(posts[i].platform, posts[i].account_id or posts[i].account) for i in wanted}
    chosen = [i for i, p in enumerate(posts) if (p.platform, p.account_id or p.account) in accounts]
    labelled = classify([posts[i] for i in chosen], model=model)
    out = {}
    for i, labels in zip(chosen, labelled, strict=True):
        if i in wanted and labels.intent is not None:
            out[i] = (str(labels.intent.value), bool(labels.asks_question.value))
    return out
