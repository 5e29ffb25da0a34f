"""The live pull of a Mastodon account (``twoway pull mastodon NAME@INSTANCE``; docs/pull.md).

With an access token of the account (read scope; :data:`TOKEN_ENV` or the keyring), it fetches
from the account's own server, through the Mastodon REST API:

1. ``GET /api/v1/accounts/verify_credentials`` (whose token it is) and
   ``GET /api/v1/accounts/lookup?acct=NAME`` (the account asked for, which must be the same);
2. the stream ``mentions``: ``GET /api/v1/notifications?types[]=mention&types[]=quote``, the
   statuses of others that mention, answer or quote the account, as
   :class:`~twoway.model.Interaction` (type ``reply`` when it answers one of the account's
   posts, ``quote`` when it quotes one, else ``mention``);
3. the stream ``statuses``: ``GET /api/v1/accounts/:id/statuses``, the account's own posts
   (boosts included), as :class:`~twoway.model.Post`; and for each of them with replies,
   ``GET /api/v1/statuses/:id/context``, whose descendants by others that answer the account's
   posts directly are inbound messages too (with the notifications, one message per status).

Ids are those of the outbox export (:mod:`twoway.importers.mastodon`): a status is known by its
federation ``uri``, the account by its actor URI and ``name@host``, so a pull and an imported
export of one account are one account with each post once.  The API names a status's parent by
the server's own id, not its URI: the parent's URI is the one of a status this pull or an earlier
one saw (the ids of inbound messages are kept in the pull state ``ids`` for that), the account's
own status URI for a reply to itself, and otherwise the parent's address on the account's
server (``https://host/@name@remote/ID``).  An inbound message is answered by the account's
posts whose parent it is (:meth:`twoway.store.Workspace.store_pulled` joins them, whichever came
first).

Each stream keeps in the workspace (``pull_state``) the newest id it has stored and, while its
first pull is under way, the cursor of the next (older) page: the first pull walks back from the
newest page by ``max_id`` (the ``Link`` header's ``rel="next"``); later pulls walk forward from
the newest id stored by ``min_id`` (``rel="prev"``) until a page comes back empty.  Each page
is stored with the new state in one transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import httpx

from twoway.clock import mastodon_id_time, parse_iso
from twoway.dataset import Dataset
from twoway.errors import InputError, PullAuthError, PullError
from twoway.importers import ReadReport
from twoway.importers.mastodon import handle_of_actor, html_to_text
from twoway.links import make_link
from twoway.model import Account, Interaction, Kind, Link, Post, Provenance
from twoway.pull import PullProgress, PullResult
from twoway.pull.credentials import secret
from twoway.pull.http import Api, read_json

if TYPE_CHECKING:
    from twoway.store import Workspace

__all__ = [
    "IMPORTER",
    "PAGE_SIZE",
    "TOKEN_ENV",
    "VERSION",
    "interaction_from_status",
    "post_from_status",
    "pull",
]

PLATFORM = "mastodon"
IMPORTER = "mastodon-api"
"""The importer name in the provenance of pulled records."""
VERSION = "1"
TOKEN_ENV = "TWOWAY_MASTODON_TOKEN"
"""The environment variable that holds the access token."""
PAGE_SIZE = 40
"""Statuses and notifications asked for per page (Mastodon's most for statuses)."""
NOTIFICATION_TYPES = ("mention", "quote")
"""The notifications that are inbound messages: mentions (replies are mentions too) and quotes
(Mastodon 4.5 and later; older servers ignore the type)."""
_TOKEN_HINT = (
    "create a token (Preferences > Development > New application, read scope) and set "
    f"{TOKEN_ENV}, or store it with: python -m keyring set twoway mastodon:{{who}}"
)


# ---------------------------------------------------------------------------------------------
# who is pulled


@dataclass(frozen=True, slots=True)
class Owner:
    """The account pulled: its id on its server, its actor URI (its id in the workspace), its
    ``name@host`` and its display name."""

    api_id: str
    actor: str
    handle: str
    display_name: str | None = None

    @property
    def web(self) -> str:
        """``https://host`` of the account's server, as its actor URI names it."""
        parts = urlsplit(self.actor)
        return f"{parts.scheme or 'https'}://{parts.netloc}"

    def account(self) -> Account:
        return Account(
            platform=PLATFORM, id=self.actor, handle=self.handle, display_name=self.display_name
        )


def split_account(who: str) -> tuple[str, str]:
    """``(name, instance)`` of ``NAME@INSTANCE`` (a leading ``@`` is allowed);
    :class:`~twoway.errors.InputError` for anything else."""
    text = who.strip().removeprefix("@")
    name, _, instance = text.rpartition("@")
    instance = instance.strip().lower().rstrip("/")
    if not name or not instance or "@" in name or "/" in instance or " " in text:
        raise InputError(
            f"{who!r} is not a Mastodon account",
            hint="give it as NAME@INSTANCE, e.g. cornerbakery@mastodon.social",
        )
    return name, instance


def _host(url: str) -> str:
    return urlsplit(url).netloc


def full_acct(account: Mapping[str, Any], default_host: str) -> str:
    """``name@host`` of an Account or Mention entity: its ``acct``, with the host of its ``url``
    (else ``default_host``) added for a local account (whose ``acct`` is the bare name)."""
    acct = str(account.get("acct") or account.get("username") or "").removeprefix("@")
    if not acct or "@" in acct:
        return acct
    url = account.get("url")
    host = _host(url) if isinstance(url, str) and url else ""
    return f"{acct}@{host or default_host}"


def _owner(api: Api, name: str, instance: str) -> Owner:
    """The account the token belongs to, checked to be ``name``."""
    try:
        me = read_json(api.get("/api/v1/accounts/verify_credentials"))
    except PullError as exc:
        if exc.status == 404 and not isinstance(exc, PullAuthError):
            raise PullError(
                f"{api.server} has no Mastodon API (404 on /api/v1/accounts/verify_credentials)",
                server=api.server,
                status=404,
                hint="check the instance name, or give the server's address with --server URL",
            ) from None
        raise
    if not isinstance(me, dict) or not me.get("id"):
        raise PullError(
            f"{api.server} did not say whose token it is", server=api.server, hint="try again later"
        )
    try:
        found = read_json(api.get("/api/v1/accounts/lookup", {"acct": name}))
    except PullError as exc:
        if exc.status == 404:
            raise PullError(
                f"no account {name!r} on {instance}",
                server=api.server,
                status=404,
                hint="check the name (NAME@INSTANCE, as in the account's address)",
            ) from None
        raise
    if not isinstance(found, dict) or str(found.get("id")) != str(me["id"]):
        mine = full_acct(me, instance)
        raise PullError(
            f"the token belongs to {mine}, not to {name}@{instance}",
            server=api.server,
            hint=f"create the token while logged in as {name}, or pull {mine}",
        )
    username = str(me.get("username") or name)
    actor = me.get("uri") if isinstance(me.get("uri"), str) and me.get("uri") else None
    if actor is None:  # before Mastodon 4.2: a local account's actor URI, on its web host
        web = _host(me["url"]) if isinstance(me.get("url"), str) else ""
        actor = f"https://{web or instance}/users/{username}"
    handle = handle_of_actor(actor, username) or f"{username}@{instance}"
    display = me.get("display_name")
    return Owner(
        api_id=str(me["id"]),
        actor=actor,
        handle=handle,
        display_name=display if isinstance(display, str) and display else None,
    )


# ---------------------------------------------------------------------------------------------
# statuses to records


class Bad(Exception):
    """A status that cannot become a record; the message says why."""


@dataclass
class Ids:
    """What the pull knows of statuses named by their server id: their URIs (the statuses seen,
    and the inbound messages of earlier pulls), and accounts by server id (``name@host``, actor
    URI)."""

    owner: Owner
    uris: dict[str, str] = field(default_factory=dict)
    accounts: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def see_account(self, account: Any) -> None:
        if isinstance(account, dict) and account.get("id"):
            uri = account.get("uri")
            self.accounts[str(account["id"])] = (
                full_acct(account, _host(self.owner.actor)),
                uri if isinstance(uri, str) and uri else None,
            )

    def parent(self, status: Mapping[str, Any]) -> str | None:
        """The URI of the status ``status`` replies to (see the module's docstring)."""
        parent = status.get("in_reply_to_id")
        if parent is None:
            return None
        parent = str(parent)
        known = self.uris.get(parent)
        if known is not None:
            return known
        if str(status.get("in_reply_to_account_id")) == self.owner.api_id:
            return f"{self.owner.actor}/statuses/{parent}"
        acct = self.parent_account(status)[0]
        if acct:  # the status's page on the account's server (a local account by its name)
            local = acct.removesuffix(f"@{_host(self.owner.actor)}")
            return f"{self.owner.web}/@{local}/{parent}"
        return f"{self.owner.web}/api/v1/statuses/{parent}"

    def parent_account(self, status: Mapping[str, Any]) -> tuple[str | None, str | None]:
        """``(name@host, actor URI)`` of the account ``status`` replies to, where known."""
        target = status.get("in_reply_to_account_id")
        if target is None:
            return None, None
        target = str(target)
        if target == self.owner.api_id:
            return self.owner.handle, self.owner.actor
        if target in self.accounts:
            return self.accounts[target]
        for mention in _list(status.get("mentions")):
            if isinstance(mention, dict) and str(mention.get("id")) == target:
                return full_acct(mention, _host(self.owner.actor)) or None, None
        return None, None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise Bad(f"missing {path}" if value in (None, "") else f"{path} is not a string")
    return value


def _time(status: Mapping[str, Any]) -> datetime:
    value = _text(status.get("created_at"), "created_at")
    try:
        return parse_iso(value)
    except (ValueError, OverflowError):
        raise Bad(f"created_at is not an ISO time ({value[:40]!r})") from None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def quoted(status: Mapping[str, Any]) -> tuple[bool, str | None, Any]:
    """Whether ``status`` quotes another, the quoted status's URI where given, and the quoted
    status itself where given: Mastodon 4.4's ``quote`` (a Quote with ``quoted_status``, or a
    ShallowQuote with ``quoted_status_id``), Fedibird's ``quote`` (a Status) or ``quote_id``."""
    quote = status.get("quote")
    if isinstance(quote, dict):
        inner = (
            quote.get("quoted_status") if ("state" in quote or "quoted_status" in quote) else quote
        )
        if isinstance(inner, dict):
            uri = inner.get("uri")
            return True, uri if isinstance(uri, str) and uri else None, inner
        return True, None, None
    return status.get("quote_id") is not None, None, None


def post_from_status(status: Mapping[str, Any], ids: Ids, provenance: Provenance) -> Post:
    """A status of the account as a :class:`~twoway.model.Post` (kinds per CODEBOOK.md section
    1: a boost a repost, a reply to itself a thread, to another a reply, a quote a quote)."""
    owner = ids.owner
    uri = _text(status.get("uri"), "uri")
    created_at = _time(status)
    visibility = status.get("visibility") if isinstance(status.get("visibility"), str) else None
    reblog = status.get("reblog")
    if isinstance(reblog, dict):
        target = _text(reblog.get("uri"), "reblog.uri")
        author = reblog.get("account")
        return Post(
            platform=PLATFORM,
            account=owner.handle,
            account_id=owner.actor,
            id=uri.removesuffix("/activity"),
            created_at=created_at,
            text="",
            kind=Kind.REPOST,
            provenance=provenance,
            url=status.get("url") if isinstance(status.get("url"), str) else None,
            reposted_id=target,
            reposted_account=(full_acct(author, _host(owner.actor)) or None)
            if isinstance(author, dict)
            else None,
            visibility=visibility,
        )
    content = status.get("content")
    text, hrefs = html_to_text(content) if isinstance(content, str) and content else ("", [])
    links: tuple[Link, ...] = tuple(make_link(href) for href in hrefs)
    mentions = tuple(
        acct
        for mention in _list(status.get("mentions"))
        if isinstance(mention, dict) and (acct := full_acct(mention, _host(owner.actor)))
    )
    hashtags = tuple(
        tag["name"]
        for tag in _list(status.get("tags"))
        if isinstance(tag, dict) and isinstance(tag.get("name"), str) and tag["name"]
    )
    is_quote, quoted_id, _ = quoted(status)
    reply_to = ids.parent(status)
    reply_account = reply_account_id = reply_time = None
    if reply_to is not None:
        own = str(status.get("in_reply_to_account_id")) == owner.api_id
        kind = Kind.THREAD if own else Kind.REPLY
        reply_account, reply_account_id = ids.parent_account(status)
        reply_time = mastodon_id_time(str(status.get("in_reply_to_id")))
    elif is_quote:
        kind = Kind.QUOTE
    else:
        kind = Kind.ORIGINAL
    application = status.get("application")
    client = application.get("name") if isinstance(application, dict) else None
    language = status.get("language")
    return Post(
        platform=PLATFORM,
        account=owner.handle,
        account_id=owner.actor,
        id=uri,
        created_at=created_at,
        text=text,
        kind=kind,
        provenance=provenance,
        url=status.get("url") if isinstance(status.get("url"), str) else None,
        reply_to_id=reply_to,
        reply_to_account_id=reply_account_id,
        reply_to_account=reply_account,
        reply_to_time=reply_time,
        quoted_id=quoted_id,
        mentions=mentions,
        links=links,
        hashtags=hashtags,
        media_count=len(_list(status.get("media_attachments"))),
        client=client if isinstance(client, str) and client else None,
        lang=language if isinstance(language, str) and language else None,
        visibility=visibility,
        likes=_count(status.get("favourites_count")),
        reposts=_count(status.get("reblogs_count")),
        replies=_count(status.get("replies_count")),
        quotes=_count(status.get("quotes_count")),
    )


def interaction_from_status(
    status: Mapping[str, Any], ids: Ids, provenance: Provenance
) -> Interaction:
    """A status by someone else that names, answers or quotes the account, as an inbound
    message: type ``reply`` (it answers one of the account's posts, ``in_reply_to``), ``quote``
    (it quotes one, ``in_reply_to`` the quoted post) or ``mention``."""
    owner = ids.owner
    uri = _text(status.get("uri"), "uri")
    created_at = _time(status)
    author = status.get("account")
    if not isinstance(author, dict):
        raise Bad("missing account")
    acct = full_acct(author, _host(owner.actor))
    if not acct:
        raise Bad("missing account.acct")
    author_uri = author.get("uri") or author.get("url")
    content = status.get("content")
    text = html_to_text(content)[0] if isinstance(content, str) and content else ""
    kind, in_reply_to = "mention", None
    _, quoted_uri, quoted_status = quoted(status)
    if str(status.get("in_reply_to_account_id")) == owner.api_id:
        kind, in_reply_to = "reply", ids.parent(status)
    elif isinstance(quoted_status, dict) and (
        str((quoted_status.get("account") or {}).get("id")) == owner.api_id
    ):
        kind, in_reply_to = "quote", quoted_uri
    return Interaction(
        platform=PLATFORM,
        account=owner.handle,
        id=uri,
        author=acct,
        author_id=author_uri if isinstance(author_uri, str) and author_uri else acct,
        created_at=created_at,
        text=text,
        type=kind,
        provenance=provenance,
        in_reply_to=in_reply_to,
    )


# ---------------------------------------------------------------------------------------------
# pages


def _link_params(response: httpx.Response, rel: str) -> dict[str, str]:
    """The query of the ``Link`` header's ``rel`` target (only its query: the target is asked of
    the same server by the same path, so the token never goes to another host)."""
    link = response.links.get(rel)
    if not link or not link.get("url"):
        return {}
    return {key: values[-1] for key, values in parse_qs(urlsplit(link["url"]).query).items()}


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a stream: its items (newest first), the API address it came from (the
    provenance of its records) and the state to save with it."""

    items: list[Any]
    url: str
    state: dict[str, Any]
    last: bool


class Stream:
    """One paged list of the API (``statuses`` or ``mentions``) and where its pull stands."""

    def __init__(
        self,
        api: Api,
        name: str,
        path: str,
        params: Mapping[str, Any],
        state: Mapping[str, Any] | None,
    ) -> None:
        self.api = api
        self.name = name
        self.path = path
        self.params = dict(params)
        self.state = dict(state or {})
        self.pages = 0

    def __iter__(self) -> Iterator[Page]:
        newest = self.state.get("newest")
        if newest and not self.state.get("cursor"):
            yield from self._forward(str(newest))
        else:
            yield from self._backward()

    def _get(self, extra: Mapping[str, str]) -> tuple[list[Any], httpx.Response]:
        response = self.api.get(self.path, {**self.params, "limit": PAGE_SIZE, **extra})
        self.pages += 1
        items = read_json(response)
        if not isinstance(items, list):
            raise PullError(
                f"{self.api.server} answered {self.path} with something that is not a list",
                server=self.api.server,
                status=response.status_code,
                hint="check that --server names a Mastodon server",
            )
        return items, response

    def _backward(self) -> Iterator[Page]:
        """The first pull, or its resumption: from the newest page (or the saved cursor) back
        to the oldest, by ``max_id``."""
        top = self.state.get("top")
        cursor = self.state.get("cursor")
        while True:
            items, response = self._get({"max_id": str(cursor)} if cursor else {})
            url = str(response.request.url)
            if top is None and items and isinstance(items[0], dict) and items[0].get("id"):
                top = str(_link_params(response, "prev").get("min_id") or items[0]["id"])
            following = _link_params(response, "next").get("max_id")
            if following is None and items and isinstance(items[-1], dict):
                following = items[-1].get("id")
            if not items or following is None or str(following) == str(cursor):
                yield Page(items, url, {"newest": top, "top": None, "cursor": None}, True)
                return
            cursor = str(following)
            yield Page(items, url, {"newest": None, "top": top, "cursor": cursor}, False)

    def _forward(self, newest: str) -> Iterator[Page]:
        """A later pull: from the newest id stored forward, by ``min_id``, until a page comes
        back empty."""
        while True:
            items, response = self._get({"min_id": newest})
            url = str(response.request.url)
            if not items:
                yield Page(items, url, {"newest": newest, "top": None, "cursor": None}, True)
                return
            following = _link_params(response, "prev").get("min_id")
            if following is None and isinstance(items[0], dict):
                following = items[0].get("id")
            if following is None or str(following) == newest:
                yield Page(items, url, {"newest": newest, "top": None, "cursor": None}, True)
                return
            newest = str(following)
            yield Page(items, url, {"newest": newest, "top": None, "cursor": None}, False)


# ---------------------------------------------------------------------------------------------
# the pull


class _Run:
    """One pull of one account: the streams, the ids seen, and the counts."""

    def __init__(
        self,
        api: Api,
        workspace: Workspace,
        owner: Owner,
        progress: PullProgress | None,
    ) -> None:
        self.api = api
        self.workspace = workspace
        self.owner = owner
        self.progress = progress
        self.report = ReadReport()
        self.ids = Ids(owner)
        saved = workspace.pull_state(PLATFORM, owner.handle, "ids")
        self.saved_ids: dict[str, str] = dict((saved or {}).get("uris") or {})
        self.ids.uris.update(self.saved_ids)
        self.posts_added = 0
        self.interactions_added = 0
        self.pages = 0

    def _say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    def _stream(self, name: str, path: str, params: Mapping[str, Any]) -> Stream:
        return Stream(
            self.api,
            name,
            path,
            params,
            self.workspace.pull_state(PLATFORM, self.owner.handle, name),
        )

    def _store(self, stream: Stream, page: Page, data: Dataset, new_ids: dict[str, str]) -> None:
        others = {}
        if new_ids:
            self.saved_ids.update(new_ids)
            others["ids"] = {"uris": self.saved_ids}
        result = self.workspace.store_pulled(
            data,
            platform=PLATFORM,
            account=self.owner.handle,
            stream=stream.name,
            state=page.state,
            other_states=others,
        )
        self.posts_added += result.posts_added
        self.interactions_added += result.interactions_added
        self.pages += 1

    def _provenance(self, url: str, number: int) -> Provenance:
        return Provenance(file=url, record=number, importer=IMPORTER, version=VERSION)

    def _inbound(
        self, status: Any, url: str, number: int, new_ids: dict[str, str]
    ) -> Interaction | None:
        """The inbound message ``status`` is (``None`` when it is the account's own, or a
        duplicate), noting its id."""
        if not isinstance(status, dict):
            self.report.skip_record(url, number, "no status in it")
            return None
        self.ids.see_account(status.get("account"))
        author = status.get("account")
        if isinstance(author, dict) and str(author.get("id")) == self.owner.api_id:
            return None
        try:
            message = interaction_from_status(status, self.ids, self._provenance(url, number))
        except Bad as exc:
            self.report.skip_record(url, number, str(exc))
            return None
        if status.get("id") is not None:
            self.ids.uris[str(status["id"])] = message.id
            new_ids[str(status["id"])] = message.id
        return message

    def mentions(self) -> None:
        stream = self._stream(
            "mentions", "/api/v1/notifications", {"types[]": list(NOTIFICATION_TYPES)}
        )
        for page in stream:
            messages: list[Interaction] = []
            new_ids: dict[str, str] = {}
            for number, item in enumerate(page.items, 1):
                if not isinstance(item, dict):
                    self.report.skip_record(page.url, number, "not a notification object")
                    continue
                if item.get("type") not in NOTIFICATION_TYPES:
                    continue
                message = self._inbound(item.get("status"), page.url, number, new_ids)
                if message is not None:
                    messages.append(message)
            data = Dataset(accounts=[self.owner.account()], interactions=_once(messages))
            self._store(stream, page, data, new_ids)
            self._say(f"mentions: page {stream.pages}, {self.interactions_added} new messages")

    def statuses(self) -> None:
        stream = self._stream("statuses", f"/api/v1/accounts/{self.owner.api_id}/statuses", {})
        for page in stream:
            posts: list[Post] = []
            messages: list[Interaction] = []
            new_ids: dict[str, str] = {}
            # Ids first (this page's statuses, then the threads below them), so that a reply
            # finds its parent's URI when the parent is on the page or in one of the threads.
            for status in page.items:
                if (
                    isinstance(status, dict)
                    and status.get("reblog") is None
                    and status.get("id") is not None
                    and isinstance(status.get("uri"), str)
                ):
                    self.ids.uris.setdefault(str(status["id"]), status["uri"])
            for status in page.items:
                if (
                    isinstance(status, dict)
                    and status.get("reblog") is None
                    and (_count(status.get("replies_count")) or 0) > 0
                    and status.get("id") is not None
                ):
                    messages.extend(self._replies(str(status["id"]), new_ids))
            for number, status in enumerate(page.items, 1):
                if not isinstance(status, dict):
                    self.report.skip_record(page.url, number, "not a status object")
                    continue
                try:
                    post = post_from_status(status, self.ids, self._provenance(page.url, number))
                except Bad as exc:
                    self.report.skip_record(page.url, number, str(exc))
                    continue
                posts.append(post)
            data = Dataset(
                accounts=[self.owner.account()], posts=posts, interactions=_once(messages)
            )
            self._store(stream, page, data, new_ids)
            self._say(f"statuses: page {stream.pages}, {self.posts_added} new posts")

    def _replies(self, status_id: str, new_ids: dict[str, str]) -> list[Interaction]:
        """The replies of others to the account's posts in the thread below ``status_id``, each
        with the account's own replies to it among the thread as its answers."""
        response = self.api.get(f"/api/v1/statuses/{status_id}/context")
        context = read_json(response)
        url = str(response.request.url)
        descendants = context.get("descendants") if isinstance(context, dict) else None
        statuses = [s for s in _list(descendants) if isinstance(s, dict)]
        for status in statuses:
            self.ids.see_account(status.get("account"))
            if status.get("id") is not None and isinstance(status.get("uri"), str):
                self.ids.uris.setdefault(str(status["id"]), status["uri"])
        answers: dict[str, list[str]] = {}
        for status in statuses:
            author = status.get("account")
            if (
                isinstance(author, dict)
                and str(author.get("id")) == self.owner.api_id
                and status.get("in_reply_to_id") is not None
                and isinstance(status.get("uri"), str)
            ):
                answers.setdefault(str(status["in_reply_to_id"]), []).append(status["uri"])
        messages = []
        for number, status in enumerate(statuses, 1):
            if str(status.get("in_reply_to_account_id")) != self.owner.api_id:
                continue
            message = self._inbound(status, url, number, new_ids)
            if message is None:
                continue
            found = answers.get(str(status.get("id")), [])
            messages.append(replace(message, answered_by=tuple(found)) if found else message)
        return messages


def _once(messages: list[Interaction]) -> list[Interaction]:
    """Each message once (a status can come as a mention, a quote and a reply in a thread), with
    the answers found for any of its copies."""
    kept: dict[str, Interaction] = {}
    for message in messages:
        first = kept.get(message.id)
        if first is None:
            kept[message.id] = message
        elif message.answered_by:
            answers = first.answered_by + tuple(
                a for a in message.answered_by if a not in first.answered_by
            )
            kept[message.id] = replace(first, answered_by=answers)
    return list(kept.values())


def pull(
    who: str,
    workspace: Workspace,
    *,
    base_url: str | None = None,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    progress: PullProgress | None = None,
) -> PullResult:
    """Pull the Mastodon account ``who`` (``NAME@INSTANCE``) into ``workspace``: its new
    statuses and the new messages to it (see the module's docstring).  ``base_url`` is the
    server's address (``https://INSTANCE`` when ``None``).  The token comes from
    :data:`TOKEN_ENV` or the keyring (:func:`twoway.pull.credentials.secret`)."""
    name, instance = split_account(who)
    asked = f"{name}@{instance}"
    token = secret(PLATFORM, asked, env=TOKEN_ENV)
    if token is None:
        raise PullAuthError(f"no Mastodon token for {asked}", hint=_TOKEN_HINT.format(who=asked))
    with Api(
        base_url or f"https://{instance}",
        platform=PLATFORM,
        token=token,
        transport=transport,
        sleep=sleep,
    ) as api:
        if progress is not None:
            progress(f"checking the token with {api.server}")
        owner = _owner(api, name, instance)
        run = _Run(api, workspace, owner, progress)
        run.mentions()
        run.statuses()
        return PullResult(
            platform=PLATFORM,
            account=owner.handle,
            posts_added=run.posts_added,
            interactions_added=run.interactions_added,
            pages=run.pages,
            requests=api.requests,
            account_key=(PLATFORM, owner.actor),
            report=run.report,
        )
