"""Recommendations: at most five, most impactful first, each on a rule, with figures, the
account's own posts as evidence and one next action."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tests.coach.builders import hours, labelled, post

from twoway.audit import Finding, Score, ScorePart
from twoway.classifier.labels import PostLabels
from twoway.coach import recommend
from twoway.coach.recommendations import ADVICE
from twoway.model import Kind
from twoway.rules import REGISTRY

NAMES = {advice.code: advice.name for advice in ADVICE}


def finding(code: str, level: str = "warning", message: str = "figures") -> Finding:
    return Finding(code=code, name=NAMES.get(code, "mystery-rule"), level=level, message=message)


def every_finding() -> list[Finding]:
    return [finding(advice.code) for advice in ADVICE]


def score(**points: float) -> Score:
    """A score whose parts have the given points (all at their maximum unless named)."""
    maxima = {
        "two_way_share": 40,
        "question_share": 15,
        "people_replied_to": 10,
        "response_rate_72h": 15,
        "link_only_share": 10,
        "promotion_share": 10,
    }
    parts = tuple(
        ScorePart(
            name=name,
            label=name,
            value=None,
            shown="",
            points=float(points.get(name, top)),
            max_points=float(top),
        )
        for name, top in maxima.items()
    )
    return Score(value=round(sum(part.points for part in parts)), parts=parts)


METRICS: dict[str, Any] = {
    "posts": {"count": 20, "per_active_day": 4.0},
    "kind_share": {"original": 0.6, "reply": 0.05, "thread": 0.0, "repost": 0.3, "quote": 0.05},
    "intent_share": {"community": 0.02},
    "two_way_share": 0.1,
    "link_only_share": 0.45,
    "promotion_share": 0.35,
    "personal_share": 0.0,
    "question_share": 0.0,
    "automated_share": 0.4,
    "duplicate_share": 0.15,
    "people_replied_to": 1,
    "unanswered": 38,
    "response_rate_72h": 0.07,
    "first_response_minutes": {"median": 2880.0, "p90": 10080.0, "n": 30},
    "reply_latency_minutes": {"median": 1500.0, "p90": 4000.0, "n": 12},
    "clients": {"Buffer": 0.3, "IFTTT": 0.1, "Twitter for iPhone": 0.6},
}


def account() -> list[PostLabels]:
    """Twenty posts: link-only ones, offers, reposts, one slow reply, automated repeats."""
    labels = [
        labelled(post("1", "Our new blog post https://millbakes.example/1"), link_only=True),
        labelled(post("2", "20% off all loaves, order now"), "promotion"),
        labelled(post("3", "RT @mill: flour news", kind=Kind.REPOST)),
        labelled(
            post(
                "4",
                "@ana_b Thanks, see you soon!",
                kind=Kind.REPLY,
                reply_to_account="ana_b",
                reply_to_time=hours(4) - timedelta(days=2),
                replies=2,
            ),
            "conversation",
        ),
        labelled(post("5", "Gift cards | Mill Bakes https://millbakes.example/g"), link_only=True),
        labelled(post("6", "Book your cake now https://millbakes.example/c"), "promotion"),
        labelled(post("7", "RT @paper: town news", kind=Kind.REPOST)),
        labelled(post("8", "Sold out today", replies=1), automated=True, duplicate=True),
        labelled(post("9", "Sold out today"), automated=True, duplicate=True),
        labelled(post("10", "Our new blog post https://millbakes.example/10"), link_only=True),
        labelled(post("11", "Follow us for daily specials!"), "promotion", follow_begging=True),
        labelled(post("12", "RT @mill: more flour", kind=Kind.REPOST)),
        labelled(post("13", "Sold out today"), automated=True, duplicate=True),
        labelled(post("14", "Opening hours for Easter"), "information"),
        labelled(post("15", "RT @paper: weather", kind=Kind.REPOST)),
        labelled(
            post("16", "Gift cards | Mill Bakes https://millbakes.example/g2"), link_only=True
        ),
        labelled(post("17", "RT @mill: harvest", kind=Kind.REPOST)),
        labelled(post("18", "Order your hot cross buns https://millbakes.example/h"), "promotion"),
        labelled(post("19", "RT @paper: fair", kind=Kind.REPOST)),
        labelled(post("20", "Sold out today"), automated=True, duplicate=True),
    ]
    return labels


def test_at_most_five_recommendations() -> None:
    recs = recommend(every_finding(), METRICS, account(), score(two_way_share=4))
    assert len(recs) == 5
    assert len(recommend(every_finding(), METRICS, account(), score(), limit=2)) == 2
    assert len(recommend(every_finding(), METRICS, account(), score(), limit=50)) == 5


def test_ordered_by_the_score_points_the_change_could_win() -> None:
    recs = recommend(every_finding(), METRICS, account(), score(two_way_share=4))
    assert [rec.impact for rec in recs] == sorted((rec.impact for rec in recs), reverse=True)
    assert recs[0].code == "TW201"  # two-way share: 36 of 40 points missing
    assert recs[0].impact == 36.0


def test_the_weakest_part_of_the_score_decides_what_comes_first() -> None:
    findings = [finding("TW201"), finding("TW202"), finding("TW205")]
    promotion_first = recommend(findings, METRICS, account(), score(promotion_share=0))
    assert promotion_first[0].code == "TW202"
    answers_first = recommend(findings, METRICS, account(), score(response_rate_72h=1))
    assert answers_first[0].code == "TW205"
    assert answers_first[0].impact == 14.0


def test_equal_impact_keeps_the_more_serious_level_first() -> None:
    # Nothing missing from the score: every impact is 0.
    findings = [finding("TW209", "hint"), finding("TW208", "error")]
    recs = recommend(findings, METRICS, account(), score())
    assert [rec.code for rec in recs] == ["TW208", "TW209"]
    assert all(rec.impact == 0 for rec in recs)


def test_evidence_is_the_accounts_own_most_recent_posts_that_show_the_problem() -> None:
    labels = account()
    by_id = {item.post.id: item.post for item in labels}
    recs = {
        rec.code: rec for rec in recommend(every_finding(), METRICS, labels, score(two_way_share=0))
    }
    broadcast = recs["TW201"]
    assert [e.post_id for e in broadcast.evidence] == ["18", "16", "11"]
    for rec in recs.values():
        assert len(rec.evidence) <= 3
        for evidence in rec.evidence:
            own = by_id[evidence.post_id]
            assert evidence.url == own.url == f"https://x.com/millbakes/status/{own.id}"
            assert evidence.text == own.text
            assert evidence.created_at == own.created_at


@pytest.mark.parametrize(
    ("code", "ids"),
    [
        ("TW202", ["18", "11", "6"]),  # promotion (and follow begging)
        ("TW204", ["19", "17", "15"]),  # bare reposts
        ("TW206", ["4"]),  # the one reply that came days late
        ("TW208", ["20", "13", "9"]),  # automated
        ("TW209", ["20", "13", "9"]),  # repeats
        ("TW205", ["8", "4"]),  # the posts that drew replies, not the messages
        ("TW203", ["20", "18", "14"]),  # news and offers in its own words, and nobody in them
        ("TW207", ["20", "18", "16"]),  # its own posts that address nobody
        ("TW210", ["14", "13", "12"]),  # the one-way posts of its busiest day
    ],
)
def test_evidence_for_each_rule(code: str, ids: list[str]) -> None:
    (rec,) = recommend([finding(code)], METRICS, account(), score())
    assert [e.post_id for e in rec.evidence] == ids


def test_later_recommendations_cite_other_posts_when_they_can() -> None:
    findings = [finding("TW201"), finding("TW202")]
    broadcast, promotion = recommend(findings, METRICS, account(), score(two_way_share=0))
    assert [e.post_id for e in broadcast.evidence] == ["18", "16", "11"]
    assert [e.post_id for e in promotion.evidence] == ["6", "2"]


def test_posts_are_cited_again_rather_than_fewer_than_two() -> None:
    # Automated posts and repeats are the same four posts here: the second cites the same.
    automated, repeats = recommend(
        [finding("TW208"), finding("TW209")], METRICS, account(), score()
    )
    assert [e.post_id for e in automated.evidence] == ["20", "13", "9"]
    assert [e.post_id for e in repeats.evidence] == ["20", "13", "9"]


def test_unanswered_mentions_without_replied_posts_has_no_evidence() -> None:
    labels = [labelled(post(str(i), "Sold out today")) for i in range(1, 6)]
    (rec,) = recommend([finding("TW205")], METRICS, labels, score())
    assert rec.evidence == ()


def test_why_gives_the_figures() -> None:
    everything = {
        rec.code: rec
        for chunk in ([f] for f in every_finding())
        for rec in recommend(chunk, METRICS, account(), score())
    }
    assert everything["TW201"].why == (
        "Only 2 of your 20 posts (10%) talk with anyone: replies, questions, thanks; 9 are a link "
        "with hardly a word of your own."
    )
    assert everything["TW205"].why == (
        "38 messages from people who wrote to you got no answer at all, and only 7% of messages "
        "were answered within 72 hours."
    )
    assert everything["TW206"].why == (
        "Half of the people who wrote to you waited at least 2 days for a first answer; one in "
        "ten took at least 7 days."
    )
    assert everything["TW208"].why == (
        "8 of your 20 posts (40%) were made by feeds, schedulers or bots (Buffer 30%, IFTTT 10% "
        "of all posts)."
    )
    assert everything["TW210"].why == (
        "You post 4.0 times on a day you post, but only 10% of your posts talk with anyone."
    )
    for rec in everything.values():
        assert rec.title
        assert rec.action
        assert rec.why.endswith(".")


@pytest.mark.parametrize(
    ("code", "changes", "why"),
    [
        (
            "TW203",
            {"personal_share": 0.0, "intent_share": {"community": 0.0}},
            "None of your 20 posts say anything about the people behind the account, and 0% of "
            "your own posts thank or recognise others.",
        ),
        (
            "TW203",
            {"personal_share": 0.1, "intent_share": {"community": 0.001}},
            "Only 2 of your 20 posts (10%) say anything about the people behind the account, and "
            "<1% of your own posts thank or recognise others.",
        ),
        (
            "TW204",
            {"kind_share": {"repost": 0.3, "quote": 0.0}},
            "6 of your 20 posts (30%) are reposts without a word of your own; none quotes a post "
            "with a comment.",
        ),
        (
            "TW204",
            {"kind_share": {"repost": 0.3, "quote": 0.05}},
            "6 of your 20 posts (30%) are reposts without a word of your own; only 1 quotes a "
            "post with a comment.",
        ),
        (
            "TW201",
            {"two_way_share": 0.0, "link_only_share": 0.0},
            "None of your 20 posts talk with anyone: replies, questions, thanks.",
        ),
        (
            "TW207",
            {"posts": {"count": 2000}, "kind_share": {"reply": 0.01}, "question_share": 0.002},
            "Only 20 of your 2000 posts (1%) reply to someone, and 4 (<1%) ask anyone a question; "
            "you talked with 1 person in all.",
        ),
        (
            "TW207",
            {"kind_share": {"reply": 0.0}, "question_share": 0.0, "people_replied_to": 0},
            "None of your 20 posts reply to someone, and none asks a question; you talked with 0 "
            "people in all.",
        ),
    ],
)
def test_why_never_says_only_0_or_0_percent_of_something(
    code: str, changes: dict[str, Any], why: str
) -> None:
    """ "Only 0 of your 89 posts (0%)" and "4 (0%) ask a question" read as mistakes."""
    (rec,) = recommend([finding(code)], {**METRICS, **changes}, account(), score())
    assert rec.why == why


@pytest.mark.parametrize(
    ("link_only", "action"),
    [
        (
            0.45,
            "This week, turn two of your link posts into questions: add one sentence on why you "
            "share it, and ask people what they think.",
        ),
        (
            0.004,
            "This week, end two of your own posts with a question your followers can answer in a "
            "few words, and reply to everyone who answers.",
        ),
    ],
)
def test_broadcast_heavy_asks_for_link_posts_only_of_an_account_that_has_them(
    link_only: float, action: str
) -> None:
    """An account that hardly posts bare links was told to turn its link posts into questions."""
    metrics = {**METRICS, "link_only_share": link_only}
    (rec,) = recommend([finding("TW201")], metrics, account(), score())
    assert rec.action == action


def test_a_bare_repost_without_text_is_named_in_the_evidence() -> None:
    """A Mastodon boost has no text of its own: the evidence was an empty box."""
    labels = [
        labelled(post("1", "", kind=Kind.REPOST, reposted_account="ana@social.example")),
        labelled(post("2", "", kind=Kind.REPOST)),
        labelled(post("3", "RT @mill: flour news", kind=Kind.REPOST)),
    ]
    (rec,) = recommend([finding("TW204")], METRICS, labels, score())
    assert [item.text for item in rec.evidence] == [
        "RT @mill: flour news",
        "(a repost of another account's post, with no words of your own)",
        "(a repost of @ana@social.example's post, with no words of your own)",
    ]


def test_slow_replies_without_inbound_messages_speak_of_reply_times() -> None:
    metrics = {**METRICS, "first_response_minutes": None}
    (rec,) = recommend([finding("TW206")], metrics, account(), score())
    assert rec.why == (
        "Half of your replies came at least 25 hours after the post they answer; one in ten "
        "took at least 2 days."
    )


@pytest.mark.parametrize(
    ("first_response", "why"),
    [
        # 234 minutes is 3.9 hours: "more than 4 hours" was false.  Under ten answers there is
        # no "one in ten" to speak of (it said so of a single answer).
        (
            {"median": 234.0, "p90": 234.0, "n": 1},
            "Half of the people who wrote to you waited at least 3 hours for a first answer.",
        ),
        (
            {"median": 89.6, "p90": 4300.0, "n": 9},
            "Half of the people who wrote to you waited at least 89 minutes for a first answer.",
        ),
        (
            {"median": 61.0, "p90": 4319.0, "n": 10},
            "Half of the people who wrote to you waited at least 61 minutes for a first answer; "
            "one in ten took at least 2 days.",
        ),
    ],
)
def test_slow_replies_claim_no_more_than_the_figures(
    first_response: dict[str, float], why: str
) -> None:
    metrics = {**METRICS, "first_response_minutes": first_response}
    (rec,) = recommend([finding("TW206")], metrics, account(), score())
    assert rec.why == why


def test_why_falls_back_to_the_findings_message_without_the_metrics() -> None:
    (rec,) = recommend([finding("TW209", message="25% of posts repeat")], {}, account(), score())
    assert rec.why == "25% of posts repeat."


def test_unknown_rules_are_ignored_not_invented() -> None:
    unknown = [
        Finding(code="TW299", name="mystery-rule", level="error", message="?"),
        Finding(code="TW101", name="link-only-post", level="warning", message="a post rule"),
    ]
    assert recommend(unknown, METRICS, account(), score(two_way_share=0)) == []
    recs = recommend([*unknown, finding("TW209")], METRICS, account(), score())
    assert [rec.code for rec in recs] == ["TW209"]


def test_a_rule_found_twice_is_recommended_once() -> None:
    recs = recommend([finding("TW209"), finding("TW209")], METRICS, account(), score())
    assert len(recs) == 1


def test_a_finding_is_known_by_its_code_or_its_name() -> None:
    by_code = dataclasses.replace(finding("TW209"), name="")
    by_name = dataclasses.replace(finding("TW209"), code="")
    assert len(recommend([by_code], METRICS, account(), score())) == 1
    assert len(recommend([by_name], METRICS, account(), score())) == 1


def test_the_advice_table_covers_every_account_rule_by_its_code_and_name() -> None:
    rules = {(rule.code, rule.name) for rule in REGISTRY.of_scope("account")}
    assert {(advice.code, advice.name) for advice in ADVICE} == rules
    assert all(advice.parts for advice in ADVICE)


def test_the_busiest_day_is_a_day_of_the_audits_time_zone() -> None:
    """Two posts on 1 July and four on 2 July in UTC; in New York (UTC-4) three of those four
    were still 1 July evening, which becomes the busiest day."""
    times = {
        "1": "2024-07-01T10:00",
        "2": "2024-07-01T11:00",
        "3": "2024-07-02T00:30",
        "4": "2024-07-02T01:00",
        "5": "2024-07-02T01:30",
        "6": "2024-07-02T12:00",
    }
    labels = [
        labelled(
            post(i, "Fresh bread today", at=datetime.fromisoformat(t + "+00:00")), "information"
        )
        for i, t in times.items()
    ]
    (utc,) = recommend([finding("TW210")], METRICS, labels, score())
    assert [e.post_id for e in utc.evidence] == ["6", "5", "4"]
    (local,) = recommend(
        [finding("TW210")], METRICS, labels, score(), zone=ZoneInfo("America/New_York")
    )
    assert [e.post_id for e in local.evidence] == ["5", "4", "3"]
