"""What the shipped model says about clear cases of CODEBOOK.md, in languages it was trained on and
in languages it has no training texts of (only the lexicon's cues and the structure carry over)."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import UTC, datetime, timedelta
from importlib import resources

import numpy as np
import pytest

from twoway.classifier import (
    INTENTS,
    Label,
    Model,
    PostLabels,
    _rounded,
    classify,
    classify_texts,
    places,
)
from twoway.drafts import draft_post
from twoway.model import Post

CODEBOOK_EXAMPLES = [
    ("@ana did the refill arrive? DM us the order number", "conversation", True),
    ("Which flavour should we bring back in May?", "conversation", True),
    ("Congrats to @riverside_school on the new library!", "community", False),
    ("Thank you all for 10 years of Saturday mornings", "community", False),
    (
        "20% off all sourdough this weekend, order at the link https://example.com/shop",
        "promotion",
        False,
    ),
    ("Follow us for daily tips!", "promotion", False),
    ('"The best time to plant a tree was 20 years ago." #MondayMotivation', "quote", False),
    ("Our shop cat has claimed the new flour sacks as her throne", "personal", False),
    ("Ran my first 10k today, legs are jelly", "personal", False),
    ("Roads closed on Main St until Friday", "information", False),
    ("Is remote work here to stay? https://example.com/remote-work", "information", False),
]

NO_TRAINING_TEXTS = [
    # Estonian, Swahili, Croatian, Lithuanian, Czech: no written or real training text.
    ("Palju õnne meie naabritele raamatupoes 20. sünnipäeva puhul! 🎉", "community", False),
    (
        "Suvine allahindlus: kõik tooted -30% kuni pühapäevani. Telli kohe! https://example.ee",
        "promotion",
        False,
    ),
    ("Tänane kohvik on suletud remondi tõttu. Homme avame tavapärasel ajal.", "information", False),
    ("Hongera kwa timu yetu ya vijana kwa kushinda kombe la jiji! 🏆", "community", False),
    (
        "Je, ni ladha gani tuirudishe msimu huu wa joto? Tuambie kwenye maoni 👇",
        "conversation",
        True,
    ),
    ("Hvala svim volonterima koji su u subotu čistili obalu 💚", "community", False),
    (
        "Vasaros išpardavimas: 30% nuolaida viskam iki sekmadienio. Pirkite dabar!",
        "promotion",
        False,
    ),
    ("@jana Omlouváme se! Můžete nám poslat číslo objednávky?", "conversation", True),
    ('"Elämä on sitä, mitä tapahtuu, kun teet muita suunnitelmia." — John Lennon', "quote", False),
]


@pytest.mark.parametrize(("text", "intent", "asks"), CODEBOOK_EXAMPLES + NO_TRAINING_TEXTS)
def test_clear_cases(text: str, intent: str, asks: bool) -> None:
    labels = classify_texts([text])[0]
    assert labels.intent is not None
    assert (labels.intent.value, labels.asks_question.value) == (intent, asks)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # CODEBOOK.md: a reply that only promotes is promotion ...
        ("@bob buy it here: https://shop.example.com/p/1", "promotion"),
        # ... but one that asks for a detail or a question goes on talking with the customer.
        ("@bob so sorry! Could you DM us your order number? The sale ends Sunday.", "conversation"),
        ("@maria puedes comprarlo aquí, ¿te ayudo con la talla?", "conversation"),
    ],
)
def test_replies_are_conversation_unless_they_only_sell(text: str, intent: str) -> None:
    labels = classify_texts([text])[0]
    assert labels.intent is not None
    assert labels.intent.value == intent


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("@noor Could you send us the email address you used at checkout?", True),
        ("@noor Please DM us your booking reference and the date of your stay.", True),
        ("@noor We're sorry to hear that. DM us and we'll take a look.", False),
        ("@noor Glad it's working again! Let us know if anything else comes up.", False),
        ("Did you know? Honeybees visit two million flowers for one jar of honey.", False),
        (
            "Who doesn't love a long weekend? What's open at Easter: https://example.com/easter",
            False,
        ),
    ],
)
def test_asks_question_follows_the_codebook(text: str, asks: bool) -> None:
    assert classify_texts([text])[0].asks_question.value is asks


def test_shipped_model_is_plain_arrays() -> None:
    source = resources.files("twoway.classifier").joinpath("model.npz")
    with resources.as_file(source) as path, np.load(path, allow_pickle=False) as data:
        vocabulary = bytes(data["vocabulary"]).decode("utf-8").split("\n")
        assert data["intent_weights"].shape == (len(vocabulary), len(INTENTS))
        assert data["question_weights"].shape == (len(vocabulary),)
    model = Model.load()
    assert model.classes == INTENTS
    assert "\x01condolence" in model.index
    assert "\x02asks_detail" in model.index


ACCOUNT = [
    "Fresh sourdough every Saturday from 8am! https://example.com/a",
    "@ana did the refill arrive? DM us the order number",
    "Follow us for daily tips! Like and share!",
    "Fresh sourdough every Saturday from 8am! https://example.com/b",
    "New on the blog: five ways to keep bread fresh https://example.com/p/1",
    "RT @mill: flour prices are up again",
    "Which flavour should we bring back in May? 🍋 or 🍓",
    "今日は雨ですか？",
]


def account_posts() -> list[Post]:
    start = datetime(2024, 5, 1, 9, 15, tzinfo=UTC)
    return [
        dataclasses.replace(
            draft_post(text, id=str(i)),
            platform="x",
            account="bakery",
            account_id="42",
            created_at=start + timedelta(days=i),
            client="dlvr.it" if "blog" in text else None,
        )
        for i, text in enumerate(ACCOUNT)
    ]


def test_labels_do_not_depend_on_the_batch_size() -> None:
    posts = account_posts()
    whole = classify(posts)
    assert classify(posts, batch_size=3) == whole
    assert classify(posts, batch_size=1) == whole
    assert [repr(labels) for labels in classify(posts, batch_size=2)] == list(map(repr, whole))
    assert whole[3].duplicate.cues == ("repeats its post of 2024-05-01",)
    assert whole[4].automated.cues == ("posted by dlvr.it",)


def test_labels_keep_the_cue_phrases_and_word_counts_the_rules_cite() -> None:
    labels = classify(account_posts())
    assert labels[2].phrases == {"follow": "follow us", "info": "tips"}
    assert labels[0].phrases == labels[3].phrases == {"date": "saturday"}
    assert labels[0].phrases is labels[3].phrases  # one mapping for posts that say the same
    assert labels[5].phrases is None
    assert [label.own_words for label in labels[:3]] == [6, 9, 8]
    # Equal labels are equal whatever was kept beside them.
    assert dataclasses.replace(labels[2], phrases=None, own_words=None) == labels[2]
    assert "phrases" not in repr(labels[2])


@pytest.mark.parametrize(
    "value",
    [0.0, 1.0, 0.5, 0.0005, 0.0015, 0.1235, 0.9995, 0.3334999999999999, 0.6665, 2.675e-1],
)
def test_rounded_is_round(value: float) -> None:
    values = np.array([value, np.nextafter(value, 0.0), np.nextafter(value, 1.0)])
    assert _rounded(values) == [round(v, 3) for v in values.tolist()]


def test_rounded_is_round_for_many_values() -> None:
    values = np.random.default_rng(7).random(100_000)
    assert _rounded(values) == [round(v, 3) for v in values.tolist()]


def test_labels_take_their_fields_by_position_and_stay_frozen() -> None:
    label = Label(True, 0.9, ("a cue",))
    assert (label.value, label.confidence, label.cues) == (True, 0.9, ("a cue",))
    assert Label(False, 0.5) == Label(value=False, confidence=0.5, cues=())
    with pytest.raises(dataclasses.FrozenInstanceError):
        label.value = False  # type: ignore[misc]


EDGES = [
    "",
    "https://example.com/only-a-link",
    "今日は雨ですか？ 10月1日に開店します",
    "क्या आप आएंगे? धन्यवाद",
    "nul\x00inside, order now!",
    "Did you know? Our bread is fresh " * 150,  # very long
    "@ana @bob thanks both! Follow us for more",
    "RT @mill: flour prices are up again",
    "🙂🙂🙂",
    "新しいパンを焼きました bread fresh https://example.jp/bread-fresh-today",  # read alone
    "Five ways to keep bread fresh https://example.com/five-ways-to-keep-bread-fresh",
]


def edge_posts() -> list[Post]:
    return [draft_post(text, id=str(i)) for i, text in enumerate(EDGES)]


def test_classify_nothing() -> None:
    assert classify([]) == []


@pytest.mark.parametrize("batch_size", [1, 2, 4, 100])
def test_odd_posts_have_the_same_labels_in_any_batch(batch_size: int) -> None:
    posts = edge_posts()
    whole = classify(posts)
    alone = [classify([post])[0] for post in posts]
    batched = classify(posts, batch_size=batch_size)
    for labels in (alone, batched):
        assert list(map(repr, labels)) == list(map(repr, whole))
        assert [label.phrases for label in labels] == [label.phrases for label in whole]
        assert [label.own_words for label in labels] == [label.own_words for label in whole]
    assert (whole[0].own_words, whole[0].phrases) == (0, None)
    assert whole[1].link_only.value is True
    assert whole[7].intent is None
    assert whole[10].link_only.cues == ("text repeats the link's address: a copied title",)


def tie_model(vocabulary: list[str]) -> Model:
    """A model in which ``apple`` and ``banana`` speak equally for community."""
    weights = np.zeros((len(vocabulary), len(INTENTS)))
    for word in ("apple", "banana"):
        weights[vocabulary.index(word), INTENTS.index("community")] = 2.0
    return Model(vocabulary, weights, np.zeros(len(INTENTS)), np.zeros(len(vocabulary)), -5.0)


@pytest.mark.parametrize("text", ["apple banana", "banana apple"])
def test_equal_features_are_cited_lower_feature_index_first(text: str) -> None:
    # banana (1) before apple (33), wherever the text says them.
    vocabulary = [f"w{i}" for i in range(40)]
    vocabulary[33], vocabulary[1] = "apple", "banana"
    [labels] = classify_texts([text], model=tie_model(vocabulary))
    cues = ("says 'banana'", "says 'apple'")
    assert labels.intent == Label("community", labels.intent.confidence, cues)  # type: ignore[union-attr]


def test_the_model_says_quote_only_where_the_post_shows_a_quotation() -> None:
    # A model that says "quote" above all else, then "personal": CODEBOOK.md's quote posts a
    # quotation, so a post with no sign of one takes the next class.
    vocabulary = [f"w{i}" for i in range(10)]
    bias = np.zeros(len(INTENTS))
    bias[INTENTS.index("quote")], bias[INTENTS.index("personal")] = 3.0, 2.0
    model = Model(vocabulary, np.zeros((10, len(INTENTS))), bias, np.zeros(10), -5.0)
    texts = [
        "Pineapple on pizza is fine and you know it.",
        '"Bread is love made visible." — Our baker',
        "So true. MT @ana: the best bread takes time",
    ]
    labelled = [labels.intent for labels in classify_texts(texts, model=model)]
    assert [label.value for label in labelled] == ["personal", "quote", "quote"]  # type: ignore[union-attr]
    # Its confidence: personal's probability among the classes other than quote.
    scores = np.exp(bias) / np.exp(bias).sum()
    quote, personal = scores[INTENTS.index("quote")], scores[INTENTS.index("personal")]
    assert labelled[0] == Label(
        "personal",
        _rounded(np.array([personal / (1 - quote)]))[0],
        ("not a quotation: no quotation marks, attribution or verse",),
    )


def reference_top(flat: list[int], weights: np.ndarray, k: int) -> list[int]:
    """Top ``k`` features of one post by weight (above 0.05), equals in their order."""
    strong = [i for i in flat if weights[i] > 0.05]
    return sorted(strong, key=lambda i: -weights[i])[:k]  # sorted() is stable


def test_top_features_are_the_strongest_equals_in_order() -> None:
    rng = np.random.default_rng(3)
    weights = rng.choice([-1.0, 0.05, 0.2, 0.5, 0.5000001, 0.9], size=30)
    model = Model([f"w{i}" for i in range(30)], np.zeros((30, 6)), np.zeros(6), weights, 0.0)
    posts = [rng.permutation(30)[: rng.integers(0, 12)].tolist() for _ in range(300)]
    flat = np.array([i for post in posts for i in post], dtype=np.int64)
    offsets = np.cumsum([0, *map(len, posts[:-1])])
    tops = model.top_features(flat, offsets, model.question_places, k=3)
    assert tops == [reference_top(post, weights, 3) for post in posts]


def test_places_rank_weights_strongest_first_equals_together() -> None:
    assert places(np.array([0.5, 0.9, 0.05, 0.5, -2.0, 0.3])).tolist() == [1, 0, -1, 1, -1, 2]
    assert places(np.array([[0.1, 0.7], [0.7, 0.0]])).tolist() == [[1, 0], [0, -1]]


def test_post_labels_are_made_many_at_once_as_one_at_a_time() -> None:
    [one] = classify_texts(["Order now! 20% off"])
    fields = [spec.name for spec in dataclasses.fields(PostLabels)]
    columns = {name: [getattr(one, name)] * 2 for name in fields}
    made = PostLabels.many(**columns)
    assert made == [one, one]
    assert [m.phrases for m in made] == [one.phrases] * 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].kind = one.kind  # type: ignore[misc]
    with pytest.raises(TypeError, match="exactly the fields"):
        PostLabels.many(post=[one.post])
    with pytest.raises(ValueError, match="kind has 1 values, not 2"):
        PostLabels.many(**{**columns, "kind": [one.kind]})


def test_labels_are_made_many_at_once_as_one_at_a_time() -> None:
    made = Label.many(value=["quote", True], confidence=[0.5, 0.9], cues=[(), ("says 'hi'",)])
    assert made == [Label("quote", 0.5), Label(True, 0.9, ("says 'hi'",))]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].value = "personal"  # type: ignore[misc]
    with pytest.raises(TypeError, match=r"Label\.many needs exactly the fields"):
        Label.many(value=["quote"], confidence=[0.5])
    with pytest.raises(ValueError, match="cues has 1 values, not 2"):
        Label.many(value=["a", "b"], confidence=[0.5, 0.5], cues=[()])


def test_explanations_cite_no_function_word_and_no_punctuation() -> None:
    from twoway.classifier.lexicon import INTERROGATIVES, STOP_WORDS

    texts = [text for text, _, _ in CODEBOOK_EXAMPLES + NO_TRAINING_TEXTS] + [
        "This is by far the best thing he has done with his band, just saying",
        '"Would you?" "Of course," he said, and that was that.',
        "Ik ben er bij en jij? Wij zijn er ook bij!",
    ]
    for labels in classify_texts(texts):
        for label in (labels.intent, labels.asks_question):
            assert label is not None
            for cue in label.cues:
                if cue.startswith("says "):
                    word = cue.removeprefix("says ").strip("'\"")
                    assert word not in STOP_WORDS, (labels.post.text, cue)
                    assert not all(unicodedata.category(c).startswith("P") for c in word), cue
                if cue.startswith("starts with "):
                    word = cue.removeprefix("starts with ").strip("'\"")
                    assert word not in STOP_WORDS or word in INTERROGATIVES, cue
        assert labels.intent.cues, labels.post.text  # there is always something to read


def test_a_label_no_feature_stands_out_for_says_so() -> None:
    # ordinary words, none of which weighs for an intent: nothing worth citing
    (labels,) = classify_texts(["Plenty of gravel along the northern lane"])
    assert labels.intent is not None
    assert labels.intent.cues == (
        "no single word or sign decides: read from all of the post together",
    )
