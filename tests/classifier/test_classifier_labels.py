"""What the shipped model says about clear cases of CODEBOOK.md, in languages it was trained on and
in languages it has no training texts of (only the lexicon's cues and the structure carry over)."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest

from twoway.classifier import INTENTS, Model, classify_texts

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
