"""The live pull of a Bluesky account (``twoway pull bluesky HANDLE``; docs/pull.md).

With an app password of the account (:data:`PASSWORD_ENV` or the keyring), it talks XRPC to the
account's PDS, the server that keeps its repository:

1. who and where: without ``--server``, ``com.atproto.identity.resolveHandle`` (at
   :data:`RESOLVER`) gives the account's DID, and the DID document (from the PLC directory
   :data:`PLC_DIRECTORY` for ``did:plc``, from ``/.well-known/did.json`` for ``did:web``) names
   its PDS; with ``--server``, that server is asked directly (a PDS, or an entryway such as
   bsky.social, whose session names the PDS to go on with);
2. ``com.atproto.server.createSession`` with the handle and the app password; an access token
   that expires during the pull is renewed with ``com.atproto.server.refreshSession``;
3. the streams ``posts`` and ``reposts``: ``com.atproto.repo.listRecords`` of the collections
   ``app.bsky.feed.post`` and ``app.bsky.feed.repost``, newest first, as
   :class:`~twoway.model.Post` records made by the repository importer's own converter
   (:func:`twoway.importers.bluesky.record_post`), so a pulled post and an exported one are the
   same post with the same id (its AT URI);
4. the stream ``notifications``: ``app.bsky.notification.listNotifications`` (reasons mention,
   reply, quote; the PDS asks the AppView), the posts of others that reply to the account's
   posts, quote them or mention the account, as :class:`~twoway.model.Interaction` (type
   ``reply``, ``quote`` or ``mention``; ``in_reply_to`` the account's post replied to or quoted);
5. the stream ``threads``: for the account's new posts of the last :data:`THREAD_DAYS` days,
   ``app.bsky.feed.getPosts`` (their reply counts) and, for those with replies,
   ``app.bsky.feed.getPostThread``, whose direct replies by others are inbound messages too:
   replies that sent no notification (a muted thread, say) are not missed.

A message is answered by the account's posts that reply to it:
:meth:`twoway.store.Workspace.store_pulled` joins them, whichever was stored first.

Each stream keeps in the workspace (``pull_state``) the newest key it has stored (a record key;
for notifications the time the AppView indexed one) and, while a pull of it is under way, the
cursor of the next (older) page and the newest key of that pull.  A pull walks from the newest
page back until it meets a key already stored; each page is stored with the new state in one
transaction, so an interrupted pull goes on from its cursor and stores nothing twice.  The
``threads`` stream keeps the posts still to look at, added with the page of posts that brought
them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from twoway.clock import parse_iso
from twoway.dataset import Dataset
from twoway.errors import InputError, PullAuthError, PullError
from twoway.importers import ReadReport
from twoway.importers.bluesky import POST, REPOST, record_post
from twoway.model import Account, Interaction, Kind, Post, Provenance
from twoway.pull import PullProgress, PullResult
from twoway.pull.credentials import secret
from twoway.pull.http import Api, read_json

if TYPE_CHECKING:
    from twoway.store import Workspace

__all__ = [
    "IMPORTER",
    "NOTIFICATION_REASONS",
    "PAGE_SIZE",
    "PASSWORD_ENV",
    "PLC_DIRECTORY",
    "RESOLVER",
    "THREAD_DAYS",
    "VERSION",
    "Owner",
    "Session",
    "interaction_from_view",
    "normalise",
    "pds_of",
    "pull",
    "resolve",
]

PLATFORM = "bluesky"
IMPORTER = "bluesky-api"
"""The importer name in the provenance of pulled records."""
VERSION = "1"
PASSWORD_ENV = "TWOWAY_BLUESKY_APP_PASSWORD"
"""The environment variable that holds the app password."""
RESOLVER = "https://bsky.social"
"""Where a handle is resolved to its DID when no ``--server`` is given."""
PLC_DIRECTORY = "https://plc.directory"
"""Where the DID document of a ``did:plc`` account is read."""
PAGE_SIZE = 100
"""Records and notifications asked for per page (the most both methods give)."""
NOTIFICATION_REASONS = ("mention", "reply", "quote")
"""The notifications that are inbound messages."""
THREAD_DAYS = 30
"""The account's posts younger than this (when pulled) have their threads looked through."""
THREAD_BATCH = 25
"""Posts asked for per ``app.bsky.feed.getPosts`` (its most)."""

