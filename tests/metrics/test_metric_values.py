"""Every metric's value, worked out by hand on small accounts.

``MIX`` is a bakery's ten posts over three weeks (a quiet week among them):

=====  ========  ============  ======================  ==================================
post   when      kind          intent                  else
=====  ========  ============  ======================  ==================================
p1     Mon 09:00 original      information             web link, link-only, Buffer
p2     Mon 10:00 original      promotion               web link, asks to follow, Buffer
p3     Mon 11:00 reply @ana    conversation            question, parent 30 min before
p4     Mon 12:00 reply @bob    community               parent 5 min before
p5     Tue 09:00 reply ana     conversation            no parent time, no leading @
p6     Tue 10:00 repost        (none)                  counts of the reposted post
p7     Thu 09:00 thread        personal                duplicate
p8     Thu 09:30 quote         information             link to the quoted post, automated
p9     Mon 11 09:00 original   quote (a quotation)     automated
p10    Mon 25 14:00 original   conversation            question
=====  ========  ============  ======================  ==================================
"""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from tests.metrics.builders import T0, labelled, minutes, post, web_link

from twoway.metrics import compute
from twoway.model import Kind, Link

IPHONE = "Twitter for iPhone"
DAY = 24 * 60


def mix_labels() -> list:
    status = Link(url="https://x.com/mill/status/9", domain="x.com", post_id="9")
    return [
        labelled(
            post(
                "p1",
                at=minutes(0),
                links=(web_link(),),
                client="Buffer",
                likes=4,
                reposts=1,
                replies=0,
            ),
            "information",
            link_only=True,
        ),
        labelled(
            post(
                "p2",
                at=minutes(60),
                links=(web_link(),),
                client="Buffer",
                likes=10,
                reposts=3,
                replies=2,
                text="20% off sourdough, follow us!",
            ),
            "promotion",
            follow_begging=True,
        ),
        labelled(
            post(
                "p3",
                kind=Kind.REPLY,
                at=minutes(120),
                text="@ana did it arrive?",
                reply_to_account="ana",
                reply_to_account_id="u-ana",
                reply_to_time=minutes(90),
                client=IPHONE,
                likes=1,
                reposts=0,
                replies=1,
            ),
            "conversation",
            question=True,
        ),
        labelled(
            post(
                "p4",
                kind=Kind.REPLY,
                at=minutes(180),
                text="@bob thanks!",
                reply_to_account="bob",
                reply_to_account_id="u-bob",
                reply_to_time=minutes(175),
                client=IPHONE,
                likes=0,
                reposts=0,
                replies=0,
            ),
            "community",
        ),
        labelled(
            post(
                "p5",
                kind=Kind.REPLY,
                at=minutes(DAY),
                text="Sure, see you then Ana",
                reply_to_account="ana",
                reply_to_account_id="u-ana",
                client=IPHONE,
                likes=2,
                reposts=0,
                replies=5,
                url="https://x.com/bakery/status/p5",
            ),
            "conversation",
        ),
        labelled(
            post(
                "p6",
                kind=Kind.REPOST,
                at=minutes(DAY + 60),
                text="RT @mill: new flour",
                client=IPHONE,
                likes=100,
                reposts=50,
                replies=20,
                reposted_account="mill",
            ),
        ),
        labelled(post("p7", kind=Kind.THREAD, at=minutes(3 * DAY)), "personal", duplicate=True),
        labelled(
            post("p8", kind=Kind.QUOTE, at=minutes(3 * DAY + 30), links=(status,), quoted_id="9"),
            "information",
            automated=True,
        ),
        labelled(
            post("p9", at=minutes(7 * DAY), text='"Bake the world a better place"'),
            "quote",
            automated=True,
        ),
        labelled(
            post("p10", at=minutes(21 * DAY + 300), text="Which flavour should we bring back?"),
            "conversation",
            question=True,
        ),
    ]


@pytest.fixture(scope="module")
def mix() -> dict:
    return compute(mix_labels()).as_json()


def test_posts(mix: dict) -> None:
    assert mix["posts"] == {
        "count": 10,
        "first": "2024-03-04T09:00:00Z",
        "last": "2024-03-25T14:00:00Z",
        "per_active_day": 2.0,  # Mon 4, Tue 5, Thu 7, Mon 11, Mon 25
    }


def test_kind_share(mix: dict) -> None:
    assert mix["kind_share"] == {
        "original": 0.4,
        "reply": 0.3,
        "thread": 0.1,
        "repost": 0.1,
        "quote": 0.1,
    }


def test_intent_share_leaves_reposts_out(mix: dict) -> None:
    assert mix["intent_share"] == {
        "conversation": 3 / 9,
        "community": 1 / 9,
        "promotion": 1 / 9,
        "quote": 1 / 9,
        "personal": 1 / 9,
        "information": 2 / 9,
    }


