"""Make a synthetic twarc2 JSONL of many accounts' timelines, for ``twoway screen`` benchmarks.

    python benchmarks/make_timelines.py --accounts 10000 --posts 1000000 benchmarks/out/timelines.jsonl

The file is what ``twarc2 timelines USERS.txt | twarc2 flatten`` writes: one API v2 tweet per
line with its expansions inline (``author``, ``in_reply_to_user``, ``referenced_tweets`` with
their ``author``, mention entities with the mentioned user) and twarc's ``__twarc`` stamp; each
account's timeline in turn, newest tweet first, as twarc2 collects them.

The accounts are invented and each is given one of five behaviours, in these shares of the
accounts (:data:`BEHAVIOURS`): broadcasters (45%: news and announcements, a fifth of them with a
link, a few bare links), promoters (20%: offers, launches and calls to buy), curators (10%: mostly retweets
and quotes), conversationalists (15%: replies, questions, thanks) and responders (10%: mostly
replies that answer, few questions).  Each behaviour has its own mix of kinds (original, reply,
self-thread, retweet, quote) and of texts; texts are built from templates and word lists, so they
vary from post to post and an account's posts rarely repeat.  Posts per account follow a
skewed distribution (a Pareto tail, as real activity does: many small accounts, a few very busy
ones), at least 3 each, adding up to exactly ``--posts``.  Posts are spread over the 180 days
before 2024-06-01; replies answer a post made 1 minute to 3 days before.  Post ids are X
snowflakes of their time, so a reply's parent has a known time.

The same ``--seed`` gives the same bytes.  Each line is about 1.4 KB, as flattened tweets are
(real ones, with full user profiles, run to 2-4 KB).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

EPOCH_MS = 1288834974657
"""X's snowflake epoch, in milliseconds since 1970."""
END = datetime(2024, 6, 1, tzinfo=UTC)
SPAN_DAYS = 180

KINDS = ("original", "reply", "thread", "retweet", "quote")


@dataclass(frozen=True)
class Behaviour:
    name: str
    share: float
    """Share of the accounts."""
    kinds: tuple[float, ...]
    """Probability of each of :data:`KINDS`."""
    texts: tuple[tuple[str, float], ...]
    """Text families of originals and threads, with their weights."""
    link: float
    """Chance that an original carries a web link."""
    question: float
    """Chance that a reply asks something back."""


BEHAVIOURS: tuple[Behaviour, ...] = (
    Behaviour(
        "broadcaster",
        0.45,
        (0.80, 0.03, 0.05, 0.08, 0.04),
        (("news", 0.75), ("bare_link", 0.05), ("promo", 0.10), ("personal", 0.10)),
        0.20,
        0.10,
    ),
    Behaviour(
        "promoter",
        0.20,
        (0.80, 0.05, 0.03, 0.08, 0.04),
        (("promo", 0.65), ("news", 0.25), ("question", 0.05), ("bare_link", 0.05)),
        0.60,
        0.05,
    ),
    Behaviour(
        "curator",
        0.10,
        (0.25, 0.05, 0.00, 0.55, 0.15),
        (("news", 0.60), ("bare_link", 0.30), ("personal", 0.10)),
        0.70,
        0.10,
    ),
    Behaviour(
        "conversationalist",
        0.15,
        (0.35, 0.50, 0.05, 0.05, 0.05),
        (("question", 0.40), ("community", 0.30), ("personal", 0.20), ("news", 0.10)),
        0.15,
        0.45,
    ),
    Behaviour(
        "responder",
        0.10,
        (0.30, 0.60, 0.02, 0.05, 0.03),
        (("news", 0.50), ("community", 0.20), ("promo", 0.15), ("personal", 0.15)),
        0.30,
        0.05,
    ),
)

