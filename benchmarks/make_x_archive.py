"""Make a synthetic X archive of N tweets in the real layout, for benchmarks.

    python benchmarks/make_x_archive.py 100000 benchmarks/out/x-archive-100k.zip

The tweets are invented but shaped like a real archive's ``data/tweet.js`` (the ``{"tweet": …}``
wrapper, numbers as strings, entities, media, edit_info, HTML-escaped ``full_text``), with the mix
of a small business account: 55% originals (a third with a link, a fifth with a photo), 20%
retweets, 15% replies, 5% self-threads, 5% quotes.  The same seed gives the same archive.
Each tweet is about 1.3 KB of JSON, as in real archives.
"""

from __future__ import annotations

import json
import random
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

OWNER_ID = "1234567890"
OWNER = "bakery_on_main"
WORDS = (
    "fresh sourdough rye croissant bake oven flour morning weekend order pickup shop "
    "market neighbours coffee cake birthday recipe tip season local farm harvest thanks "
    "open closed holiday hours new menu special team cat bread butter honey spelt"
).split()
FRIENDS = ["ana_cafe", "riverside_school", "farmer_joe", "citycouncil", "mia_bakes", "localnews"]
CLIENTS = [
    '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
    '<a href="https://buffer.com" rel="nofollow">Buffer</a>',
    '<a href="https://ifttt.com" rel="nofollow">IFTTT</a>',
]
EPOCH_MS = 1288834974657


def snowflake(moment: datetime, seq: int) -> str:
    ms = int(moment.timestamp() * 1000) - EPOCH_MS
    return str((ms << 22) | (seq & 0x3FFFFF))


def twitter_time(moment: datetime) -> str:
    return moment.strftime("%a %b %d %H:%M:%S +0000 %Y")


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def make_tweet(rng: random.Random, i: int, moment: datetime, own_ids: list[str]) -> dict:
    tid = snowflake(moment, i)
    roll = rng.random()
    text = sentence(rng, rng.randint(6, 22))
    entities: dict = {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []}
    tweet: dict = {
        "edit_info": {
            "initial": {
                "editTweetIds": [tid],
                "editableUntil": (moment + timedelta(hours=1)).isoformat(),
                "editsRemaining": "5",
                "isEditEligible": True,
            }
        },
        "retweeted": False,
        "source": rng.choice(CLIENTS),
        "display_text_range": ["0", "140"],
        "favorite_count": str(rng.randint(0, 40)),
        "id_str": tid,
        "truncated": False,
        "retweet_count": str(rng.randint(0, 9)),
        "id": tid,
        "created_at": twitter_time(moment),
        "favorited": False,
        "lang": rng.choice(["en", "en", "en", "nl"]),
    }
    if rng.random() < 0.3:
        tag = rng.choice(WORDS)
        text += f" #{tag}"
        entities["hashtags"].append({"text": tag, "indices": ["0", "1"]})
    if roll < 0.20:
        friend = rng.choice(FRIENDS)
        text = f"RT @{friend}: {text}"
        entities["user_mentions"].append(
            {
                "name": friend,
                "screen_name": friend,
                "indices": ["3", "12"],
                "id_str": "99",
                "id": "99",
            }
        )
    elif roll < 0.35 or (roll < 0.40 and not own_ids):
        friend = rng.choice(FRIENDS)
        parent = snowflake(moment - timedelta(minutes=rng.randint(3, 3000)), i + 7)
        text = f"@{friend} {text}?"
        tweet |= {
            "in_reply_to_status_id_str": parent,
            "in_reply_to_status_id": parent,
            "in_reply_to_user_id": "4242",
            "in_reply_to_user_id_str": "4242",
            "in_reply_to_screen_name": friend,
        }
        entities["user_mentions"].append(
            {
                "name": friend,
                "screen_name": friend,
                "indices": ["0", "9"],
                "id_str": "4242",
                "id": "4242",
            }
        )
    elif roll < 0.40:
        parent = rng.choice(own_ids)
        tweet |= {
            "in_reply_to_status_id_str": parent,
            "in_reply_to_status_id": parent,
            "in_reply_to_user_id": OWNER_ID,
            "in_reply_to_user_id_str": OWNER_ID,
            "in_reply_to_screen_name": OWNER,
        }
    elif roll < 0.45:
        quoted = snowflake(moment - timedelta(hours=5), i + 3)
        url = f"https://twitter.com/{rng.choice(FRIENDS)}/status/{quoted}"
        short = f"https://t.co/q{i:08d}"
        text += f" {short}"
        entities["urls"].append(
            {"url": short, "expanded_url": url, "display_url": url[8:30], "indices": ["0", "1"]}
        )
    else:
        if rng.random() < 0.33:
            short = f"https://t.co/l{i:08d}"
            url = f"https://bakery.example/blog/{rng.choice(WORDS)}-{i}"
            text += f" {short}"
            entities["urls"].append(
                {"url": short, "expanded_url": url, "display_url": url[8:30], "indices": ["0", "1"]}
            )
        if rng.random() < 0.2:
            short = f"https://t.co/m{i:08d}"
            text += f" {short}"
            media = [
                {
                    "expanded_url": f"https://twitter.com/{OWNER}/status/{tid}/photo/1",
                    "indices": ["0", "1"],
                    "url": short,
                    "media_url": f"http://pbs.twimg.com/media/{i}.jpg",
                    "id_str": tid,
                    "id": tid,
                    "media_url_https": f"https://pbs.twimg.com/media/{i}.jpg",
                    "sizes": {"large": {"w": "1024", "h": "768", "resize": "fit"}},
                    "type": "photo",
                    "display_url": "pic.twitter.com/x",
                }
            ]
            entities["media"] = media
            tweet["extended_entities"] = {"media": media}
        if rng.random() < 0.1:
            text += " &amp; more &lt;3"
    tweet["entities"] = entities
    tweet["full_text"] = text
    return tweet


def write_archive(count: int, out: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = datetime(2015, 1, 1, tzinfo=UTC)
    moments = sorted(
        start + timedelta(seconds=rng.randint(0, 8 * 365 * 86400)) for _ in range(count)
    )
    own: list[str] = []
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        # The 2019-2022 name, which both twoway and twitter-to-sqlite read.
        with archive.open("data/tweet.js", "w") as stream:
            stream.write(b"window.YTD.tweet.part0 = [\n")
            for i, moment in enumerate(moments):
                tweet = make_tweet(rng, i, moment, own)
                own.append(tweet["id_str"])
                body = json.dumps({"tweet": tweet}, indent=2, ensure_ascii=False)
                body = "\n".join("  " + line for line in body.splitlines())
                stream.write((body + (",\n" if i < count - 1 else "\n")).encode())
            stream.write(b"]")
        account = [
            {
                "account": {
                    "username": OWNER,
                    "accountId": OWNER_ID,
                    "accountDisplayName": "Bakery on Main",
                }
            }
        ]
        archive.writestr(
            "data/account.js", "window.YTD.account.part0 = " + json.dumps(account, indent=2)
        )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    write_archive(int(sys.argv[1]), Path(sys.argv[2]))