def test_ica_share_maps_intents_and_shows_the_benchmark(mix: dict) -> None:
    assert mix["ica_share"] == {
        "information": 3 / 9,  # information 2 + quote 1
        "community": 5 / 9,  # conversation 3 + community 1 + personal 1
        "action": 1 / 9,
        "benchmark": {"information": 0.586, "community": 0.258, "action": 0.156},
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("two_way_share", 0.4),  # p3, p4, p5 (replies) and p10 (conversation)
        ("followerwonk_engagement", 0.3),  # p3 and p4 start with @, p6 is a repost; p5 does not
        ("link_share", 0.2),  # p1, p2; p8's link is to a post
        ("link_only_share", 0.1),
        ("question_share", 0.2),
        ("promotion_share", 0.1),
        ("personal_share", 0.1),
        ("quote_post_share", 0.1),  # p9, not the kind-quote p8
        ("automated_share", 0.2),
        ("duplicate_share", 0.1),
        ("follow_begging_share", 0.1),
    ],
)
def test_shares_of_all_posts(mix: dict, name: str, value: float) -> None:
    assert mix[name] == value
    assert f"{name}_reason" not in mix


def test_people_replied_to_and_concentration(mix: dict) -> None:
    assert mix["people_replied_to"] == 2  # ana twice, bob once
    assert mix["reply_concentration"] == 1.0


def test_reply_concentration_counts_the_top_five_accounts() -> None:
    targets = ["a", "a", "b", "c", "d", "e", "f"]
    labels = [
        labelled(
            post(f"r{i}", kind=Kind.REPLY, at=minutes(i), reply_to_account=name.upper()),
            "conversation",
        )
        for i, name in enumerate(targets)
    ]
    metrics = compute(labels).as_json()
    assert metrics["people_replied_to"] == 6  # handles, compared in lower case
    assert metrics["reply_concentration"] == 6 / 7


def test_reply_latency(mix: dict) -> None:
    # p3 came 30 minutes after its parent, p4 5 minutes; p5's parent time is unknown.
    assert mix["reply_latency_minutes"] == {"median": 17.5, "p90": 27.5, "n": 2}
    assert mix["reply_latency_histogram"] == {
        "edges": [0, 5, 15, 60, 240, 1440, 4320, 10080],
        "counts": [0, 1, 1, 0, 0, 0, 0, 0],
    }


def test_reply_latency_leaves_out_replies_dated_before_their_parent() -> None:
    labels = [
        labelled(
            post("r1", kind=Kind.REPLY, at=minutes(10), reply_to_time=minutes(20)), "conversation"
        ),
        labelled(
            post("r2", kind=Kind.REPLY, at=minutes(10 * DAY), reply_to_time=minutes(0)),
            "conversation",
        ),
    ]
    metrics = compute(labels).as_json()
    assert metrics["reply_latency_minutes"] == {"median": 10 * DAY, "p90": 10 * DAY, "n": 1}
    assert metrics["reply_latency_histogram"]["counts"] == [0, 0, 0, 0, 0, 0, 0, 1]


def test_public_counts_leave_reposts_and_unknown_counts_out(mix: dict) -> None:
    # Own posts with counts: p1 (4 likes, 1 repost, 0 replies), p2 (10, 3, 2), p3 (1, 0, 1),
    # p4 (0, 0, 0), p5 (2, 0, 5); p6 is a repost, p7-p10 have no counts.
    assert mix["conversation_rate"] == 8 / 5
    assert mix["amplification_rate"] == 4 / 5
    assert mix["applause_rate"] == 17 / 5
    assert mix["top_conversation_starters"] == [
        {
            "id": "p5",
            "text": "Sure, see you then Ana",
            "replies": 5,
            "url": "https://x.com/bakery/status/p5",
        },
        {"id": "p2", "text": "20% off sourdough, follow us!", "replies": 2, "url": None},
        {"id": "p3", "text": "@ana did it arrive?", "replies": 1, "url": None},
    ]


def test_cadence(mix: dict) -> None:
    assert mix["posts_per_day"] == {"mean": 10 / 22, "max": 4}  # 4 to 25 March; Monday 4 has p1-p4
    assert mix["busiest_hours"] == [
        {"hour": 9, "posts": 5},
        {"hour": 10, "posts": 2},
        {"hour": 11, "posts": 1},  # 11, 12 and 14 tie: the earlier hour first
    ]
    assert mix["interval_regularity"] == 0.0  # bursts and pauses
    assert mix["clients"] == {IPHONE: 4 / 6, "Buffer": 2 / 6}


def test_weekly_series_includes_quiet_weeks(mix: dict) -> None:
    assert mix["weekly"] == [
        {"week": "2024-03-04", "posts": 8, "two_way_share": 3 / 8},
        {"week": "2024-03-11", "posts": 1, "two_way_share": 0.0},
        {"week": "2024-03-18", "posts": 0, "two_way_share": None},
        {"week": "2024-03-25", "posts": 1, "two_way_share": 1.0},
    ]