_HINT = (
    "create an app password (Settings > Privacy and security > App passwords) and set "
    f"{PASSWORD_ENV}, or store it with: python -m keyring set twoway bluesky:{{who}}"
)
_HANDLE = re.compile(r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")
_DID = re.compile(r"^did:[a-z]+:[A-Za-z0-9._:%-]+$")
_TOKEN_ERRORS = ("ExpiredToken", "InvalidToken")
_STORED = "posts", "reposts"


# ---------------------------------------------------------------------------------------------
# who is pulled, and where


def normalise(who: str) -> str:
    """The handle (lower case, without ``@``) or DID ``who`` names;
    :class:`~twoway.errors.InputError` for anything else."""
    text = who.strip().removeprefix("@")
    if _DID.match(text):
        return text
    handle = text.lower()
    if len(handle) > 253 or not _HANDLE.match(handle):
        raise InputError(
            f"{who!r} is not a Bluesky handle",
            hint="give it as NAME.bsky.social, or the account's own domain (example.com)",
        )
    return handle


@dataclass(frozen=True, slots=True)
class Owner:
    """The account pulled: its DID (its id in the workspace), its handle and display name."""

    did: str
    handle: str
    display_name: str | None = None

    def account(self) -> Account:
        """The account as the workspace stores it."""
        return Account(
            platform=PLATFORM, id=self.did, handle=self.handle, display_name=self.display_name
        )


def _http_url(value: Any) -> str | None:
    if isinstance(value, str) and urlsplit(value).scheme in ("http", "https"):
        return value.rstrip("/")
    return None


def pds_of(document: Any) -> str | None:
    """The PDS address a DID document names (its ``#atproto_pds`` service), if any."""
    services = document.get("service") if isinstance(document, dict) else None
    for service in services if isinstance(services, list) else []:
        if (
            isinstance(service, dict)
            and str(service.get("id", "")).endswith("#atproto_pds")
            and service.get("type") == "AtprotoPersonalDataServer"
        ):
            return _http_url(service.get("serviceEndpoint"))
    return None


def resolve(
    who: str,
    *,
    resolver: str = RESOLVER,
    plc: str = PLC_DIRECTORY,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[str, str]:
    """``(did, PDS address)`` of the handle or DID ``who``: the handle resolved by
    ``resolver``, the DID document read from ``plc`` (``did:plc``) or the DID's own host
    (``did:web``)."""
    did = who
    if not who.startswith("did:"):
        with Api(resolver, platform=PLATFORM, transport=transport, sleep=sleep) as api:
            try:
                found = read_json(
                    api.get("/xrpc/com.atproto.identity.resolveHandle", {"handle": who})
                )
            except PullAuthError:
                raise
            except PullError as exc:
                if exc.status in (400, 404):
                    raise PullError(
                        f"no Bluesky account {who} ({api.server} cannot resolve the handle)",
                        server=api.server,
                        status=exc.status,
                        hint="check the handle, or give the account's server with --server URL",
                    ) from None
                raise
        named = found.get("did") if isinstance(found, dict) else None
        if not isinstance(named, str) or not _DID.match(named):
            raise PullError(
                f"{urlsplit(resolver).netloc} resolved {who} to no DID",
                server=urlsplit(resolver).netloc,
                hint="give the account's server with --server URL",
            )
        did = named
    if did.startswith("did:plc:"):
        base, path = plc, f"/{did}"
    elif did.startswith("did:web:"):
        base, path = f"https://{did.removeprefix('did:web:')}", "/.well-known/did.json"
    else:
        raise PullError(
            f"{did} is a kind of DID twoway cannot look up",
            hint="give the account's server with --server URL",
        )
    with Api(base, platform=PLATFORM, transport=transport, sleep=sleep) as api:
        try:
            document = read_json(api.get(path))
        except PullError as exc:
            if exc.status in (404, 410):
                raise PullError(
                    f"{api.server} has no DID document for {did}",
                    server=api.server,
                    status=exc.status,
                    hint="check the handle, or give the account's server with --server URL",
                ) from None
            raise
    pds = pds_of(document)
    if pds is None:
        raise PullError(
            f"the DID document of {did} names no PDS",
            hint="give the account's server with --server URL",
        )
    return did, pds


# ---------------------------------------------------------------------------------------------
# the session


class Session:
    """A logged-in XRPC session with the account's PDS: :meth:`login` with the app password,
    then :meth:`get` (the JSON answer, the access token renewed when it has expired).

    ``server`` is the PDS, or an entryway whose session names the PDS (then the session goes
    on there).  The password and the tokens are never shown (:meth:`Api.keep_secret`)."""

    def __init__(
        self,
        server: str,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._transport = transport
        self._sleep = sleep
        self.api = Api(server, platform=PLATFORM, transport=transport, sleep=sleep)
        self._counted = 0  # requests of the Api objects let go
        self._refresh: str | None = None
        self._secrets: list[str] = []  # the password and refresh tokens, never to be shown
        self.did = ""
        self.handle = ""

    @property
    def requests(self) -> int:
        """HTTP requests sent, tries again included."""
        return self._counted + self.api.requests

    def close(self) -> None:
        """Close the connections."""
        self.api.close()

    def url(self, method: str) -> str:
        """The address of an XRPC method on the PDS (a pulled record's provenance)."""
        return f"{self.api.base_url}/xrpc/{method}"

    def login(self, identifier: str, password: str) -> None:
        """``com.atproto.server.createSession``;
        :class:`~twoway.errors.PullAuthError` when the password is refused."""
        self._secrets.append(password)
        self.api.keep_secret(password)
        session = read_json(
            self.api.post(
                "/xrpc/com.atproto.server.createSession",
                json={"identifier": identifier, "password": password},
            )
        )
        self._take(session)
        pds = pds_of(session.get("didDoc"))
        if pds is not None and pds != self.api.base_url:  # an entryway: go on at the PDS
            self._counted += self.api.requests
            self.api.close()
            self.api = Api(pds, platform=PLATFORM, transport=self._transport, sleep=self._sleep)
            for value in self._secrets:
                self.api.keep_secret(value)
            self.api.set_token(session["accessJwt"])

    def _take(self, session: Any) -> None:
        if (
            not isinstance(session, dict)
            or not isinstance(session.get("accessJwt"), str)
            or not isinstance(session.get("refreshJwt"), str)
            or not isinstance(session.get("did"), str)
        ):
            raise PullError(
                f"{self.api.server} answered the login with no session",
                server=self.api.server,
                hint="check that --server names a Bluesky PDS",
            )
        self._secrets.append(session["refreshJwt"])
        self.api.keep_secret(session["refreshJwt"])
        self.api.set_token(session["accessJwt"])
        self._refresh = session["refreshJwt"]
        self.did = session["did"]
        handle = session.get("handle")
        self.handle = handle.lower() if isinstance(handle, str) and handle else self.did

    def renew(self) -> None:
        """``com.atproto.server.refreshSession``: new tokens for an expired access token;
        :class:`~twoway.errors.PullAuthError` when the session was ended (the app password
        revoked, say)."""
        self.api.set_token(self._refresh)
        try:
            session = read_json(self.api.post("/xrpc/com.atproto.server.refreshSession"))
        except PullError as exc:
            if isinstance(exc, PullAuthError) or exc.status == 400:
                raise PullAuthError(
                    f"{self.api.server} ended the session of {self.handle or 'the account'} "
                    "and did not renew it (was the app password revoked?)",
                    server=self.api.server,
                    status=exc.status,
                    hint=_HINT.format(who=self.handle or "HANDLE"),
                ) from None
            raise
        self._take(session)

    def get(self, method: str, params: Mapping[str, Any] | None = None) -> Any:
        """The JSON answer of the XRPC query ``method``; an expired access token is renewed
        once and the query asked again."""
        path = f"/xrpc/{method}"
        try:
            return read_json(self.api.get(path, params))
        except PullError as exc:
            if not _token_refused(exc) or self._refresh is None:
                raise
        self.renew()
        return read_json(self.api.get(path, params))


def _token_refused(exc: PullError) -> bool:
    """Whether the PDS refused the access token (expired, or no longer valid): XRPC answers
    ``400 ExpiredToken`` / ``InvalidToken``, some proxies ``401``."""
    return isinstance(exc, PullAuthError) or (
        exc.status == 400 and any(code in str(exc) for code in _TOKEN_ERRORS)
    )


def _stored_name(workspace: Workspace, session: Session) -> str:
    """The name the account is stored under: its handle, unless the workspace already holds
    the account (by its DID) under another name, as an imported ``.car`` export does (an
    export does not name the handle, so its DID stands in): the pulled posts and messages join
    the stored account's."""
    if workspace.path.exists():
        for account in workspace.accounts():
            if account.platform == PLATFORM and account.id == session.did:
                return account.handle
    return session.handle


def _display_name(session: Session) -> str | None:
    """The account's display name, from its profile record (none when it has no profile)."""
    try:
        found = session.get(
            "com.atproto.repo.getRecord",
            {"repo": session.did, "collection": "app.bsky.actor.profile", "rkey": "self"},
        )
    except PullAuthError:
        raise
    except PullError as exc:
        if exc.status in (400, 404):  # RecordNotFound
            return None
        raise
    value = found.get("value") if isinstance(found, dict) else None
    name = value.get("displayName") if isinstance(value, dict) else None
    return name.strip() if isinstance(name, str) and name.strip() else None


# ---------------------------------------------------------------------------------------------
# records and views to posts and messages


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _did_of(uri: Any) -> str | None:
    if not isinstance(uri, str) or not uri.startswith("at://"):
        return None
    return uri[5:].split("/")[0] or None


def _quoted(record: Mapping[str, Any]) -> str | None:
    """The AT URI of the post ``record`` quotes (a record embed, with media or without)."""
    embed = _dict(record.get("embed"))
    inner = _dict(embed.get("record"))
    if embed.get("$type") == "app.bsky.embed.recordWithMedia":
        inner = _dict(inner.get("record"))
    uri = inner.get("uri")
    return uri if isinstance(uri, str) and f"/{POST}/" in uri else None


def _mentions(record: Mapping[str, Any]) -> set[str]:
    found = set()
    facets = record.get("facets")
    for facet in facets if isinstance(facets, list) else []:
        features = _dict(facet).get("features")
        for feature in features if isinstance(features, list) else []:
            feature = _dict(feature)
            if feature.get("$type") == "app.bsky.richtext.facet#mention" and isinstance(
                feature.get("did"), str
            ):
                found.add(feature["did"])
    return found


class Bad(Exception):
    """A view that cannot become a message; the message says why."""


def interaction_from_view(
    view: Mapping[str, Any], owner: Owner, provenance: Provenance, *, reason: str | None = None
) -> Interaction | None:
    """A post of another account (a notification, or a post view of a thread: both carry
    ``uri``, ``author``, ``record`` and ``indexedAt``) as an inbound message to ``owner``:
    ``reply`` when it replies to one of the owner's posts, ``quote`` when it quotes one,
    ``mention`` when it mentions the owner; ``None`` when it is none of them (a reply further
    down a thread), or the owner's own post.  :class:`Bad` when it lacks what a message needs."""
    uri = view.get("uri")
    if not isinstance(uri, str) or _did_of(uri) is None or f"/{POST}/" not in uri:
        raise Bad("no post uri")
    author = _dict(view.get("author"))
    author_did = author.get("did") if isinstance(author.get("did"), str) else _did_of(uri)
    if author_did == owner.did:
        return None
    record = _dict(view.get("record"))
    parent = _dict(_dict(record.get("reply")).get("parent")).get("uri")
    quoted = _quoted(record)
    if _did_of(parent) == owner.did:
        kind, in_reply_to = "reply", parent
    elif _did_of(quoted) == owner.did:
        kind, in_reply_to = "quote", quoted
    elif reason == "mention" or owner.did in _mentions(record):
        kind, in_reply_to = "mention", None
    else:
        return None
    created_at = None
    for value in (record.get("createdAt"), view.get("indexedAt")):
        if isinstance(value, str):
            try:
                created_at = parse_iso(value)
                break
            except (ValueError, OverflowError):
                continue
    if created_at is None:
        raise Bad("no readable createdAt or indexedAt")
    handle = author.get("handle")
    text = record.get("text")
    return Interaction(
        platform=PLATFORM,
        account=owner.handle,
        id=uri,
        author=handle if isinstance(handle, str) and handle else str(author_did),
        author_id=str(author_did),
        created_at=created_at,
        text=text if isinstance(text, str) else "",
        type=kind,
        provenance=provenance,
        in_reply_to=in_reply_to,
    )


# ---------------------------------------------------------------------------------------------
# pages


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a stream: its new items (newest first), the XRPC address it came from (the
    provenance of its records) and the state to save with it."""

    items: list[Any]
    url: str
    state: dict[str, Any]


class Stream:
    """One paged, newest-first list of the API (``posts``, ``reposts``, ``notifications``) and
    where its pull stands (see the module's docstring).  ``key`` gives an item's sort key
    (``None`` for an item without one, which is taken as new).  With ``ties``, an item whose key
    equals the newest key stored is taken again (two notifications can be indexed in the same
    millisecond; the workspace keeps each message once)."""

    def __init__(
        self,
        session: Session,
        name: str,
        method: str,
        params: Mapping[str, Any],
        items: str,
        key: Callable[[Any], str | None],
        state: Mapping[str, Any] | None,
        page_size: int,
        *,
        ties: bool = False,
    ) -> None:
        self.session = session
        self.name = name
        self.method = method
        self.params = dict(params)
        self.items = items
        self.key = key
        self.state = dict(state or {})
        self.page_size = page_size
        self.ties = ties
        self.pages = 0

    def __iter__(self) -> Iterator[Page]:
        stored = self.state.get("newest")  # everything up to this key is stored
        cursor = self.state.get("cursor")  # a pull under way: its next page
        top = self.state.get("top")  # ... and the newest key it met
        url = self.session.url(self.method)
        while True:
            params = {**self.params, "limit": self.page_size}
            if cursor:
                params["cursor"] = cursor
            body = self.session.get(self.method, params)
            self.pages += 1
            items = body.get(self.items) if isinstance(body, dict) else None
            if not isinstance(items, list):
                raise PullError(
                    f"{self.session.api.server} answered {self.method} without {self.items}",
                    server=self.session.api.server,
                    hint="check that --server names a Bluesky PDS",
                )
            keys = [self.key(item) for item in items]
            if top is None:
                top = next((k for k in keys if k is not None), None)
            new = [
                item
                for item, key in zip(items, keys, strict=True)
                if key is None or stored is None or key > stored or (self.ties and key == stored)
            ]
            following = body.get("cursor")
            reached = any(k is not None and stored is not None and k <= stored for k in keys)
            if reached or not items or not isinstance(following, str) or following == cursor:
                newest = max((k for k in (stored, top) if k is not None), default=None)
                yield Page(new, url, {"newest": newest, "cursor": None, "top": None})
                return
            cursor = following
            yield Page(new, url, {"newest": stored, "cursor": cursor, "top": top})


def _record_key(item: Any) -> str | None:
    uri = _dict(item).get("uri")
    return uri.rsplit("/", 1)[-1] if isinstance(uri, str) and uri.count("/") >= 4 else None


def _indexed_at(item: Any) -> str | None:
    value = _dict(item).get("indexedAt")
    return value if isinstance(value, str) and value else None


# ---------------------------------------------------------------------------------------------
# the pull


class _Run:
    """One pull of one account: the streams and the counts."""

    def __init__(
        self,
        session: Session,
        workspace: Workspace,
        owner: Owner,
        progress: PullProgress | None,
        page_size: int,
        now: datetime,
    ) -> None:
        self.session = session
        self.workspace = workspace
        self.owner = owner
        self.progress = progress
        self.page_size = page_size
        self.thread_since = now - timedelta(days=THREAD_DAYS)
        self.report = ReadReport()
        threads = workspace.pull_state(PLATFORM, owner.handle, "threads") or {}
        pending = threads.get("pending")
        self.pending: list[str] = [u for u in pending if isinstance(u, str)] if pending else []
        self.posts_added = 0
        self.interactions_added = 0
        self.pages = 0

    def _say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    def _stream(self, name: str, method: str, params: Mapping[str, Any], items: str) -> Stream:
        notifications = name == "notifications"
        state = self.workspace.pull_state(PLATFORM, self.owner.handle, name)
        return Stream(
            self.session,
            name,
            method,
            params,
            items,
            _indexed_at if notifications else _record_key,
            state,
            self.page_size,
            ties=notifications,
        )

    def _store(
        self,
        stream: str,
        state: Mapping[str, Any],
        posts: list[Post] | None = None,
        messages: list[Interaction] | None = None,
        others: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        data = Dataset(
            accounts=[self.owner.account()], posts=posts or [], interactions=_once(messages or [])
        )
        result = self.workspace.store_pulled(
            data,
            platform=PLATFORM,
            account=self.owner.handle,
            stream=stream,
            state=state,
            other_states=others,
        )
        self.posts_added += result.posts_added
        self.interactions_added += result.interactions_added
        self.pages += 1

    def _provenance(self, url: str, number: int) -> Provenance:
        return Provenance(file=url, record=number, importer=IMPORTER, version=VERSION)

    def records(self, name: str, collection: str) -> None:
        """The stream of the account's records of ``collection`` (posts or reposts)."""
        stream = self._stream(
            name,
            "com.atproto.repo.listRecords",
            {"repo": self.owner.did, "collection": collection},
            "records",
        )
        number = 0
        for page in stream:
            posts = []
            for item in page.items:
                number += 1
                item = _dict(item)
                uri = item.get("uri")
                if _did_of(uri) != self.owner.did:
                    self.report.skip_record(page.url, number, "a record of another repository")
                    continue
                converted = record_post(
                    collection,
                    _record_key(item) or "",
                    item.get("value"),
                    self.owner.did,
                    self._provenance(page.url, number),
                    handle=self.owner.handle,
                )
                if converted.post is None:
                    self.report.skip_record(page.url, number, f"{uri}: {converted.problem}")
                    continue
                posts.append(converted.post)
            self.pending.extend(
                post.id
                for post in posts
                if post.kind is not Kind.REPOST and post.created_at >= self.thread_since
            )
            self._store(name, page.state, posts=posts, others={"threads": self._threads()})
            self._say(f"{name}: page {stream.pages}, {self.posts_added} new posts")

    def _threads(self) -> dict[str, Any]:
        return {"pending": list(dict.fromkeys(self.pending))}

    def notifications(self) -> None:
        """The stream of notifications: mentions, replies and quotes by others."""
        stream = self._stream(
            "notifications",
            "app.bsky.notification.listNotifications",
            {"reasons": list(NOTIFICATION_REASONS)},
            "notifications",
        )
        number = 0
        for page in stream:
            messages = []
            for item in page.items:
                number += 1
                item = _dict(item)
                reason = item.get("reason")
                if reason not in NOTIFICATION_REASONS:
                    continue
                message = self._message(item, page.url, number, reason)
                if message is not None:
                    messages.append(message)
            self._store("notifications", page.state, messages=messages)
            self._say(f"notifications: page {stream.pages}, {self.interactions_added} new messages")

    def _message(
        self, view: Mapping[str, Any], url: str, number: int, reason: str | None = None
    ) -> Interaction | None:
        try:
            return interaction_from_view(
                view, self.owner, self._provenance(url, number), reason=reason
            )
        except Bad as exc:
            self.report.skip_record(url, number, str(exc))
            return None

    def threads(self) -> None:
        """The replies of others to the account's new posts, from their threads."""
        self.pending = list(dict.fromkeys(self.pending))
        looked = 0
        while self.pending:
            batch = self.pending[:THREAD_BATCH]
            found = self.session.get("app.bsky.feed.getPosts", {"uris": batch})
            views = found.get("posts") if isinstance(found, dict) else None
            messages: list[Interaction] = []
            for view in views if isinstance(views, list) else []:
                view = _dict(view)
                replies = view.get("replyCount")
                if isinstance(replies, int) and replies > 0 and isinstance(view.get("uri"), str):
                    messages.extend(self._replies(view["uri"]))
            self.pending = self.pending[len(batch) :]
            looked += len(batch)
            self._store("threads", self._threads(), messages=messages)
            self._say(f"threads: {looked} posts looked at, {self.interactions_added} new messages")

    def _replies(self, uri: str) -> list[Interaction]:
        method = "app.bsky.feed.getPostThread"
        try:
            found = self.session.get(method, {"uri": uri, "depth": 1, "parentHeight": 0})
        except PullAuthError:
            raise
        except PullError as exc:
            if exc.status in (400, 404):  # NotFound: deleted since, or hidden
                return []
            raise
        replies = _dict(_dict(found).get("thread")).get("replies")
        messages = []
        url = self.session.url(method)
        for number, reply in enumerate(replies if isinstance(replies, list) else [], 1):
            view = _dict(_dict(reply).get("post"))
            if not view:  # a blocked or deleted reply
                continue
            message = self._message(view, url, number)
            if message is not None and message.in_reply_to == uri:
                messages.append(message)
        return messages


def _once(messages: list[Interaction]) -> list[Interaction]:
    """Each message once (a post can come as a notification and in a thread), the first kept."""
    kept: dict[str, Interaction] = {}
    for message in messages:
        kept.setdefault(message.id, message)
    return list(kept.values())


def pull(
    who: str,
    workspace: Workspace,
    *,
    base_url: str | None = None,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    progress: PullProgress | None = None,
    resolver: str = RESOLVER,
    plc: str = PLC_DIRECTORY,
    page_size: int = PAGE_SIZE,
) -> PullResult:
    """Pull the Bluesky account ``who`` (a handle, or a DID) into ``workspace``: its new posts
    and reposts, and the new messages to it (see the module's docstring).  ``base_url`` is its
    PDS (or an entryway); when ``None``, the PDS its DID document names (the handle resolved by
    ``resolver``, the document read from ``plc``).  The app password comes from
    :data:`PASSWORD_ENV` or the keyring (:func:`twoway.pull.credentials.secret`)."""
    asked = normalise(who)
    password = secret(PLATFORM, asked, env=PASSWORD_ENV)
    if password is None:
        raise PullAuthError(f"no Bluesky app password for {asked}", hint=_HINT.format(who=asked))
    if base_url is None:
        if progress is not None:
            progress(f"looking up {asked}")
        _, base_url = resolve(asked, resolver=resolver, plc=plc, transport=transport, sleep=sleep)
    session = Session(base_url, transport=transport, sleep=sleep)
    try:
        if progress is not None:
            progress(f"logging in to {session.api.server}")
        session.login(asked, password)
        owner = Owner(session.did, _stored_name(workspace, session), _display_name(session))
        run = _Run(session, workspace, owner, progress, max(1, page_size), datetime.now(UTC))
        run.records("posts", POST)
        run.records("reposts", REPOST)
        run.notifications()
        run.threads()
        return PullResult(
            platform=PLATFORM,
            account=owner.handle,
            posts_added=run.posts_added,
            interactions_added=run.interactions_added,
            pages=run.pages,
            requests=session.requests,
            account_key=(PLATFORM, owner.did),
            report=run.report,
        )
    finally:
        session.close()
