"""The HTTP client of live pulls: rate limits waited out, failures tried again, errors as one
line, and the token never shown."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from tests.pull.replay import DROP, Recorded, ReplayServer, Reply, closed_port

from twoway.errors import InputError, PullAuthError, PullError
from twoway.pull.http import Api, rate_limit_wait

TOKEN = "tok-9f8e7d6c5b4a"


def _scripted(*replies: Reply) -> ReplayServer:
    """A server answering the given replies in turn, then 200 ``{"ok": true}``."""
    queue = list(replies)

    def handler(request: Recorded) -> Reply:
        return queue.pop(0) if queue else Reply(200, {"ok": True})

    return ReplayServer(handler)


def _response(status: int, headers: dict[str, str]) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=httpx.Request("GET", "http://x/"))


def _in(seconds: float) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("headers", "low", "high"),
    [
        (lambda: {"Retry-After": "7"}, 7, 7),
        (lambda: {"Retry-After": format_datetime(_in(120), usegmt=True)}, 110, 120),
        (lambda: {"X-RateLimit-Reset": _in(300).isoformat().replace("+00:00", "Z")}, 290, 300),
        (lambda: {"RateLimit-Reset": "42"}, 42, 42),
        (lambda: {"RateLimit-Reset": str(int(_in(90).timestamp()))}, 85, 90),
        (lambda: {"Retry-After": "soon", "X-RateLimit-Reset": "30"}, 30, 30),
        (lambda: {"X-RateLimit-Reset": _in(-300).isoformat()}, 0, 0),
    ],
    ids=["seconds", "http-date", "mastodon-iso", "delta", "unix-time", "bad-then-reset", "past"],
)
def test_the_wait_a_429_asks_for(
    headers: Callable[[], dict[str, str]], low: float, high: float
) -> None:
    wait = rate_limit_wait(_response(429, headers()))
    assert wait is not None
    assert low <= wait <= high


def test_a_429_without_headers_asks_for_nothing() -> None:
    assert rate_limit_wait(_response(429, {})) is None


def test_429_is_waited_out_as_retry_after_says(waits: list[float]) -> None:
    limited = Reply(429, {"error": "Too many requests"}, {"Retry-After": "1"})
    with (
        _scripted(limited) as server,
        Api(server.url, platform="mastodon", sleep=waits.append) as api,
    ):
        assert api.get("/api/v1/x").json() == {"ok": True}
        assert waits == [1.0]
        assert api.requests == 2
        assert len(server.requests) == 2


def test_429_and_5xx_without_headers_back_off_1_2_4(waits: list[float]) -> None:
    replies = [Reply(429, {}), Reply(503, {}), Reply(502, {}), Reply(500, {})]
    with _scripted(*replies) as server, Api(server.url, platform="x", sleep=waits.append) as api:
        api.get("/")
    assert waits == [1.0, 2.0, 4.0, 8.0]


def test_backoff_is_capped_at_a_minute(waits: list[float]) -> None:
    with (
        _scripted(*[Reply(504, {})] * 8) as server,
        Api(server.url, platform="x", sleep=waits.append, max_retries=8) as api,
    ):
        api.get("/")
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]


def test_gives_up_after_max_retries(waits: list[float]) -> None:
    with (
        _scripted(*[Reply(503, {})] * 10) as server,
        Api(server.url, platform="mastodon", sleep=waits.append, max_retries=3) as api,
        pytest.raises(PullError) as caught,
    ):
        api.get("/api/v1/notifications")
    assert str(caught.value) == (
        f"{server.host} kept failing (503 Service Unavailable) on /api/v1/notifications after 4 "
        "tries; pull again later; what was pulled so far is kept and the next pull goes on from "
        "there"
    )
    assert caught.value.status == 503
    assert waits == [1.0, 2.0, 4.0]
    assert isinstance(caught.value, InputError)  # so the CLI exits with 2


def test_a_rate_limit_longer_than_15_minutes_stops_the_pull(waits: list[float]) -> None:
    with (
        _scripted(Reply(429, {}, {"Retry-After": "3600"})) as server,
        Api(server.url, platform="mastodon", sleep=waits.append) as api,
        pytest.raises(PullError, match="limits the requests for another 60 minutes"),
    ):
        api.get("/")
    assert waits == []


@pytest.mark.parametrize(
    ("platform", "status", "body", "message"),
    [
        (
            "mastodon",
            401,
            {"error": "The access token is invalid"},
            "the Mastodon token was refused by {host} (401: The access token is invalid); "
            "create a new token with read scope and set TWOWAY_MASTODON_TOKEN",
        ),
        (
            "mastodon",
            403,
            {"error": "This action is outside the authorized scopes"},
            "the Mastodon token was refused by {host} (403: This action is outside the "
            "authorized scopes); create a new token with read scope and set "
            "TWOWAY_MASTODON_TOKEN",
        ),
        (
            "bluesky",
            401,
            {"error": "AuthenticationRequired", "message": "Invalid identifier or password"},
            "the Bluesky handle or app password was refused by {host} (401: "
            "AuthenticationRequired: Invalid identifier or password); check the handle, create "
            "a new app password (Settings > Privacy and security > App passwords) and set "
            "TWOWAY_BLUESKY_APP_PASSWORD",
        ),
    ],
    ids=["mastodon-401", "mastodon-403", "bluesky-401"],
)
def test_refused_credentials_are_one_line_saying_what_to_do(
    platform: str, status: int, body: dict[str, str], message: str, waits: list[float]
) -> None:
    with (
        _scripted(Reply(status, body)) as server,
        Api(server.url, platform=platform, token=TOKEN, sleep=waits.append) as api,
        pytest.raises(PullAuthError) as caught,
    ):
        api.get("/api/v1/accounts/verify_credentials")
    assert str(caught.value) == message.format(host=server.host)
    assert caught.value.status == status
    assert waits == []


def test_other_client_errors_name_the_request_and_the_servers_words() -> None:
    with (
        _scripted(Reply(404, {"error": "Record not found"})) as server,
        Api(server.url, platform="mastodon") as api,
        pytest.raises(PullError) as caught,
    ):
        api.get("/api/v1/accounts/lookup")
    assert str(caught.value) == (
        f"{server.host} refused GET /api/v1/accounts/lookup: Record not found"
    )
    assert caught.value.status == 404
    assert not isinstance(caught.value, PullAuthError)


def test_an_unreachable_server_fails_at_once_with_one_line(waits: list[float]) -> None:
    address = closed_port()
    with (
        Api(address, platform="mastodon", sleep=waits.append) as api,
        pytest.raises(PullError) as caught,
    ):
        api.get("/api/v1/accounts/verify_credentials")
    host = address.removeprefix("http://")
    message = str(caught.value)
    assert message.startswith(f"cannot reach {host} (ConnectError: ")
    assert message.endswith("); check the address and your connection")
    assert "\n" not in message
    assert waits == []


def test_a_name_that_does_not_resolve_cannot_be_reached() -> None:
    with (
        Api("https://no-such-host.invalid", platform="mastodon") as api,
        pytest.raises(PullError, match=r"^cannot reach no-such-host\.invalid \("),
    ):
        api.get("/")


def test_a_dropped_connection_after_the_server_answered_is_tried_again(
    waits: list[float],
) -> None:
    with (
        _scripted(Reply(200, {"first": True}), DROP) as server,
        Api(server.url, platform="mastodon", sleep=waits.append) as api,
    ):
        assert api.get("/a").json() == {"first": True}
        assert api.get("/b").json() == {"ok": True}
    assert waits == [1.0]
    assert [r.path for r in server.requests] == ["/a", "/b", "/b"]


def test_the_token_goes_in_the_header_only() -> None:
    with _scripted() as server, Api(server.url, platform="mastodon", token=TOKEN) as api:
        api.get("/api/v1/notifications", {"limit": 40})
        api.set_token(None)
        api.get("/api/v1/instance")
    first, second = server.requests
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in first.path
    assert TOKEN not in str(first.query)
    assert first.headers["user-agent"].startswith("twoway/")
    assert "authorization" not in second.headers


def test_the_token_never_shows_in_repr_messages_or_logs(
    caplog: pytest.LogCaptureFixture, waits: list[float]
) -> None:
    echo = {"error": f"The access token {TOKEN} is invalid"}  # a server repeating it
    caplog.set_level(logging.DEBUG)
    with (
        _scripted(Reply(401, echo), Reply(400, echo)) as server,
        Api(server.url, platform="mastodon", token=TOKEN, sleep=waits.append) as api,
    ):
        with pytest.raises(PullAuthError) as refused:
            api.get("/api/v1/accounts/verify_credentials")
        with pytest.raises(PullError) as bad:
            api.get("/api/v1/notifications")
        shown = [repr(api), str(refused.value), str(bad.value)]
    shown += [record.getMessage() for record in caplog.records]
    assert any("[hidden]" in text for text in shown)
    for text in shown:
        assert TOKEN not in text


def test_a_secret_kept_is_cut_from_what_the_server_says() -> None:
    password = "abcd-efgh-ijkl-mnop"
    with (
        _scripted(
            Reply(400, {"error": "BadRequest", "message": f"bad password {password}"})
        ) as server,
        Api(server.url, platform="bluesky") as api,
    ):
        api.keep_secret(password)
        with pytest.raises(PullError) as caught:
            api.post("/xrpc/com.atproto.server.createSession", json={"password": password})
    assert password not in str(caught.value)
    assert "bad password [hidden]" in str(caught.value)
    assert server.requests[0].json() == {"password": password}