def test_hour_weekday_heatmap(mix: dict) -> None:
    grid = [[0] * 24 for _ in range(7)]
    grid[0][9], grid[0][10], grid[0][11], grid[0][12], grid[0][14] = 2, 1, 1, 1, 1  # Mondays
    grid[1][9], grid[1][10] = 1, 1  # Tuesday
    grid[3][9] = 2  # Thursday
    assert mix["hour_weekday"] == grid


def test_hour_weekday_reads_times_as_utc() -> None:
    from zoneinfo import ZoneInfo

    sunday_night_in_new_york = T0.astimezone(ZoneInfo("America/New_York")) - timedelta(hours=9)
    metrics = compute([labelled(post("p", at=sunday_night_in_new_york))]).as_json()
    assert metrics["hour_weekday"][0][0] == 1  # Monday 00:00 UTC
    assert metrics["posts"]["first"] == "2024-03-04T00:00:00Z"


def test_interval_regularity() -> None:
    every_hour = [labelled(post(f"p{i}", at=minutes(60 * i))) for i in range(7)]
    assert compute(every_hour)["interval_regularity"] == 1.0
    uneven = [
        labelled(post(f"p{i}", at=minutes(m))) for i, m in enumerate([0, 60, 180, 240, 360, 420])
    ]
    # Gaps 60, 120, 60, 120, 60: mean 84, population variance 864.
    assert compute(uneven)["interval_regularity"] == pytest.approx(1 - math.sqrt(864) / 84)
    same_moment = [labelled(post(f"p{i}")) for i in range(6)]
    assert compute(same_moment)["interval_regularity"] == 1.0


def test_content_rules(mix: dict) -> None:
    # Categories: promotion p2; repost p6; shared p1 (link), p8 (quote), p9 (quotation);
    # interaction p3, p4, p5, p7, p10.
    assert mix["rule_4_1_1"] == {
        "pass": False,
        "by": -0.025,  # allows min(1 repost, 3 / 4 shared) = 0.75 self-serving posts, has 1
        "detail": "1 self-serving post, 1 repost and 3 posts sharing others' content: "
        "the rule asks for 1 repost and 4 shared posts for each self-serving one, "
        "so it allows 0.75",
        "counts": {"self_serving": 1, "reposts": 1, "shared": 3},
    }
    assert mix["rule_of_thirds"] == {
        "pass": False,
        "by": -0.1333,  # interaction 50%... promotion 10% is 23 points from a third
        "detail": "promotion 10%, sharing others' content 40%, interaction 50%: the rule asks for "
        "about a third of each (within 10 points)",
        "shares": {"promotion": 0.1, "sharing": 0.4, "interaction": 0.5},
    }
    assert mix["rule_80_20"] == {
        "pass": True,
        "by": 0.1,
        "detail": "promotion is 10% of posts: the rule allows at most 20%",
    }


def test_rules_pass_on_a_balanced_account() -> None:
    labels = [labelled(post("s", links=(web_link(),)), "promotion")]
    labels += [labelled(post("r", kind=Kind.REPOST))]
    labels += [labelled(post(f"l{i}", links=(web_link(),)), "information") for i in range(4)]
    labels += [
        labelled(post(f"c{i}", kind=Kind.REPLY, reply_to_account="ana"), "conversation")
        for i in range(3)
    ]
    metrics = compute(labels).as_json()
    assert metrics["rule_4_1_1"]["pass"] is True
    assert metrics["rule_4_1_1"]["by"] == 0.0
    # promotion 1/9, sharing 5/9, interaction 3/9: sharing strays 22 points.
    assert metrics["rule_of_thirds"]["pass"] is False
    thirds = (
        [labelled(post(f"s{i}"), "promotion") for i in range(3)]
        + [labelled(post(f"r{i}", kind=Kind.REPOST)) for i in range(3)]
        + [labelled(post(f"p{i}"), "personal") for i in range(3)]
    )
    rule = compute(thirds)["rule_of_thirds"]
    assert rule["pass"] is True
    assert rule["by"] == 0.1


def test_metrics_are_json_ready(mix: dict) -> None:
    import json

    assert json.loads(json.dumps(mix, allow_nan=False)) == mix


def test_links_to_the_accounts_own_site_are_its_own_news_not_shared_content() -> None:
    """The bundled bakery's links to cornerbakery.example, its own blog and shop, made it a
    "Curator" of whom "58% of posts share others' content"."""
    own_site = Link(url="https://thebakery.example/blog/rye", domain="thebakery.example")
    elsewhere = Link(url="https://flour.example/news", domain="flour.example")
    labels = [
        labelled(post(f"o{i}", text="New on the blog", links=(own_site,)), "information")
        for i in range(3)
    ]
    labels.append(labelled(post("e", text="Good read", links=(elsewhere,)), "information"))
    metrics = compute(labels).as_json()
    assert metrics["link_share"] == 1.0  # a link to a web page, its own or not
    assert metrics["rule_of_thirds"]["shares"] == {
        "promotion": 0.0,
        "sharing": 0.25,
        "interaction": 0.0,
    }
    assert metrics["rule_4_1_1"]["counts"] == {"self_serving": 0, "reposts": 0, "shared": 1}
