"""``twoway pull bluesky`` against a real Bluesky network: a PLC directory, a PDS and the AppView
from ``@atproto/dev-env`` (tests/servers/bluesky/network.mjs), seeded with a conversation:

- alice (the business): a post, its thread, a link post, a reply to bob's reply, a reply to
  bob's mention, a quote of bob's post, a repost of it, and a post that dave replies to;
- bob: a post, a reply to alice, a mention of alice (both answered), a quote of alice's link post;
- carol: a mention of alice, never answered;
- dave, whom alice has muted: a reply to alice's post, which sends no notification.

The network starts once for the module (about 10 s); skipped, naming the install script, where
Node, the npm packages, PostgreSQL or Redis are missing.  The tests that need no server (a
missing password, an unreachable server) run everywhere.  Every test has an empty in-memory
keyring and no secret in the environment (tests/pull/conftest.py).
"""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from click.testing import CliRunner, Result
from tests.pull.bluesky_network import BlueskyNetwork, running_network
from tests.pull.memory_keyring import MemoryKeyring

from twoway.cli import cli
from twoway.errors import PullAuthError, PullError
from twoway.pull import PullResult, pull
from twoway.pull import bluesky as pull_bluesky
from twoway.store import Workspace

ENV = "TWOWAY_BLUESKY_APP_PASSWORD"


# ---------------------------------------------------------------------------------------------
# fixtures and helpers


@pytest.fixture(scope="module")
def network() -> Iterator[BlueskyNetwork]:
    with running_network() as running:
        yield running


def alice_pull(
    network: BlueskyNetwork, db: Path, **options: Any
) -> PullResult:  # the library call the CLI makes, with the password in the environment
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV, network.accounts["alice"]["app_password"])
        if options:
            return pull_bluesky.pull("alice.test", Workspace(db), **options)
        return pull("bluesky", "alice.test", Workspace(db), base_url=network.pds)


@pytest.fixture(scope="module")
def pulled(
    network: BlueskyNetwork, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, PullResult]:
    """The first pull of alice, into a workspace that tests copy before changing it."""
    db = tmp_path_factory.mktemp("pulled") / "twoway.duckdb"
    return db, alice_pull(network, db)


def copy_of(pulled: tuple[Path, PullResult], tmp_path: Path) -> Path:
    db = tmp_path / "twoway.duckdb"
    shutil.copy(pulled[0], db)
    return db


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def uri(network: BlueskyNetwork, name: str) -> str:
    return network.records[name]["uri"]


