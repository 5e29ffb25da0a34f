"""A hand-made Mastodon server for the pull tests: entities shaped as Mastodon's API
documentation gives them (Account, Status, Notification, Context, the error body), served by
:class:`~tests.pull.replay.ReplayServer` with Mastodon's paging (``max_id``, ``since_id``,
``min_id``, ``limit``, the ``Link`` header with ``rel="next"`` and ``rel="prev"``) and faults
to inject (a 429 with ``Retry-After``, 500s, a dropped connection).

The account pulled is ``cornerbakery@bakery.example`` (server id ``1001``); others write to it
from ``remote.example`` and ``bakery.example``.  Every status id is a Mastodon snowflake of its
time (milliseconds since 1970 shifted left 16 bits), as real servers make them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from tests.pull.replay import DROP, Recorded, Reply

TOKEN = "s3cr3t-t0ken-ABCDEF123456"
"""The token the server accepts (tests check it never shows)."""
INSTANCE = "bakery.example"
HANDLE = f"cornerbakery@{INSTANCE}"
OWNER_ID = "1001"
ACTOR = f"https://{INSTANCE}/users/cornerbakery"
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def snowflake(moment: datetime, sequence: int = 0) -> str:
    """A Mastodon status id of ``moment``."""
    return str((int(moment.timestamp() * 1000) << 16) + sequence)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def account(ident: str, username: str, host: str | None = None) -> dict[str, Any]:
    """An Account entity; ``host`` None for an account of bakery.example (``acct`` bare)."""
    domain = host or INSTANCE
    return {
        "id": ident,
        "username": username,
        "acct": username if host is None else f"{username}@{host}",
        "display_name": username.title(),
        "locked": False,
        "bot": False,
        "discoverable": True,
        "group": False,
        "created_at": "2022-11-01T00:00:00.000Z",
        "note": "<p></p>",
        "url": f"https://{domain}/@{username}",
        "uri": f"https://{domain}/users/{username}",
        "avatar": f"https://{domain}/avatars/original/missing.png",
        "avatar_static": f"https://{domain}/avatars/original/missing.png",
        "header": f"https://{domain}/headers/original/missing.png",
        "header_static": f"https://{domain}/headers/original/missing.png",
        "followers_count": 10,
        "following_count": 5,
        "statuses_count": 3,
        "last_status_at": "2025-03-03",
        "emojis": [],
        "fields": [],
    }


OWNER = account(OWNER_ID, "cornerbakery")
ANA = account("2002", "ana", "remote.example")
BOB = account("2003", "bob")
CARL = account("2004", "carl", "remote.example")
DORA = account("2005", "dora", "remote.example")
EVE = account("2006", "eve", "remote.example")


def mention(of: dict[str, Any]) -> dict[str, Any]:
    """A Status::Mention of an account."""
    return {"id": of["id"], "username": of["username"], "url": of["url"], "acct": of["acct"]}


def status(
    ident: str,
    author: dict[str, Any],
    moment: datetime,
    content: str,
    *,
    reply_to: dict[str, Any] | None = None,
    mentions: tuple[dict[str, Any], ...] = (),
    tags: tuple[str, ...] = (),
    media: int = 0,
    replies: int = 0,
    reblog: dict[str, Any] | None = None,
    quote: dict[str, Any] | None = None,
    visibility: str = "public",
    **extra: Any,
) -> dict[str, Any]:
    """A Status entity.  ``reply_to`` is the status it replies to."""
    host = author["url"].split("/")[2]
    uri = f"https://{host}/users/{author['username']}/statuses/{ident}"
    url = f"https://{host}/@{author['username']}/{ident}"
    if reblog is not None:
        uri, url = f"{uri}/activity", None
    entity: dict[str, Any] = {
        "id": ident,
        "created_at": iso(moment),
        "in_reply_to_id": reply_to["id"] if reply_to else None,
        "in_reply_to_account_id": reply_to["account"]["id"] if reply_to else None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": visibility,
        "language": "en" if reblog is None else None,
        "uri": uri,
        "url": url,
        "replies_count": replies,
        "reblogs_count": 1,
        "favourites_count": 2,
        "edited_at": None,
        "favourited": False,
        "reblogged": False,
        "muted": False,
        "bookmarked": False,
        "content": content if reblog is None else "",
        "filtered": [],
        "reblog": reblog,
        "application": {"name": "Web", "website": None} if reblog is None else None,
        "account": author,
        "media_attachments": [
            {
                "id": f"{ident}{n}",
                "type": "image",
                "url": f"https://{host}/media/{ident}-{n}.png",
                "preview_url": f"https://{host}/media/{ident}-{n}-small.png",
                "remote_url": None,
                "meta": {},
                "description": None,
                "blurhash": None,
            }
            for n in range(media)
        ],
        "mentions": [mention(m) for m in mentions],
        "tags": [{"name": t, "url": f"https://{INSTANCE}/tags/{t}"} for t in tags],
        "emojis": [],
        "card": None,
        "poll": None,
    }
    if quote is not None:
        entity["quote"] = quote
    entity.update(extra)
    return entity


def notification(ident: str, kind: str, of: dict[str, Any]) -> dict[str, Any]:
    """A Notification entity about the status ``of``."""
    return {
        "id": ident,
        "type": kind,
        "created_at": of["created_at"],
        "group_key": f"ungrouped-{ident}",
        "account": of["account"],
        "status": of,
    }


def _id_key(ident: str) -> int:
    return int(ident)


@dataclass
class Fault:
    """Answer ``reply`` instead of the real answer to requests for ``path`` (all of them, or
    from the ``after``-th one on, ``times`` times; ``times`` None: always)."""

    path: str
    reply: Reply
    after: int = 0
    times: int | None = None
    seen: int = 0

    def take(self, request: Recorded) -> Reply | None:
        if not request.path.startswith(self.path):
            return None
        self.seen += 1
        if self.seen <= self.after:
            return None
        if self.times is not None:
            if self.times <= 0:
                return None
            self.times -= 1
        return self.reply


@dataclass
class FakeMastodon:
    """The server's data and its API.  ``page_size`` caps every page (Mastodon caps ``limit``
    at 40; a small cap makes many pages of few statuses)."""

    statuses: list[dict[str, Any]] = field(default_factory=list)
    notifications: list[dict[str, Any]] = field(default_factory=list)
    contexts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    page_size: int = 3
    token: str = TOKEN
    owner: dict[str, Any] = field(default_factory=lambda: OWNER)
    faults: list[Fault] = field(default_factory=list)
    base: str = "http://127.0.0.1"

    def __call__(self, request: Recorded) -> Reply:
        for fault in self.faults:
            reply = fault.take(request)
            if reply is not None:
                return reply
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return Reply(401, {"error": "The access token is invalid"})
        route = self._route(request)
        if route is None:
            return Reply(404, {"error": "Record not found"})
        return route(request)

    def _route(self, request: Recorded) -> Callable[[Recorded], Reply] | None:
        path = request.path
        if path == "/api/v1/accounts/verify_credentials":
            return lambda r: Reply(200, {**self.owner, "source": {"privacy": "public"}})
        if path == "/api/v1/accounts/lookup":
            return self._lookup
        if path == f"/api/v1/accounts/{self.owner['id']}/statuses":
            return lambda r: self._page(r, self.statuses)
        if path == "/api/v1/notifications":
            return self._notifications
        if path.startswith("/api/v1/statuses/") and path.endswith("/context"):
            ident = path.split("/")[4]
            return lambda r: Reply(
                200, {"ancestors": [], "descendants": self.contexts.get(ident, [])}
            )
        return None

    def _lookup(self, request: Recorded) -> Reply:
        acct = request.param("acct")
        for known in (OWNER, ANA, BOB, CARL, DORA, EVE):
            if acct == known["acct"]:
                return Reply(200, known)
        return Reply(404, {"error": "Record not found"})

    def _notifications(self, request: Recorded) -> Reply:
        types = request.query.get("types[]")
        items = [n for n in self.notifications if not types or n["type"] in types]
        return self._page(request, items, keep=("types[]",))

    def _page(
        self, request: Recorded, items: list[dict[str, Any]], keep: tuple[str, ...] = ()
    ) -> Reply:
        """One page as Mastodon pages: newest first; ``max_id`` and ``since_id`` bound it,
        ``min_id`` takes the statuses immediately newer than it; a ``Link`` header when the page
        is not empty."""
        ordered = sorted(items, key=lambda item: _id_key(item["id"]), reverse=True)
        limit = min(int(request.param("limit") or 20), 40, self.page_size)
        max_id, since_id, min_id = (request.param(k) for k in ("max_id", "since_id", "min_id"))
        if max_id is not None:
            ordered = [i for i in ordered if _id_key(i["id"]) < _id_key(max_id)]
        if since_id is not None:
            ordered = [i for i in ordered if _id_key(i["id"]) > _id_key(since_id)]
        if min_id is not None:
            ordered = [i for i in ordered if _id_key(i["id"]) > _id_key(min_id)]
            page = ordered[-limit:] if limit else []
        else:
            page = ordered[:limit]
        headers = {}
        if page:
            kept = [(k, v) for k in keep for v in request.query.get(k, [])]
            base = f"{self.base}{request.path}"
            older = urlencode([*kept, ("limit", str(limit)), ("max_id", page[-1]["id"])])
            newer = urlencode([*kept, ("limit", str(limit)), ("min_id", page[0]["id"])])
            headers["Link"] = f'<{base}?{older}>; rel="next", <{base}?{newer}>; rel="prev"'
        return Reply(200, page, headers)


# ---------------------------------------------------------------------------------------------
# the story the tests pull


def story() -> FakeMastodon:
    """cornerbakery posts (an original with HTML, a thread, a boost, a quote, a post whose
    thread holds a reply by bob and the account's answer to it); ana replies to it and is
    answered within two hours, carl mentions it and is never answered, dora quotes it; a
    favourite notification that is no message."""
    s1 = status(
        snowflake(T0, 1),
        OWNER,
        T0,
        '<p>Fresh sourdough today!<br>Come early &amp; bring a friend.</p><p><a href="https://'
        'bakery.example/menu" rel="nofollow noopener noreferrer" target="_blank"><span class="'
        'invisible">https://</span><span class="">bakery.example/menu</span><span class="invisi'
        'ble"></span></a> <a href="https://bakery.example/tags/bread" class="mention hashtag" '
        'rel="tag">#<span>bread</span></a></p>',
        tags=("bread",),
        media=2,
        replies=1,
    )
    ana = status(
        snowflake(T0 + timedelta(hours=1), 2),
        ANA,
        T0 + timedelta(hours=1),
        '<p><span class="h-card"><a href="https://bakery.example/@cornerbakery" class="u-url '
        'mention">@<span>cornerbakery</span></a></span> do you have rye on Sunday?</p>',
        reply_to=s1,
        mentions=(OWNER,),
    )
    answer = status(
        snowflake(T0 + timedelta(hours=2), 3),
        OWNER,
        T0 + timedelta(hours=2),
        '<p><span class="h-card"><a href="https://remote.example/@ana" class="u-url mention">'
        "@<span>ana</span></a></span> yes, from 8!</p>",
        reply_to=ana,
        mentions=(ANA,),
    )
    thread = status(
        snowflake(T0 + timedelta(hours=2, minutes=30), 4),
        OWNER,
        T0 + timedelta(hours=2, minutes=30),
        "<p>Also: croissants are back.</p>",
        reply_to=s1,
    )
    carl = status(
        snowflake(T0 + timedelta(hours=3), 5),
        CARL,
        T0 + timedelta(hours=3),
        '<p>Best bakery in town, <span class="h-card"><a href="https://bakery.example/@cornerbak'
        'ery" class="u-url mention">@<span>cornerbakery</span></a></span> are you open late?</p>',
        mentions=(OWNER,),
    )
    eve_post = status(
        snowflake(T0 + timedelta(hours=3, minutes=30), 6),
        EVE,
        T0 + timedelta(hours=3, minutes=30),
        "<p>Bread festival on Saturday</p>",
    )
    boost = status(
        snowflake(T0 + timedelta(hours=4), 7), OWNER, T0 + timedelta(hours=4), "", reblog=eve_post
    )
    quote_post = status(
        snowflake(T0 + timedelta(hours=5), 8),
        OWNER,
        T0 + timedelta(hours=5),
        "<p>We will be there with a stand!</p>",
        quote={"state": "accepted", "quoted_status": eve_post},
        replies=2,
    )
    bob = status(
        snowflake(T0 + timedelta(hours=6), 9),
        BOB,
        T0 + timedelta(hours=6),
        "<p>Which stand number?</p>",
        reply_to=quote_post,
    )
    bob_answer = status(
        snowflake(T0 + timedelta(hours=6, minutes=10), 10),
        OWNER,
        T0 + timedelta(hours=6, minutes=10),
        '<p><span class="h-card"><a href="https://bakery.example/@bob" class="u-url mention">'
        "@<span>bob</span></a></span> number 12</p>",
        reply_to=bob,
        mentions=(BOB,),
    )
    dora = status(
        snowflake(T0 + timedelta(hours=7), 11),
        DORA,
        T0 + timedelta(hours=7),
        "<p>This bakery is the best</p>",
        quote={"state": "accepted", "quoted_status": s1},
    )
    server = FakeMastodon(
        statuses=[s1, answer, thread, boost, quote_post, bob_answer],
        notifications=[
            notification("501", "mention", ana),
            notification("502", "favourite", s1),
            notification("503", "mention", carl),
            notification("504", "quote", dora),
        ],
        contexts={quote_post["id"]: [bob, bob_answer], s1["id"]: [ana, answer, thread]},
    )
    return server


def fail(path: str, status_code: int, *, after: int = 0, times: int | None = None) -> Fault:
    """A fault answering ``status_code`` (with Mastodon's error body) to ``path``."""
    bodies = {
        429: {"error": "Too many requests"},
        500: {"error": "We're sorry, but something went wrong on our end."},
    }
    return Fault(
        path, Reply(status_code, bodies.get(status_code, {"error": "Error"})), after, times
    )


def drop(path: str, *, after: int = 0, times: int | None = None) -> Fault:
    """A fault closing the connection to ``path`` without an answer."""
    return Fault(path, DROP, after, times)