TOPICS = (
    "sourdough bread coffee bikes garden library festival market concert podcast newsletter "
    "workshop recipe season harvest climbing running football chess knitting pottery photography "
    "startup design typescript python rust database cloud security privacy housing transit "
    "council school museum theatre cinema album poetry novel comics travel hiking camping "
    "birdwatching astronomy weather vaccine clinic charity volunteers shelter adoption"
).split()
THINGS = (
    "tote bag|mug|course|ebook|webinar|hoodie|starter kit|membership|gift card|planner|"
    "subscription|bundle|masterclass|print|notebook|candle|sticker pack|tour ticket"
).split("|")
PLACES = (
    "Leeds|Porto|Austin|Lyon|Utrecht|Ghent|Bristol|Oslo|Denver|Halifax|Malmo|Bologna|Cork|"
    "Galway|Dundee|Tartu|Graz|Aarhus|Bergen|Kyoto"
).split("|")
ADJECTIVES = (
    "new|fresh|updated|bigger|quiet|early|late|weekly|monthly|free|local|open|spring|summer|"
    "autumn|winter|limited|special|second|final"
).split("|")
FIRST_NAMES = (
    "ana|ben|chloe|dev|eli|fatima|gus|hana|ivo|jules|kai|lena|milo|nora|omar|pia|quin|rosa|"
    "sami|tess|uma|vik|wren|xena|yusuf|zoe"
).split("|")
DOMAINS = (
    "example.com|news.example|blog.example.org|shop.example|medium.example|press.example.net|"
    "events.example|substack.example"
).split("|")
CLIENTS = (
    ("Twitter Web App", 0.45),
    ("Twitter for iPhone", 0.25),
    ("Twitter for Android", 0.15),
    ("Buffer", 0.07),
    ("Hootsuite Inc.", 0.05),
    ("IFTTT", 0.03),
)

NEWS = (
    "Our {adj} guide to {topic} in {place} is out today: everything we learned this {season}.",
    "This week at the {topic} group: {n} people, {n2} new ideas and one very long list.",
    "Reminder: the {adj} {topic} session moves to {day} from next week.",
    "{Place} update: {topic} numbers are up {n}% on last year, full figures below.",
    "We wrote up the notes from the {topic} meeting in {place}, with the slides.",
    "Opening hours change on {day}: we close at {hour} for the {topic} evening.",
    "The {adj} edition of our {topic} newsletter covers {topic2} and {topic3}.",
    "Three things about {topic} we wish we had known before starting in {place}.",
    "New on the blog: how we moved our {topic} work to {topic2} in {n} weeks.",
    "Photos from {day}'s {topic} walk around {place} are now up.",
)
PROMO = (
    "Only {n} left! Get the {adj} {thing} now, {n2}% off until {day}. Shop now",
    "Launch day: our {thing} for {topic} fans is here. Order yours today, link in bio",
    "Sale! {n2}% off every {thing} this weekend only. Use code {code} at checkout",
    "Don't miss out: the {topic} {thing} ships free until {day}. Buy now",
    "Pre-order the {adj} {thing} today and save {n2}%. Limited stock",
    "Sign up for our {topic} {thing} before {day}: early bird price ends soon",
    "Our best-selling {thing} is back in stock. Grab one before it's gone",
)
QUESTION = (
    "What's your favourite {topic} spot in {place}? Tell us below",
    "Which should we try next: {topic} or {topic2}? Reply and we'll pick one",
    "How do you get started with {topic}? Looking for tips from people who have done it",
    "Anyone else going to the {topic} night on {day}? Who's in?",
    "What would you like to see at the next {topic} meetup?",
    "Quick poll: do you prefer {topic} in the morning or in the evening?",
)
COMMUNITY = (
    "Huge thanks to @{friend} for hosting the {topic} evening, what a night!",
    "Congratulations @{friend} on the {adj} {topic} award, well deserved",
    "Shout-out to everyone who came to the {topic} clean-up in {place} on {day}. Thank you!",
    "So proud of our volunteers: {n} hours of {topic} help this month. Thank you all",
    "Welcome to the {n} new members of the {topic} club, lovely to have you here",
)
PERSONAL = (
    "Honestly the best part of my {day} was a quiet hour of {topic}.",
    "I can't believe it's been {n} years since I started with {topic}. Feeling grateful.",
    "Rainy {day} in {place}, perfect weather for {topic} and a long nap.",
    "Confession: I still don't understand {topic}, but I love it anyway.",
    "My {topic} plans for the weekend went sideways, so {topic2} it is.",
)
REPLY_ANSWER = (
    "@{friend} Thanks for asking! It opens at {hour} on {day}.",
    "@{friend} Yes, the {topic} notes are on our site now.",
    "@{friend} Sorry about that, we've fixed the {topic} page. Thanks for telling us",
    "@{friend} Glad you liked it! See you at the next {topic} night",
    "@{friend} Good point, we'll add more on {topic} next time.",
    "@{friend} It's {n} minutes from the station, easy walk from {place}.",
    "@{friend} Agreed, {topic} in {place} has got so much better.",
)
REPLY_QUESTION = (
    "@{friend} Love this! How long did the {topic} part take you?",
    "@{friend} Which {topic} place did you go to in {place}?",
    "@{friend} That sounds great, would you do it again?",
    "@{friend} What made you pick {topic} over {topic2}?",
    "@{friend} Nice! Are you coming on {day} too?",
)
DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday".split("|")
SEASONS = "spring|summer|autumn|winter".split("|")


