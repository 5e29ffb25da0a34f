"""A hand-made audit of an invented account, with hostile texts and URLs, for the report tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from twoway.audit import (
    AccountAudit,
    Archetype,
    AuditReport,
    CueCard,
    Evidence,
    Finding,
    MissedConversation,
    Recommendation,
    Score,
    ScorePart,
)
from twoway.classifier.labels import Label, PostLabels
from twoway.model import Account, Kind, Post, Provenance

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
JS_URL = "javascript:window.__pwned=1"
EVIDENCE_URL = "https://x.com/millbrookbikes/status/1790000000000000001"

START = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
PROVENANCE = Provenance(
    file="archive.zip:data/tweets.js", record=1, importer="x_archive", version="1"
)


def _post(n: int, text: str, kind: Kind = Kind.ORIGINAL, url: str | None = None) -> Post:
    return Post(
        platform="x",
        account="millbrookbikes",
        account_id="42",
        id=str(1790000000000000000 + n),
        created_at=START + timedelta(days=n, hours=n % 7),
        text=text,
        kind=kind,
        provenance=PROVENANCE,
        url=url,
    )


def _labels(post: Post, intent: str | None, confidence: float = 0.9) -> PostLabels:
    no = Label(False, 0.9)
    return PostLabels(
        post=post,
        kind=Label(post.kind.value, 1.0, ("from metadata",)),
        intent=None if intent is None else Label(intent, confidence, (f"cue for {intent}",)),
        asks_question=no,
        link_only=no,
        mentions_others=no,
        follow_begging=no,
        automated=no,
        duplicate=no,
    )


def sample_metrics() -> dict[str, Any]:
    """Metrics under the names the audit uses, some null with their reasons."""
    weekly = []
    for week in range(30):
        day = START.date() + timedelta(weeks=week)
        weekly.append(
            {"week": day.isoformat(), "posts": 3 + week % 5, "two_way_share": (week % 6) / 10}
        )
    weekly[7]["two_way_share"] = None
    weekly[7]["posts"] = 0
    hour_weekday = [[(d * 3 + h) % 5 if 7 <= h <= 19 else 0 for h in range(24)] for d in range(7)]
    return {
        "posts": {
            "count": 120,
            "first": "2024-03-04T09:30:00+00:00",
            "last": "2024-09-27T15:00:00+00:00",
            "per_active_day": 1.4,
        },
        "kind_share": {
            "original": 0.55,
            "reply": 0.1,
            "thread": 0.05,
            "repost": 0.25,
            "quote": 0.05,
        },
        "intent_share": {
            "conversation": 0.08,
            "community": 0.05,
            "promotion": 0.42,
            "quote": 0.1,
            "personal": 0.05,
            "information": 0.3,
        },
        "ica_share": {
            "information": 0.4,
            "community": 0.18,
            "action": 0.42,
            "benchmark": {"information": 0.586, "community": 0.258, "action": 0.156},
        },
        "two_way_share": 0.14,
        "link_only_share": 0.31,
        "question_share": 0.02,
        "promotion_share": 0.42,
        "response_rate_72h": None,
        "response_rate_72h_reason": "no inbound messages in the inputs (add the conversation CSV)",
        "reply_latency_minutes": {"median": 312.5, "p90": 2880, "n": 12},
        "posts_per_day": {"mean": 0.6, "max": 7},
        "busiest_hours": [
            {"hour": 9, "posts": 14},
            {"hour": 12, "posts": 11},
            {"hour": 17, "posts": 9},
        ],
        "clients": {"Buffer": 0.6, "Twitter Web App": 0.4},
        "conversation_rate": None,
        "conversation_rate_reason": "the archive has no reply counts",
        "weekly": weekly,
        "hour_weekday": hour_weekday,
        "reply_latency_histogram": {
            "edges": [0, 5, 15, 60, 240, 1440, 4320, 10080],
            "counts": [1, 1, 2, 3, 4, 2, 1, 0],
        },
    }


def sample_report(metrics: dict[str, Any] | None = None) -> AuditReport:
    """One account's audit with hostile texts everywhere data text can go."""
    posts = [
        _post(1, f"Grand reopening! {SCRIPT} 20% off today", url=EVIDENCE_URL),
        _post(2, f"New stock {IMG} in store now", url=JS_URL),
        _post(
            3,
            "@ana did the new brakes help? Tell us how the ride went",
            Kind.REPLY,
            url="https://x.com/millbrookbikes/status/1790000000000000003",
        ),
        _post(
            4,
            "Congrats to @millbrook_runners on the 10k!",
            url="https://x.com/millbrookbikes/status/1790000000000000004",
        ),
        _post(5, '"Life is like riding a bicycle." #MondayMotivation'),
        _post(6, "Shop dog Pepper napping in the tyre pile again", url="data:text/html,<b>x</b>"),
        _post(7, "Opening hours this week: 9-5 https://millbrookbikes.example/hours"),
        _post(8, "RT @cyclingnews: Tour stage 5 recap", Kind.REPOST),
    ]
    intents = [
        "promotion",
        "promotion",
        "conversation",
        "community",
        "quote",
        "personal",
        "information",
        None,
    ]
    labels = [_labels(post, intent) for post, intent in zip(posts, intents, strict=True)]
    evidence = (
        Evidence(
            post_id=posts[0].id,
            created_at=posts[0].created_at,
            text=posts[0].text,
            url=posts[0].url,
        ),
        Evidence(
            post_id=posts[1].id,
            created_at=posts[1].created_at,
            text=posts[1].text,
            url=posts[1].url,
        ),
    )
    audit = AccountAudit(
        account=Account(
            platform="x", id="42", handle="millbrookbikes", display_name=f"Millbrook Bikes {IMG}"
        ),
        metrics=sample_metrics() if metrics is None else metrics,
        score=Score(
            value=23,
            parts=(
                ScorePart(
                    name="two_way_share",
                    label="two-way share",
                    value=0.14,
                    shown="14%",
                    points=8,
                    max_points=40,
                ),
                ScorePart(
                    name="question_share",
                    label="questions",
                    value=0.02,
                    shown="2%",
                    points=2,
                    max_points=15,
                ),
                ScorePart(
                    name="response_rate_72h",
                    label="answered within 72 hours",
                    value=None,
                    shown="no inbound data",
                    points=0,
                    max_points=20,
                ),
                ScorePart(
                    name="promotion_share",
                    label="promotion kept low",
                    value=0.42,
                    shown="42%",
                    points=13,
                    max_points=25,
                ),
            ),
        ),
        archetype=Archetype(
            name="Promoter", reason=f"42% of posts push the shop {SCRIPT} and 10% reply to anyone."
        ),
        findings=[
            Finding(
                code="TW301",
                name="promotion-heavy",
                level="warning",
                message=f"42% of posts promote {IMG}",
                evidence=evidence,
            ),
        ],
        recommendations=[
            Recommendation(
                code="TW301",
                title="Promote less, talk more",
                why=f"42% of posts promote; the 80/20 rule says 20%. {SCRIPT}",
                action=f"Turn one sale post a week into a question {IMG}",
                evidence=evidence,
                impact=12,
            ),
            Recommendation(
                code="TW305",
                title="Answer the people who reply",
                why="2 of 14 replies answered.",
                action="Reply to every comment within a day this week.",
                impact=8,
                evidence=(
                    Evidence(
                        post_id="1",
                        created_at=START,
                        text="plain evidence",
                        url="https://x.com/millbrookbikes/status/1",
                    ),
                ),
            ),
        ],
        cue_cards=[
            CueCard(
                kind="question",
                text=f"What's your favourite ride around Millbrook? {SCRIPT}",
                based_on="#millbrook, used in 23 posts",
            ),
            CueCard(kind="poll", text="Gravel or road this weekend?", based_on=f"keywords {IMG}"),
            CueCard(
                kind="behind-the-scenes",
                text="Show the workshop on a Monday morning",
                based_on="linked site millbrookbikes.example",
            ),
            CueCard(
                kind="shout-out",
                text="Thank @millbrook_runners for the 10k",
                based_on="people you talk to",
            ),
            CueCard(
                kind="personal",
                text="Pepper the shop dog has opinions about tyres",
                based_on="personal posts",
            ),
        ],
        missed_conversations=[
            MissedConversation(
                id="m1",
                author=f"ana{SCRIPT}",
                created_at=START,
                text=f"Are you open Sunday? {IMG}",
                type="mention",
                url=JS_URL,
            ),
            MissedConversation(
                id="m2",
                author="bob",
                created_at=START + timedelta(days=1),
                text="Do you fix e-bikes?",
                type="reply",
                url="https://x.com/bob/status/1790000000000000100",
            ),
        ],
        labels=labels,
    )
    return AuditReport(
        accounts=[audit],
        generated_at=datetime(2025, 11, 2, 10, 14, tzinfo=UTC),
        inputs=[f"millbrook-{SCRIPT}.zip"],
    )
