"""Train twoway's intent and question models and write src/twoway/classifier/model.npz.

    pip install -e '.[train]'
    python scripts/train_classifier.py            # train, then report on labels/dev.csv
    python scripts/train_classifier.py --holdout  # also: leave each labelled account out in turn

Training data, all in this repository or beside it:

* labels/synthetic.csv: texts written for twoway (nine languages), with their labels;
* labels/train.csv: references (``account:post id``) to real posts in ../shared/data, labelled by
  hand by CODEBOOK.md; the posts themselves are read from the exports there and never copied
  (texts of tweet-act-train.csv by row number: ``tweet-act-train:<row>``).

labels/dev.csv and labels/dev-many.csv are never trained on; they are what docs/accuracy.md
reports.  The models are
scikit-learn logistic regressions over binary features (twoway.classifier.features), with balanced
class weights; the vocabulary is every feature seen at least twice in training plus every cue and
structure feature.  The same data and seed give the same weights.
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
from twoway.classifier import INTENTS, Model
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
    rows = []
    with (LABELS / "synthetic.csv").open(newline="", encoding="utf-8") as stream:
        for number, row in enumerate(csv.DictReader(stream), 1):
            post = draft_post(row["text"], id=f"s{number}", lang=row["lang"])
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


def fit(rows: list[tuple[Post, str, bool]], weights: list[float], c_intent: float, c_question: float) -> Model:
    found = [extract(post).features for post, _, _ in rows]
    counts = Counter(f for features in found for f in set(features))
    vocabulary = sorted(f for f, n in counts.items() if n >= 2 or f[0] in "\x01\x02")
    index = {f: i for i, f in enumerate(vocabulary)}
    indptr, indices = [0], []
    for features in found:
        ids = sorted({index[f] for f in features if f in index})
        indices.extend(ids)
        indptr.append(len(indices))
    matrix = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocabulary)))
    sample_weight = np.asarray(weights)
    intents = [intent for _, intent, _ in rows]
    intent_model = LogisticRegression(C=c_intent, class_weight="balanced", max_iter=3000, random_state=0)
    intent_model.fit(matrix, intents, sample_weight=sample_weight)
    order = [list(intent_model.classes_).index(c) for c in INTENTS]
    questions = [asks for _, _, asks in rows]
    question_model = LogisticRegression(C=c_question, class_weight="balanced", max_iter=3000, random_state=0)
    question_model.fit(matrix, questions, sample_weight=sample_weight)
    return Model(
        vocabulary,
        intent_model.coef_.T[:, order],
        intent_model.intercept_[order],
        question_model.coef_[0],
        float(question_model.intercept_[0]),
        INTENTS,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--c-intent", type=float, default=1.0)
    parser.add_argument("--c-question", type=float, default=1.0)
    parser.add_argument("--real-weight", type=float, default=3.0, help="weight of a real post against a written one")
    parser.add_argument("--many-weight", type=float, default=1.0, help="weight of a tweet-act text (many accounts)")
    parser.add_argument("--holdout", action="store_true", help="also train without each account and test on it")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} is missing: training reads the labelled posts from the real exports there")
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
    model = fit(rows, weights, args.c_intent, args.c_question)
    model.save(args.out)
    print(f"trained on {len(written)} written texts and {len(train)} real posts; vocabulary {len(model.vocabulary)}")
    print(f"wrote {args.out}")
    result = evaluate(read_labels(LABELS / "dev.csv"), loaded, model=model)
    print(result.render())
    many = LABELS / "dev-many.csv"
    if many.exists():
        print("\n## dev-many: texts of many accounts never seen in training (tweet-act rows 2501-5000)\n")
        print(evaluate(read_labels(many), loaded, model=model).render())
    if args.holdout:
        dev = read_labels(LABELS / "dev.csv")
        by_source: dict[str, set[str]] = {}
        for ref in dev:
            post = resolve(ref, posts)
            if post is not None:
                by_source.setdefault(post.provenance.file.split(":")[0], set()).add(ref)
        for source, refs in sorted(by_source.items()):
            keep = [(r, w) for r, w in zip(rows, weights, strict=True) if not r[0].provenance.file.startswith(source)]
            held = fit([r for r, _ in keep], [w for _, w in keep], args.c_intent, args.c_question)
            outcome = evaluate({ref: dev[ref] for ref in refs}, loaded, model=held)
            print(f"\n## {Path(source).name} left out of training, tested on its dev posts\n")
            print(outcome.render(short=True))


if __name__ == "__main__":
    main()
