"""Talking to a platform's HTTP API for a live pull: one :class:`Api` per server.

Every request goes through :meth:`Api.get` or :meth:`Api.post`, which honour the server's rate
limits and ride out its short failures, so that the platform modules (:mod:`twoway.pull.mastodon`,
:mod:`twoway.pull.bluesky`) only read pages:

- ``429 Too Many Requests``: wait as long as ``Retry-After`` says (seconds, or an HTTP date);
  without it, until ``X-RateLimit-Reset`` (Mastodon: an ISO 8601 time) or ``RateLimit-Reset``
  (seconds from now, or a Unix time as Bluesky gives it); without either, 1, 2, 4… seconds
  (at most 60).  A wait longer than :data:`MAX_WAIT` is not waited: the pull stops and says when
  to try again.
- ``500``, ``502``, ``503``, ``504``, a dropped connection or a timeout: try again after 1, 2,
  4… seconds (at most 60).
- After ``max_retries`` tries again, :class:`~twoway.errors.PullError`.
- ``401`` / ``403``: :class:`~twoway.errors.PullAuthError`, one line naming the server and what to
  do.  Other answers from 400 to 499: :class:`~twoway.errors.PullError` with the server's own
  error text (its ``status`` says which, so that a caller can treat a 404 as "no such account").
- No answer at all from the first request (a wrong address, a closed port, a name that does not
  resolve): :class:`~twoway.errors.PullError` at once, ``cannot reach SERVER``, without retrying.

The token (and any value given to :meth:`Api.keep_secret`, such as a password) is sent only in
the ``Authorization`` header or the body it belongs to; it is never part of a URL, a message, a
log line or a ``repr``, and it is cut out of any text a server sends back before that text is
shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx

from twoway import __version__
from twoway.errors import PullAuthError, PullError

__all__ = ["MAX_WAIT", "RETRY_STATUSES", "Api", "rate_limit_wait", "read_json", "server_error"]

RETRY_STATUSES = frozenset({500, 502, 503, 504})
"""Answers that mean "try again shortly"."""
MAX_WAIT = 900.0
"""The longest a rate limit is waited out (seconds); a longer one stops the pull."""
_BACKOFF_CAP = 60.0
_EPOCH_FLOOR = 1_000_000_000  # a reset header larger than this is a Unix time, not a delay

_AUTH_HINTS = {
    "mastodon": (
        "the Mastodon token was refused by {server}",
        "create a new token with read scope and set TWOWAY_MASTODON_TOKEN",
    ),
    "bluesky": (
        "the Bluesky handle or app password was refused by {server}",
        "check the handle, create a new app password (Settings > Privacy and security > "
        "App passwords) and set TWOWAY_BLUESKY_APP_PASSWORD",
    ),
}
_DISPLAY = {"mastodon": "Mastodon", "bluesky": "Bluesky"}


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def _backoff(attempt: int) -> float:
    """1, 2, 4… seconds for the 1st, 2nd, 3rd… try again, at most 60."""
    return float(min(_BACKOFF_CAP, 2 ** (attempt - 1)))


def _seconds_until(moment: datetime) -> float:
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def _retry_after(value: str) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date."""
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return _seconds_until(moment)


def _reset(value: str) -> float | None:
    """Seconds to wait from a rate limit reset header: an ISO 8601 time (Mastodon), a Unix time
    (Bluesky, GitHub), or a number of seconds from now (the IETF RateLimit-Reset)."""
    value = value.strip()
    try:
        number = float(value)
    except ValueError:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return _seconds_until(moment)
    if number >= _EPOCH_FLOOR:
        return max(0.0, number - time.time())
    return max(0.0, number)


def rate_limit_wait(response: httpx.Response) -> float | None:
    """How long a ``429`` answer asks to wait, from its headers; ``None`` when they do not say."""
    headers = response.headers
    if "retry-after" in headers:
        wait = _retry_after(headers["retry-after"])
        if wait is not None:
            return wait
    for name in ("x-ratelimit-reset", "ratelimit-reset"):
        if name in headers:
            wait = _reset(headers[name])
            if wait is not None:
                return wait
    return None


def server_error(response: httpx.Response) -> str:
    """The error text a server put in its answer (Mastodon ``{"error": …}``, AT Protocol
    ``{"error": …, "message": …}``), or the status line; one line, at most 200 characters."""
    text = ""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        parts = [body[key] for key in ("error", "message", "error_description") if key in body]
        text = ": ".join(str(part) for part in parts if isinstance(part, str) and part)
    if not text:
        text = f"{response.status_code} {response.reason_phrase}".strip()
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:199] + "…"


def read_json(response: httpx.Response) -> Any:
    """The JSON body of a successful answer; :class:`~twoway.errors.PullError` when it is none
    (a proxy's HTML page, a truncated body)."""
    try:
        return response.json()
    except ValueError:
        server = _host(str(response.request.url))
        path = response.request.url.path
        raise PullError(
            f"{server} answered {path} with something that is not JSON",
            server=server,
            status=response.status_code,
            hint="check that --server names the platform's API server",
        ) from None