def snowflake(moment: datetime, seq: int) -> str:
    """An X id of ``moment`` (``seq`` keeps ids of one millisecond apart)."""
    ms = int(moment.timestamp() * 1000) - EPOCH_MS
    return str((ms << 22) | (seq & 0x3FFFFF))


def api_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    names = [name for name, _ in weighted]
    return rng.choices(names, weights=[w for _, w in weighted])[0]


def post_counts(accounts: int, posts: int, rng: random.Random, minimum: int = 3) -> list[int]:
    """Posts per account: Pareto-distributed weights (shape 1.3), scaled to add up to ``posts``
    exactly (largest remainder), each at least ``minimum`` (less when there are too few posts)."""
    minimum = max(1, min(minimum, posts // max(1, accounts)))
    spare = posts - minimum * accounts
    if spare < 0:
        raise ValueError("fewer posts than accounts")
    weights = [min(rng.paretovariate(1.3), 200.0) for _ in range(accounts)]
    total = sum(weights)
    exact = [spare * w / total for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(accounts), key=lambda i: counts[i] - exact[i])
    for i in order[: spare - sum(counts)]:
        counts[i] += 1
    return [minimum + c for c in counts]


class _Account:
    def __init__(self, number: int, rng: random.Random) -> None:
        self.number = number
        self.id = str(10_000_000 + number * 7919)
        first = rng.choice(FIRST_NAMES)
        topic = rng.choice(TOPICS)
        self.username = f"{first}_{topic}_{number}"
        self.name = f"{first.title()} {topic.title()} {rng.choice(PLACES)}"
        roll, acc = rng.random(), 0.0
        self.behaviour = BEHAVIOURS[-1]
        for behaviour in BEHAVIOURS:
            acc += behaviour.share
            if roll < acc:
                self.behaviour = behaviour
                break
        self.topics = rng.sample(TOPICS, 4)
        self.client = _pick(rng, CLIENTS)
        self.created = END - timedelta(days=rng.randint(400, 5000))
        self.followers = int(rng.paretovariate(1.1) * 50)

    def user(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "name": self.name,
            "created_at": api_time(self.created),
            "description": f"{self.topics[0].title()} and {self.topics[1]} in one place.",
            "location": "",
            "protected": False,
            "verified": False,
            "url": "",
            "profile_image_url": f"https://pbs.twimg.com/profile_images/{self.id}/a_normal.jpg",
            "public_metrics": {
                "followers_count": self.followers,
                "following_count": self.followers // 3 + 10,
                "tweet_count": self.followers * 4 + 20,
                "listed_count": self.followers // 100,
            },
        }


def _friend(rng: random.Random) -> dict[str, Any]:
    number = rng.randint(1, 5000)
    name = f"{rng.choice(FIRST_NAMES)}{number}"
    return {"id": str(900_000_000 + number), "username": name, "name": name.title()}


def _fill(template: str, rng: random.Random, account: _Account, friend: str) -> str:
    topic, topic2, topic3 = rng.sample(account.topics, 3)
    place = rng.choice(PLACES)
    values = {
        "topic": topic if rng.random() < 0.7 else rng.choice(TOPICS),
        "topic2": topic2,
        "topic3": topic3,
        "place": place,
        "Place": place,
        "adj": rng.choice(ADJECTIVES),
        "thing": rng.choice(THINGS),
        "n": rng.randint(2, 90),
        "n2": rng.choice((10, 15, 20, 25, 30, 40, 50)),
        "day": rng.choice(DAYS),
        "hour": f"{rng.randint(7, 21)}:00",
        "season": rng.choice(SEASONS),
        "code": f"{topic[:4].upper()}{rng.randint(10, 99)}",
        "friend": friend,
    }
    text = template.format(**values)
    # A few extra words of the account's own, so posts of one template rarely repeat.
    if rng.random() < 0.6:
        text += f" {rng.choice(ADJECTIVES).title()} {rng.choice(TOPICS)} {rng.choice(TOPICS)}."
    return text


_FAMILIES = {
    "news": NEWS,
    "promo": PROMO,
    "question": QUESTION,
    "community": COMMUNITY,
    "personal": PERSONAL,
}


def _url_entity(rng: random.Random, start: int, serial: int) -> tuple[str, dict[str, Any]]:
    domain = rng.choice(DOMAINS)
    expanded = f"https://{domain}/{rng.choice(TOPICS)}/{serial % 100000}"
    short = f"https://t.co/{serial:010x}"
    return short, {
        "start": start,
        "end": start + len(short),
        "url": short,
        "expanded_url": expanded,
        "display_url": expanded[8:38],
    }


def tweets(
    account: _Account, count: int, rng: random.Random, serial: int
) -> Iterator[dict[str, Any]]:
    """One account's ``count`` tweets, newest first."""
    behaviour = account.behaviour
    seconds = sorted(rng.randrange(SPAN_DAYS * 86400) for _ in range(count))
    author = account.user()
    own_ids: list[str] = []
    made = []
    for k, offset in enumerate(seconds):
        moment = END - timedelta(days=SPAN_DAYS) + timedelta(seconds=offset)
        tid = snowflake(moment, serial + k)
        kind = rng.choices(KINDS, weights=behaviour.kinds)[0]
        if kind == "thread" and not own_ids:
            kind = "original"
        friend = _friend(rng)
        entities: dict[str, Any] = {}
        tweet: dict[str, Any] = {
            "id": tid,
            "edit_history_tweet_ids": [tid],
            "conversation_id": tid,
            "author_id": account.id,
            "created_at": api_time(moment),
            "lang": "en",
            "possibly_sensitive": False,
            "reply_settings": "everyone",
            "source": account.client,
            "public_metrics": {
                "retweet_count": rng.randint(0, 5),
                "reply_count": rng.randint(0, 4),
                "like_count": rng.randint(0, 30),
                "quote_count": 0,
                "bookmark_count": 0,
                "impression_count": rng.randint(20, 2000),
            },
        }
        if kind == "retweet":
            original_id = snowflake(moment - timedelta(minutes=rng.randint(5, 600)), k)
            body = _fill(rng.choice(NEWS), rng, account, friend["username"])
            text = f"RT @{friend['username']}: {body}"
            entities["mentions"] = [{"start": 3, "end": 4 + len(friend["username"])} | friend]
            tweet["referenced_tweets"] = [
                {
                    "type": "retweeted",
                    "id": original_id,
                    "author_id": friend["id"],
                    "text": body,
                    "created_at": api_time(moment - timedelta(minutes=30)),
                    "author": friend,
                }
            ]
        elif kind == "reply":
            parent_time = moment - timedelta(minutes=rng.randint(1, 4320))
            parent_id = snowflake(parent_time, k + 1)
            asks = rng.random() < behaviour.question
            text = _fill(
                rng.choice(REPLY_QUESTION if asks else REPLY_ANSWER),
                rng,
                account,
                friend["username"],
            )
            entities["mentions"] = [{"start": 0, "end": 1 + len(friend["username"])} | friend]
            tweet["conversation_id"] = parent_id
            tweet["in_reply_to_user_id"] = friend["id"]
            tweet["in_reply_to_user"] = friend
            tweet["referenced_tweets"] = [
                {
                    "type": "replied_to",
                    "id": parent_id,
                    "author_id": friend["id"],
                    "created_at": api_time(parent_time),
                    "text": f"Any tips for {rng.choice(TOPICS)} in {rng.choice(PLACES)}?",
                    "author": friend,
                }
            ]
        else:
            family = _pick(rng, behaviour.texts)
            if family == "bare_link":
                text = ""
            else:
                text = _fill(rng.choice(_FAMILIES[family]), rng, account, friend["username"])
                if "@" + friend["username"] in text:
                    at = text.index("@" + friend["username"])
                    entities["mentions"] = [
                        {"start": at, "end": at + 1 + len(friend["username"])} | friend
                    ]
            if family == "bare_link" or (kind == "original" and rng.random() < behaviour.link):
                short, url = _url_entity(rng, len(text) + 1 if text else 0, serial + k)
                text = f"{text} {short}" if text else short
                entities["urls"] = [url]
            if rng.random() < 0.15:
                tag = rng.choice(account.topics)
                text += f" #{tag}"
                entities["hashtags"] = [
                    {"start": len(text) - len(tag) - 1, "end": len(text), "tag": tag}
                ]
            if kind == "thread":
                parent_id = rng.choice(own_ids[-5:])
                tweet["conversation_id"] = parent_id
                tweet["in_reply_to_user_id"] = account.id
                tweet["in_reply_to_user"] = author
                tweet["referenced_tweets"] = [
                    {"type": "replied_to", "id": parent_id, "author_id": account.id}
                ]
            elif kind == "quote":
                quoted_id = snowflake(moment - timedelta(hours=rng.randint(1, 48)), k + 2)
                tweet["referenced_tweets"] = [
                    {
                        "type": "quoted",
                        "id": quoted_id,
                        "author_id": friend["id"],
                        "text": f"{rng.choice(ADJECTIVES).title()} {rng.choice(TOPICS)} news",
                        "author": friend,
                    }
                ]
        if entities:
            tweet["entities"] = entities
        tweet["text"] = text
        tweet["author"] = author
        tweet["__twarc"] = {
            "url": f"https://api.twitter.com/2/users/{account.id}/tweets?max_results=100",
            "version": "2.14.0",
            "retrieved_at": "2024-06-02T09:00:00+00:00",
        }
        own_ids.append(tid)
        made.append(tweet)
    yield from reversed(made)  # twarc2 timelines: newest first


def write_timelines(path: str | Path, accounts: int, posts: int, seed: int = 0) -> Path:
    """Write ``accounts`` timelines holding ``posts`` tweets in all to ``path``; returns it."""
    rng = random.Random(seed)
    counts = post_counts(accounts, posts, rng)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    serial = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    with partial.open("w", encoding="utf-8") as out:
        for number, count in enumerate(counts):
            account = _Account(number, rng)
            lines = [dumps(tweet) for tweet in tweets(account, count, rng, serial)]
            out.write("\n".join(lines) + "\n")
            serial += count
    partial.replace(target)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the JSONL file to write")
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.accounts < 1 or args.posts < args.accounts:
        parser.error("need at least one account and at least as many posts as accounts")
    write_timelines(args.out, args.accounts, args.posts, args.seed)
    print(
        f"wrote {args.posts:,} tweets of {args.accounts:,} accounts to {args.out}", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
