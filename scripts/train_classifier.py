"""Train twoway's intent and question models and write src/twoway/classifier/model.npz.

    pip install -e '.[train]'
    python scripts/train_classifier.py              # train, then report on labels/dev.csv
    python scripts/train_classifier.py --holdout    # also: leave each labelled account out in turn
    python scripts/train_classifier.py --languages  # also: leave each written language out in turn
    python scripts/train_classifier.py --cv         # also: leave each training source out in turn

Training data, all in this repository or beside it:

* labels/synthetic*.csv: texts written for twoway (about 40 languages), with their labels;
* labels/train.csv: references (``account:post id``) to real posts in ../shared/data, labelled by
  hand by CODEBOOK.md; the posts themselves are read from the exports there and never copied
  (texts of tweet-act-train.csv by row number: ``tweet-act-train:<row>``).

labels/dev.csv and labels/dev-many.csv are never trained on; they are what docs/accuracy.md
reports.  The models are scikit-learn logistic regressions over binary features
(twoway.classifier.features), with class weights between none and balanced (``--class-power``);
the vocabulary is every feature seen at least twice in training plus every cue and structure
feature.  The same data and seed give the same weights.  The defaults (C, class weights, the
weight of real posts) were chosen on the held-out accounts, the cross-validation over the
training accounts and the held-out languages, not on dev.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from twoway import load
from twoway.classifier import INTENTS, Model, classify
from twoway.classifier.features import extract
from twoway.drafts import draft_post
from twoway.evaluation import EXPORTS, evaluate, post_keys, read_labels, resolve
from twoway.model import Post

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "labels"
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "twoway" / "classifier" / "model.npz"


TWEET_ACT = SHARED / "tweet-act-train.csv"


def tweet_act_posts() -> list[Post]:
    """The texts of tweet-act-train.csv as posts named ``tweet-act-train:<row>`` (rows from 1)."""
    with TWEET_ACT.open(newline="", encoding="utf-8") as stream:
        return [
            draft_post(row["text"], id=str(number), source=str(TWEET_ACT), record=number)
            for number, row in enumerate(csv.DictReader(stream), 1)
        ]


def synthetic() -> list[tuple[Post, str, bool]]:
    """The written texts of every labels/synthetic*.csv, with their intent and question label."""
    rows = []
    for path in sorted(LABELS.glob("synthetic*.csv")):
        with path.open(newline="", encoding="utf-8") as stream:
            for number, row in enumerate(csv.DictReader(stream), 1):
                post = draft_post(row["text"], id=f"{path.stem}:{number}", lang=row["lang"])
                rows.append((post, row["intent"], row["asks_question"] == "true"))
    return rows


def real(labels_file: Path, posts: dict[str, Post]) -> list[tuple[Post, str, bool]]:
    rows = []
    for ref, label in read_labels(labels_file).items():
        post = resolve(ref, posts)
        if post is None:
            sys.exit(f"{labels_file.name}: {ref} is not in the exports in {SHARED}")
        rows.append((post, label.intent, label.asks_question))
    return rows


def fit(
    rows: list[tuple[Post, str, bool]],
    weights: list[float],
    c_intent: float = 1.0,
    c_question: float = 1.0,
    class_power: float = 0.5,
) -> Model:
    """Train both models on ``rows`` (post, intent, asks_question) with per-row ``weights``.

    Intent classes are weighted ``(n / (classes * count)) ** class_power``: 1 is scikit-learn's
    "balanced", 0 no weighting; 0.5 keeps the small classes visible without making every post
    that has no cue a quote (chosen on the held-out accounts and the cross-validation, not dev).
    """
    found = [extract(post).features for post, _, _ in rows]
    counts = Counter(f for features in found for f in set(features))
    vocabulary = sorted(f for f, n in counts.items() if n >= 2 or f[0] in "\x01\x02")
    index = {f: i for i, f in enumerate(vocabulary)}
    indptr, indices = [0], []
    for features in found:
        ids = sorted({index[f] for f in features if f in index})
        indices.extend(ids)
        indptr.append(len(indices))
    matrix = csr_matrix(
        (np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocabulary))
    )
    sample_weight = np.asarray(weights)
    intents = [intent for _, intent, _ in rows]
    counted = Counter(intents)
    class_weight = {
        c: (len(intents) / (len(counted) * n)) ** class_power for c, n in counted.items()
    }
    intent_model = LogisticRegression(
        C=c_intent, class_weight=class_weight, max_iter=3000, random_state=0
    )
    intent_model.fit(matrix, intents, sample_weight=sample_weight)
    order = [list(intent_model.classes_).index(c) for c in INTENTS]
    questions = [asks for _, _, asks in rows]
    question_model = LogisticRegression(
        C=c_question, class_weight="balanced", max_iter=3000, random_state=0
    )
    question_model.fit(matrix, questions, sample_weight=sample_weight)
    return Model(
        vocabulary,
        intent_model.coef_.T[:, order],
        intent_model.intercept_[order],
        question_model.coef_[0],
        float(question_model.intercept_[0]),
        INTENTS,
    )


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def scores(pairs: list[tuple[tuple[str, bool], tuple[str, bool]]]) -> tuple[float, float, float]:
    """Intent accuracy, intent macro-F1 (over the intents present) and ``asks_question`` F1 of
    (gold, predicted) pairs of (intent, asks_question)."""
    present = {gold[0] for gold, _ in pairs}
    f1s = [
        _f1(
            sum(g[0] == c and p[0] == c for g, p in pairs),
            sum(g[0] != c and p[0] == c for g, p in pairs),
            sum(g[0] == c and p[0] != c for g, p in pairs),
        )
        for c in present
    ]
    question = _f1(
        sum(g[1] and p[1] for g, p in pairs),
        sum(not g[1] and p[1] for g, p in pairs),
        sum(g[1] and not p[1] for g, p in pairs),
    )
    accuracy = sum(g[0] == p[0] for g, p in pairs) / len(pairs)
    return accuracy, sum(f1s) / len(f1s), question


def leave_languages_out(
    written: list[tuple[Post, str, bool]],
    rows: list[tuple[Post, str, bool]],
    weights: list[float],
    **options: float,
) -> None:
    """Train without the written texts of one language at a time and label them: how twoway reads
    a language it has no training texts of (only the lexicon's cue phrases and the structure
    features carry over).  Prints each language and the pooled figures, for all written texts,
    for those of labels/synthetic.csv and synthetic-2.csv (the texts measured before
    synthetic-3) and for those of synthetic.csv alone (the eight languages measured before
    synthetic-2)."""
    languages = sorted({post.lang or "" for post, _, _ in written} - {"en", ""})
    pooled: list[tuple[tuple[str, bool], tuple[str, bool]]] = []
    first: list[tuple[tuple[str, bool], tuple[str, bool]]] = []
    earlier: list[tuple[tuple[str, bool], tuple[str, bool]]] = []
    print("\n## Each language of the written texts left out of training, tested on its texts\n")
    print(
        "| language | texts | intent accuracy | macro-F1 | `asks_question` F1 |\n|---|---|---|---|---|"
    )
    for language in languages:
        keep = [(r, w) for r, w in zip(rows, weights, strict=True) if r[0].lang != language]
        model = fit([r for r, _ in keep], [w for _, w in keep], **options)
        tested = [r for r in written if r[0].lang == language]
        labelled = classify([post for post, _, _ in tested], model=model)
        named = [
            (post.id, ((intent, asks), (str(got.intent.value), bool(got.asks_question.value))))
            for (post, intent, asks), got in zip(tested, labelled, strict=True)
            if got.intent is not None
        ]
        pairs = [pair for _, pair in named]
        pooled += pairs
        first += [pair for name, pair in named if name.startswith("synthetic:")]
        earlier += [pair for name, pair in named if name.startswith(("synthetic:", "synthetic-2:"))]
        accuracy, macro, question = scores(pairs)
        print(f"| {language} | {len(pairs)} | {accuracy:.3f} | {macro:.3f} | {question:.3f} |")
    for name, pairs in (
        ("all", pooled),
        ("synthetic.csv and synthetic-2.csv", earlier),
        ("synthetic.csv only", first),
    ):
        accuracy, macro, question = scores(pairs)
        print(f"| pooled, {name} | {len(pairs)} | {accuracy:.3f} | {macro:.3f} | {question:.3f} |")


def leave_sources_out(
    rows: list[tuple[Post, str, bool]],
    weights: list[float],
    train: list[tuple[Post, str, bool]],
    **options: float,
) -> None:
    """Cross-validation over the training sources: train without the posts of one account (or of
    tweet-act-train.csv) at a time, written texts kept, and label that source's training posts.
    Unlike --holdout, this tests on posts dev.csv does not hold."""
    print("\n## Each training source left out, tested on its training posts\n")
    print(
        "| source | posts | intent accuracy | macro-F1 | `asks_question` F1 |\n|---|---|---|---|---|"
    )
    means = []
    for source in sorted({post.provenance.file.split(":")[0] for post, _, _ in train}):
        keep = [
            (r, w)
            for r, w in zip(rows, weights, strict=True)
            if not r[0].provenance.file.startswith(source)
        ]
        held = fit([r for r, _ in keep], [w for _, w in keep], **options)
        tested = [r for r in train if r[0].provenance.file.startswith(source)]
        labelled = classify([post for post, _, _ in tested], model=held)
        pairs = [
            ((intent, asks), (str(got.intent.value), bool(got.asks_question.value)))
            for (_, intent, asks), got in zip(tested, labelled, strict=True)
            if got.intent is not None
        ]
        accuracy, macro, question = scores(pairs)
        means.append((accuracy, macro))
        print(
            f"| {Path(source).name} | {len(pairs)} | {accuracy:.3f} | {macro:.3f} | {question:.3f} |"
        )
    accuracy, macro = np.mean(means, axis=0)
    print(f"| mean of the sources | | {accuracy:.3f} | {macro:.3f} | |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--c-intent", type=float, default=1.0)
    parser.add_argument("--c-question", type=float, default=1.0)
    parser.add_argument(
        "--class-power",
        type=float,
        default=0.5,
        help="class weights (n / count) ** power: 1 balanced, 0 none",
    )
    parser.add_argument(
        "--real-weight", type=float, default=3.0, help="weight of a real post against a written one"
    )
    parser.add_argument(
        "--many-weight", type=float, default=1.0, help="weight of a tweet-act text (many accounts)"
    )
    parser.add_argument(
        "--holdout", action="store_true", help="also train without each account and test on it"
    )
    parser.add_argument(
        "--languages",
        action="store_true",
        help="also train without each language's written texts and test on them",
    )
    parser.add_argument(
        "--cv",
        action="store_true",
        help="also train without each training source and test on its training posts",
    )
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(
            f"{SHARED} is missing: training reads the labelled posts from the real exports there"
        )
    paths = [SHARED / name for name in EXPORTS]
    loaded = load(paths).posts + tweet_act_posts()
    posts = {key: p for p in loaded for key in post_keys(p)}
    written = synthetic()
    train = real(LABELS / "train.csv", posts)
    rows = written + train
    weights = [1.0] * len(written) + [
        args.many_weight if post.provenance.file == str(TWEET_ACT) else args.real_weight
        for post, _, _ in train
    ]
    options = {
        "c_intent": args.c_intent,
        "c_question": args.c_question,
        "class_power": args.class_power,
    }
    model = fit(rows, weights, **options)
    model.save(args.out)
    print(
        f"trained on {len(written)} written texts and {len(train)} real posts; vocabulary {len(model.vocabulary)}"
    )
    print(f"wrote {args.out}")
    result = evaluate(read_labels(LABELS / "dev.csv"), loaded, model=model)
    print(result.render())
    many = LABELS / "dev-many.csv"
    if many.exists():
        print(
            "\n## dev-many: texts of many accounts never seen in training (tweet-act rows 2501-5000)\n"
        )
        print(evaluate(read_labels(many), loaded, model=model).render())
    if args.holdout:
        dev = read_labels(LABELS / "dev.csv")
        by_source: dict[str, set[str]] = {}
        for ref in dev:
            post = resolve(ref, posts)
            if post is not None:
                by_source.setdefault(post.provenance.file.split(":")[0], set()).add(ref)
        for source, refs in sorted(by_source.items()):
            keep = [
                (r, w)
                for r, w in zip(rows, weights, strict=True)
                if not r[0].provenance.file.startswith(source)
            ]
            held = fit([r for r, _ in keep], [w for _, w in keep], **options)
            outcome = evaluate({ref: dev[ref] for ref in refs}, loaded, model=held)
            print(f"\n## {Path(source).name} left out of training, tested on its dev posts\n")
            print(outcome.render(short=True))
    if args.cv:
        leave_sources_out(rows, weights, train, **options)
    if args.languages:
        leave_languages_out(written, rows, weights, **options)


if __name__ == "__main__":
    main()