class Api:
    """An HTTP client for one server of ``platform`` (``"mastodon"``, ``"bluesky"``): paths are
    relative to ``base_url``; ``token``, when given, goes in an ``Authorization: Bearer`` header.
    ``transport`` replaces the network (tests), ``sleep`` the waiting (tests record the waits).
    ``requests`` counts the requests sent, tries again included."""

    def __init__(
        self,
        base_url: str,
        *,
        platform: str,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_retries: int = 5,
        timeout: float = 30.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.platform = platform
        self.server = _host(self.base_url)
        self.max_retries = max(0, max_retries)
        self.requests = 0
        self._sleep = sleep
        self._secrets: set[str] = set()
        self._reached = False
        self._client = httpx.Client(
            base_url=self.base_url,
            transport=transport,
            timeout=timeout,
            follow_redirects=True,  # httpx drops Authorization on a redirect to another host
            headers={"User-Agent": f"twoway/{__version__}", "Accept": "application/json"},
        )
        if token:
            self.set_token(token)

    def __repr__(self) -> str:
        return f"Api({self.base_url!r}, platform={self.platform!r})"

    def __enter__(self) -> Api:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def set_token(self, token: str | None) -> None:
        """Send ``token`` as ``Authorization: Bearer`` from now on (``None``: send none)."""
        if token:
            self.keep_secret(token)
            self._client.headers["Authorization"] = f"Bearer {token}"
        else:
            self._client.headers.pop("Authorization", None)

    def keep_secret(self, value: str) -> None:
        """Never show ``value`` (a password sent in a body): it is cut out of any text from the
        server that a message repeats."""
        if value:
            self._secrets.add(value)

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[hidden]")
        return text

    # -- requests --------------------------------------------------------------------------------

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> httpx.Response:
        """``GET path`` with ``params``; the successful answer (2xx), after waiting out rate
        limits and trying again as the module says; :class:`PullError` otherwise."""
        return self._send("GET", path, params=params)

    def post(self, path: str, json: Any = None) -> httpx.Response:
        """``POST path`` with a JSON body, as :meth:`get` does."""
        return self._send("POST", path, json=json)

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        attempt = 0
        while True:
            self.requests += 1
            try:
                response = self._client.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                first = not self._reached and isinstance(exc, httpx.ConnectError)
                if first or attempt >= self.max_retries:
                    raise self._unreachable(exc) from None
                attempt += 1
                self._sleep(_backoff(attempt))
                continue
            self._reached = True
            status = response.status_code
            if status < 400:
                return response
            if status == 429 or status in RETRY_STATUSES:
                if attempt >= self.max_retries:
                    raise self._gave_up(response, path, attempt + 1)
                attempt += 1
                wait = rate_limit_wait(response) if status == 429 else None
                if wait is None:
                    wait = _backoff(attempt)
                if wait > MAX_WAIT:
                    raise PullError(
                        f"{self.server} limits the requests for another {wait / 60:.0f} minutes",
                        server=self.server,
                        status=status,
                        hint="pull again later; what was pulled so far is kept",
                    )
                self._sleep(wait)
                continue
            if status in (401, 403):
                raise self._refused(response)
            raise PullError(
                f"{self.server} refused {method} {path}: {self._redact(server_error(response))}",
                server=self.server,
                status=status,
            )

    # -- errors ----------------------------------------------------------------------------------

    def _unreachable(self, exc: httpx.TransportError) -> PullError:
        reason = type(exc).__name__
        detail = " ".join(str(exc).split())
        if detail:
            reason = f"{reason}: {self._redact(detail)}"
        return PullError(
            f"cannot reach {self.server} ({reason[:200]})",
            server=self.server,
            hint="check the address and your connection",
        )

    def _gave_up(self, response: httpx.Response, path: str, tries: int) -> PullError:
        status = response.status_code
        what = "kept limiting the requests" if status == 429 else "kept failing"
        return PullError(
            f"{self.server} {what} ({status} {response.reason_phrase}) on {path} "
            f"after {tries} tries",
            server=self.server,
            status=status,
            hint="pull again later; what was pulled so far is kept and the next pull goes on "
            "from there",
        )

    def _refused(self, response: httpx.Response) -> PullAuthError:
        said = self._redact(server_error(response))
        problem, hint = _AUTH_HINTS.get(
            self.platform,
            (
                f"the {_DISPLAY.get(self.platform, self.platform)} credentials were refused "
                "by {server}",
                "check them and try again",
            ),
        )
        return PullAuthError(
            f"{problem.format(server=self.server)} ({response.status_code}: {said})",
            server=self.server,
            status=response.status_code,
            hint=hint,
        )