def run_cli(*args: str | Path, env: dict[str, str | None] | None = None) -> Result:
    runner = CliRunner(env={"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "COLUMNS": "200"})
    return runner.invoke(cli, [str(a) for a in args], prog_name="twoway", env=env)


def login(network: BlueskyNetwork, who: str) -> dict[str, str]:
    account = network.accounts[who]
    session = httpx.post(
        f"{network.pds}/xrpc/com.atproto.server.createSession",
        json={"identifier": account["handle"], "password": account["password"]},
    ).json()
    return {"Authorization": f"Bearer {session['accessJwt']}"}


def create_post(network: BlueskyNetwork, who: str, record: dict[str, Any]) -> str:
    """A new post of ``who``, made through the PDS as the Bluesky app makes it; its AT URI."""
    made = httpx.post(
        f"{network.pds}/xrpc/com.atproto.repo.createRecord",
        headers=login(network, who),
        json={
            "repo": network.accounts[who]["did"],
            "collection": "app.bsky.feed.post",
            "record": {
                "$type": "app.bsky.feed.post",
                "createdAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                **record,
            },
        },
    )
    made.raise_for_status()
    return str(made.json()["uri"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ---------------------------------------------------------------------------------------------
# the first pull


def test_first_pull_stores_every_post_of_the_account_with_its_kind(
    network: BlueskyNetwork, pulled: tuple[Path, PullResult]
) -> None:
    db, result = pulled
    alice = network.accounts["alice"]
    expected = {
        uri(network, "alice_post"): ("original", None, None, None),
        uri(network, "alice_thread"): ("thread", uri(network, "alice_post"), None, None),
        uri(network, "alice_link"): ("original", None, None, None),
        uri(network, "alice_reply"): ("reply", uri(network, "bob_reply"), None, None),
        uri(network, "alice_reply_mention"): ("reply", uri(network, "bob_mention"), None, None),
        uri(network, "alice_quote"): ("quote", None, uri(network, "bob_post"), None),
        uri(network, "alice_repost"): ("repost", None, None, uri(network, "bob_post")),
        uri(network, "alice_quiet"): ("original", None, None, None),
    }
    stored = rows(
        db,
        "SELECT id, kind, reply_to_id, quoted_id, reposted_id, account, account_id, importer "
        "FROM posts",
    )
    assert {row[0]: row[1:5] for row in stored} == expected
    assert {row[5:] for row in stored} == {("alice.test", alice["did"], "bluesky-api")}
    assert rows(db, "SELECT platform, id, handle, display_name FROM accounts") == [
        ("bluesky", alice["did"], "alice.test", "Alice")
    ]
    [(links,)] = rows(db, f"SELECT links FROM posts WHERE id = '{uri(network, 'alice_link')}'")
    assert links == [{"url": "https://example.com/menu", "domain": "example.com", "post_id": None}]
    assert (result.account, result.account_key) == ("alice.test", ("bluesky", alice["did"]))
    assert (result.posts_added, result.interactions_added, result.up_to_date) == (8, 5, False)
    # Every post is labelled at the end of the pull.
    assert rows(db, "SELECT count(*) FROM labels") == [(8,)]


def test_first_pull_stores_every_inbound_message_with_what_it_answers(
    network: BlueskyNetwork, pulled: tuple[Path, PullResult]
) -> None:
    db, _ = pulled
    stored = rows(
        db,
        "SELECT id, type, author, author_id, in_reply_to, answered_by, account, source_file "
        "FROM interactions",
    )
    did = {name: account["did"] for name, account in network.accounts.items()}
    notifications = f"{network.pds}/xrpc/app.bsky.notification.listNotifications"
    threads = f"{network.pds}/xrpc/app.bsky.feed.getPostThread"
    assert {row[0]: row[1:] for row in stored} == {
        uri(network, "bob_reply"): (
            "reply",
            "bob.test",
            did["bob"],
            uri(network, "alice_post"),
            [uri(network, "alice_reply")],
            "alice.test",
            notifications,
        ),
        uri(network, "bob_mention"): (
            "mention",
            "bob.test",
            did["bob"],
            None,
            [uri(network, "alice_reply_mention")],
            "alice.test",
            notifications,
        ),
        uri(network, "bob_quote"): (
            "quote",
            "bob.test",
            did["bob"],
            uri(network, "alice_link"),
            [],
            "alice.test",
            notifications,
        ),
        uri(network, "carol_mention"): (
            "mention",
            "carol.test",
            did["carol"],
            None,
            [],
            "alice.test",
            notifications,
        ),
        # No notification (alice muted dave): found in the thread of her post.
        uri(network, "dave_reply"): (
            "reply",
            "dave.test",
            did["dave"],
            uri(network, "alice_quiet"),
            [],
            "alice.test",
            threads,
        ),
    }


def test_the_audit_of_the_pull_shows_the_response_rate_and_the_missed_conversations(
    network: BlueskyNetwork, pulled: tuple[Path, PullResult], tmp_path: Path
) -> None:
    db = copy_of(pulled, tmp_path)
    out = tmp_path / "audit.json"
    result = run_cli("audit", "--db", db, "--json", out)
    assert result.exit_code == 0, result.output + result.stderr
    [account] = json.loads(out.read_text())["accounts"]
    assert account["metrics"]["response_rate_72h"] == pytest.approx(2 / 5)
    assert account["metrics"]["unanswered"] == 3
    missed = {
        item["id"]: (item["type"], item["author"]) for item in account["missed_conversations"]
    }
    assert missed == {
        uri(network, "bob_quote"): ("quote", "bob.test"),
        uri(network, "carol_mention"): ("mention", "carol.test"),
        uri(network, "dave_reply"): ("reply", "dave.test"),
    }


def test_a_pull_after_an_imported_export_joins_the_account_and_adds_only_the_messages(
    network: BlueskyNetwork, tmp_path: Path
) -> None:
    alice = network.accounts["alice"]
    car = tmp_path / "alice.car"
    exported = httpx.get(
        f"{network.pds}/xrpc/com.atproto.sync.getRepo", params={"did": alice["did"]}
    )
    car.write_bytes(exported.raise_for_status().content)
    db = tmp_path / "twoway.duckdb"
    Workspace(db).import_paths(car)
    imported = rows(
        db, "SELECT id, kind, reply_to_id, quoted_id, reposted_id FROM posts ORDER BY id"
    )

    result = alice_pull(network, db)
    # The export names the account by its DID: the pull stores under that name, adds no post
    # twice (the same ids, from the same converter), and the messages join the account.
    assert (result.account, result.posts_added) == (alice["did"], 0)
    assert result.interactions_added >= 5
    assert (
        rows(db, "SELECT id, kind, reply_to_id, quoted_id, reposted_id FROM posts ORDER BY id")
        == imported
    )
    assert rows(db, "SELECT count(*) FROM accounts") == [(1,)]
    assert rows(
        db,
        f"SELECT account, answered_by FROM interactions WHERE id = '{uri(network, 'bob_reply')}'",
    ) == [(alice["did"], [uri(network, "alice_reply")])]


# ---------------------------------------------------------------------------------------------
# later pulls


def test_a_later_pull_fetches_and_adds_only_what_is_new(
    network: BlueskyNetwork, pulled: tuple[Path, PullResult], tmp_path: Path
) -> None:
    db = copy_of(pulled, tmp_path)
    again = alice_pull(network, db)
    # One page per stream (posts, reposts, notifications), each ending at what is stored;
    # requests: the login, the profile, the three pages.
    assert (again.posts_added, again.interactions_added, again.up_to_date) == (0, 0, True)
    assert (again.pages, again.requests) == (3, 5)

    new_post = create_post(network, "alice", {"text": "Hot cross buns from Friday."})
    alice_did = network.accounts["alice"]["did"]
    new_mention = create_post(
        network,
        "carol",
        {
            "text": "@alice.test do you deliver?",
            "facets": [
                {
                    "index": {"byteStart": 0, "byteEnd": 11},
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": alice_did}],
                }
            ],
        },
    )
    network.sync()
    before = {
        row[0] for row in rows(db, "SELECT id FROM posts UNION ALL SELECT id FROM interactions")
    }
    third = alice_pull(network, db)
    after = {
        row[0] for row in rows(db, "SELECT id FROM posts UNION ALL SELECT id FROM interactions")
    }
    assert after - before == {new_post, new_mention}
    assert (third.posts_added, third.interactions_added) == (1, 1)
    # The three streams, and the new post's thread looked at (one page of getPosts).
    assert third.pages == 4
    assert rows(
        db, f"SELECT type, author, answered_by FROM interactions WHERE id = '{new_mention}'"
    ) == [("mention", "carol.test", [])]
    assert rows(db, "SELECT count(*) = count(DISTINCT id) FROM posts") == [(True,)]


class FailAfter(httpx.BaseTransport):
    """The real network for the first ``requests`` requests, then ``503`` for every one."""

    def __init__(self, requests: int) -> None:
        self.left = requests
        self.real = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.left <= 0:
            return httpx.Response(503, json={"error": "Unavailable"})
        self.left -= 1
        return self.real.handle_request(request)

    def close(self) -> None:
        self.real.close()


@pytest.mark.parametrize(
    ("requests", "stream", "under_way"),
    [
        # The login and the profile, then pages of 2: posts, reposts, notifications, threads.
        pytest.param(4, "posts", "cursor", id="in-the-posts"),
        pytest.param(10, "notifications", "cursor", id="in-the-notifications"),
        pytest.param(12, "threads", "pending", id="in-the-threads"),
    ],
)
def test_an_interrupted_pull_goes_on_where_it_stopped_and_stores_nothing_twice(
    network: BlueskyNetwork, tmp_path: Path, requests: int, stream: str, under_way: str
) -> None:
    # Two records a page, so that each stream takes several pages.
    waits: list[float] = []
    options: dict[str, Any] = {"base_url": network.pds, "page_size": 2, "sleep": waits.append}
    interrupted = tmp_path / "interrupted.duckdb"
    with pytest.raises(PullError, match=r"kept failing \(503 Service Unavailable\)"):
        alice_pull(network, interrupted, transport=FailAfter(requests), **options)
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0]  # the tries again, backing off
    partial = (
        rows(interrupted, "SELECT count(*) FROM posts")[0][0]
        + rows(interrupted, "SELECT count(*) FROM interactions")[0][0]
    )
    assert partial > 0
    [(state,)] = rows(interrupted, f"SELECT state FROM pull_state WHERE stream = '{stream}'")
    assert json.loads(state)[under_way]  # where the next pull goes on

    resumed = alice_pull(network, interrupted, **options)
    whole = tmp_path / "whole.duckdb"
    alice_pull(network, whole, **options)
    query = (
        "SELECT 'post', id, kind FROM posts UNION ALL "
        "SELECT 'message', id, type || ' ' || coalesce(in_reply_to, '') || ' ' "
        "|| array_to_string(answered_by, ',') FROM interactions ORDER BY ALL"
    )
    assert rows(interrupted, query) == rows(whole, query)
    assert resumed.posts_added + resumed.interactions_added == len(rows(whole, query)) - partial
    assert rows(interrupted, "SELECT stream, state FROM pull_state ORDER BY stream") == rows(
        whole, "SELECT stream, state FROM pull_state ORDER BY stream"
    )


def test_a_rate_limit_is_waited_out_as_the_server_asks(
    network: BlueskyNetwork, tmp_path: Path
) -> None:
    class LimitOnce(httpx.BaseTransport):
        def __init__(self) -> None:
            self.real = httpx.HTTPTransport()
            self.limited = False

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if not self.limited and request.url.path.endswith("listNotifications"):
                self.limited = True
                return httpx.Response(
                    429, headers={"Retry-After": "7"}, json={"error": "RateLimitExceeded"}
                )
            return self.real.handle_request(request)

        def close(self) -> None:
            self.real.close()

    waits: list[float] = []
    result = alice_pull(
        network,
        tmp_path / "twoway.duckdb",
        base_url=network.pds,
        transport=LimitOnce(),
        sleep=waits.append,
    )
    assert waits == [7.0]
    assert result.interactions_added >= 5


def test_without_a_server_the_handle_is_resolved_and_the_did_document_names_the_pds(
    network: BlueskyNetwork, tmp_path: Path
) -> None:
    did, pds = pull_bluesky.resolve("alice.test", resolver=network.pds, plc=network.plc)
    assert (did, pds) == (network.accounts["alice"]["did"], network.pds)
    result = alice_pull(network, tmp_path / "twoway.duckdb", resolver=network.pds, plc=network.plc)
    assert result.posts_added >= 8
    with pytest.raises(PullError, match=r"^no Bluesky account nobody\.test \("):
        pull_bluesky.resolve("nobody.test", resolver=network.pds, plc=network.plc)


# ---------------------------------------------------------------------------------------------
# the session


def test_an_expired_access_token_is_renewed(network: BlueskyNetwork) -> None:
    session = pull_bluesky.Session(network.pds)
    try:
        session.login("alice.test", network.accounts["alice"]["app_password"])
        session.api.set_token("not-a-token")  # as an access token past its time is refused
        found = session.get("com.atproto.server.getSession")
        assert found["did"] == network.accounts["alice"]["did"]
        # login, the refused query, refreshSession, the query again
        assert session.requests == 4
    finally:
        session.close()


def test_a_revoked_app_password_ends_the_pull_with_what_to_do(network: BlueskyNetwork) -> None:
    owner = login(network, "alice")
    made = httpx.post(
        f"{network.pds}/xrpc/com.atproto.server.createAppPassword",
        headers=owner,
        json={"name": "twoway-revoked"},
    ).json()
    session = pull_bluesky.Session(network.pds)
    try:
        session.login("alice.test", made["password"])
        httpx.post(
            f"{network.pds}/xrpc/com.atproto.server.revokeAppPassword",
            headers=owner,
            json={"name": "twoway-revoked"},
        ).raise_for_status()
        with pytest.raises(PullAuthError) as caught:
            session.renew()
    finally:
        session.close()
    message = str(caught.value)
    assert message.startswith(
        f"{network.pds.removeprefix('http://')} ended the session of alice.test and did not "
        "renew it (was the app password revoked?); create an app password"
    )
    assert made["password"] not in message


# ---------------------------------------------------------------------------------------------
# the command line


def test_the_command_pulls_and_says_what_it_added(network: BlueskyNetwork, tmp_path: Path) -> None:
    db = tmp_path / "twoway.duckdb"
    env = {ENV: network.accounts["alice"]["app_password"]}
    first = run_cli("pull", "bluesky", "@Alice.test", "--server", network.pds, "--db", db, env=env)
    assert first.exit_code == 0, first.stderr
    assert first.stderr == ""
    assert first.output.startswith(f"{db}: bluesky alice.test: ")
    second = run_cli("pull", "bluesky", "alice.test", "--server", network.pds, "--db", db, env=env)
    assert second.exit_code == 0, second.stderr
    assert second.output == (
        f"{db}: bluesky alice.test is up to date (nothing new; 3 pages, 5 requests)\n"
    )


def test_the_app_password_can_come_from_the_keyring(
    network: BlueskyNetwork, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    password = network.accounts["alice"]["app_password"]
    memory_keyring.set_password("twoway", "bluesky:alice.test", password)
    db = tmp_path / "twoway.duckdb"
    result = run_cli("pull", "bluesky", "alice.test", "--server", network.pds, "--db", db)
    assert result.exit_code == 0, result.stderr
    assert rows(db, "SELECT count(*) > 0 FROM posts") == [(True,)]
    assert password not in result.output


def test_a_wrong_app_password_is_one_line_and_exit_2(
    network: BlueskyNetwork, tmp_path: Path
) -> None:
    wrong = "wrong-pass-word-1234"
    result = run_cli(
        "pull",
        "bluesky",
        "alice.test",
        "--server",
        network.pds,
        "--db",
        tmp_path / "twoway.duckdb",
        env={ENV: wrong},
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    server = network.pds.removeprefix("http://")
    assert result.stderr == (
        f"twoway: error: the Bluesky handle or app password was refused by {server} "
        "(401: AuthenticationRequired: Invalid identifier or password); check the handle, "
        "create a new app password (Settings > Privacy and security > App passwords) and set "
        "TWOWAY_BLUESKY_APP_PASSWORD\n"
    )
    assert wrong not in result.stderr


def test_an_unreachable_server_is_one_line_and_exit_2(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    result = run_cli(
        "pull",
        "bluesky",
        "alice.test",
        "--server",
        f"http://127.0.0.1:{port}",
        "--db",
        tmp_path / "twoway.duckdb",
        env={ENV: "some-app-password"},
    )
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"twoway: error: cannot reach 127.0.0.1:{port} (ConnectError")
    assert line.endswith("; check the address and your connection")
    assert "some-app-password" not in result.stderr
    assert not (tmp_path / "twoway.duckdb").exists()


def test_no_app_password_says_how_to_make_one(tmp_path: Path) -> None:
    result = run_cli(
        "pull", "bluesky", "alice.test", "--db", tmp_path / "twoway.duckdb", env={ENV: None}
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "twoway: error: no Bluesky app password for alice.test; create an app password "
        "(Settings > Privacy and security > App passwords) and set TWOWAY_BLUESKY_APP_PASSWORD, "
        "or store it with: python -m keyring set twoway bluesky:alice.test\n"
    )


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        pytest.param("alice", "'alice' is not a Bluesky handle", id="no-domain"),
        pytest.param(
            "alice@bsky.social", "'alice@bsky.social' is not a Bluesky handle", id="an-address"
        ),
        pytest.param("", "'' is not a Bluesky handle", id="empty"),
    ],
)
def test_a_handle_that_is_no_handle_is_one_line(tmp_path: Path, given: str, problem: str) -> None:
    result = run_cli("pull", "bluesky", given, "--db", tmp_path / "twoway.duckdb")
    assert result.exit_code == 2
    assert result.stderr == (
        f"twoway: error: {problem}; give it as NAME.bsky.social, or the account's own domain "
        "(example.com)\n"
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Alice.Bsky.Social", "alice.bsky.social"),
        ("@alice.test", "alice.test"),
        (" example.com ", "example.com"),
        ("did:plc:ewvi7nxzyoun6zhxrhs64oiz", "did:plc:ewvi7nxzyoun6zhxrhs64oiz"),
    ],
)
def test_handles_are_normalised(given: str, expected: str) -> None:
    assert pull_bluesky.normalise(given) == expected
