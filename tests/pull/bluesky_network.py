"""A real Bluesky network for the pull tests: PostgreSQL and Redis for the AppView, then
``tests/servers/bluesky/network.mjs`` (a PLC directory, a PDS and the AppView from
``@atproto/dev-env``, seeded with a small conversation between alice, bob and carol).

Everything runs from a throwaway folder on free ports and is stopped by its process id when the
session ends (and, on Linux, when the test process dies: each server gets a parent-death
signal).  When Node, the npm packages, PostgreSQL or Redis are missing, the fixture skips and
names the script that installs them: ``bash scripts/install-test-servers.sh``.

A test module starts it with :func:`running_network` in a module-scoped fixture (one network for
the module: starting one takes about 10 s).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import glob
import json
import os
import pwd
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest

SERVER_DIR = Path(__file__).resolve().parents[1] / "servers" / "bluesky"
INSTALL = "bash scripts/install-test-servers.sh"
START_TIMEOUT = 120.0
"""Seconds to wait for the network's JSON line (Node loading, migrations, seeding)."""
SYNC_TIMEOUT = 30.0


@dataclass
class BlueskyNetwork:
    """The running network: service URLs, the seeded accounts and records (as network.mjs
    printed them), and :meth:`sync` to wait until the AppView has indexed everything."""

    pds: str
    appview: str
    appview_did: str
    plc: str
    accounts: dict[str, dict[str, Any]]
    records: dict[str, dict[str, str]]
    _node: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _lines: queue.Queue[bytes] | None = field(default=None, repr=False)

    def sync(self) -> None:
        """Let the AppView index everything the PDS holds (notifications, threads)."""
        assert self._node is not None
        assert self._node.stdin is not None
        assert self._lines is not None
        self._node.stdin.write(b"sync\n")
        self._node.stdin.flush()
        answer = json.loads(_next_line(self._lines, SYNC_TIMEOUT, "the AppView to catch up"))
        assert answer == {"synced": True}, answer


def _next_line(lines: queue.Queue[bytes], timeout: float, what: str) -> bytes:
    try:
        line = lines.get(timeout=timeout)
    except queue.Empty:
        raise TimeoutError(f"waited {timeout:g} s for {what}") from None
    if not line:
        raise RuntimeError(f"the network stopped while waiting for {what}")
    return line


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that has Linux send SIGTERM to the child when the test process dies, so
    a killed test run leaves no server behind; ``None`` elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return None
    libc = ctypes.CDLL(libc_name, use_errno=True)
    pr_set_pdeathsig = 1

    def arm() -> None:
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)

    return arm


def _postgres_bin() -> Path | None:
    """The folder of PostgreSQL's ``initdb`` and ``postgres``: on PATH, or Debian's
    /usr/lib/postgresql/VERSION/bin (the newest)."""
    found = shutil.which("initdb")
    if found and shutil.which("postgres"):
        return Path(found).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: (
            int(Path(path).parent.parent.name) if Path(path).parent.parent.name.isdigit() else 0
        ),
    )
    return Path(candidates[-1]).parent if candidates else None


def _node_major() -> int | None:
    node = shutil.which("node")
    if node is None:
        return None
    try:
        out = subprocess.run([node, "--version"], capture_output=True, timeout=20, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    version = out.stdout.decode().strip().lstrip("v")
    major = version.split(".")[0]
    return int(major) if major.isdigit() else None


def missing() -> str | None:
    """Why the network cannot start here (what is missing), or ``None`` when it can."""
    major = _node_major()
    if major is None:
        return "Node.js is not installed"
    if major < 18:
        return f"Node.js {major} is too old (@atproto/dev-env 0.3 needs 18.7 or newer)"
    if not (SERVER_DIR / "node_modules" / "@atproto" / "dev-env" / "package.json").is_file():
        return f"the npm packages are not installed in {SERVER_DIR}"
    postgres = _postgres_bin()
    if postgres is None or not (postgres / "postgres").is_file():
        return "PostgreSQL (initdb, postgres) is not installed"
    if shutil.which("redis-server") is None:
        return "redis-server is not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root, and there is no postgres user to run PostgreSQL as"
    return None


def _log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _wait_for(check: Callable[[], bool], timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise TimeoutError(f"waited {timeout:g} s for {what}; its log ends:\n{_log_tail(log)}")


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _stop(process: subprocess.Popen[Any] | None, sig: int, timeout: float = 20.0) -> None:
    """Stop ``process`` with ``sig``; kill it when it has not ended after ``timeout`` s."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(sig)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait(10)


def _reader(stream: IO[bytes], lines: queue.Queue[bytes]) -> None:
    for line in iter(stream.readline, b""):
        lines.put(line)
    lines.put(b"")  # the end


@contextlib.contextmanager
def running_network() -> Iterator[BlueskyNetwork]:
    """Start PostgreSQL, Redis and the network; stop all three (by process id) afterwards.
    Skips when something is missing; raises when something is there but fails to start."""
    reason = missing()
    if reason:
        pytest.skip(f"{reason}: run `{INSTALL}` to install the Bluesky test servers")
    # As root, in /tmp: PostgreSQL runs as the postgres user, who must reach its folder.
    root = Path(
        tempfile.mkdtemp(prefix="twoway-bluesky-", dir="/tmp" if os.geteuid() == 0 else None)
    )
    root.chmod(0o755)
    processes: list[tuple[subprocess.Popen[Any], int]] = []  # started, with their stop signal
    logs: list[IO[bytes]] = []
    readers: list[threading.Thread] = []
    arm = _die_with_parent()
    try:
        # PostgreSQL, as the postgres user when we are root (it refuses to run as root).
        postgres_bin = _postgres_bin()
        assert postgres_bin is not None
        data = root / "pg"
        data.mkdir()
        user: dict[str, Any] = {}
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            os.chown(data, entry.pw_uid, entry.pw_gid)
            user = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        pg_log = root / "postgres.log"
        logs.append(pg_log.open("wb"))
        try:
            subprocess.run(
                [
                    str(postgres_bin / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync",
                ],
                stdout=logs[-1],
                stderr=subprocess.STDOUT,
                cwd=data,
                timeout=120,
                check=True,
                **user,
            )
        except subprocess.CalledProcessError:
            raise RuntimeError(f"initdb failed:\n{_log_tail(pg_log)}") from None
        pg_port = _free_port()
        postgres = subprocess.Popen(
            [
                str(postgres_bin / "postgres"),
                "-D",
                str(data),
                "-p",
                str(pg_port),
                "-k",
                str(data),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ],
            stdout=logs[-1],
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=data,
            preexec_fn=arm,  # only sets the parent-death signal
            **user,
        )
        processes.append((postgres, signal.SIGINT))  # SIGINT: fast shutdown
        pg_isready = postgres_bin / "pg_isready"

        def postgres_ready() -> bool:
            if postgres.poll() is not None:
                raise RuntimeError(f"PostgreSQL stopped at start:\n{_log_tail(pg_log)}")
            if pg_isready.is_file():
                done = subprocess.run(
                    [str(pg_isready), "-q", "-h", "127.0.0.1", "-p", str(pg_port)],
                    timeout=10,
                    check=False,
                )
                return done.returncode == 0
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", pg_port), 1):
                return True
            return False

        _wait_for(postgres_ready, 60, "PostgreSQL", pg_log)

        # Redis, with nothing saved to disk.
        redis_port = _free_port()
        redis_log = root / "redis.log"
        logs.append(redis_log.open("wb"))
        redis = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(root),
            ],
            stdout=logs[-1],
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=arm,
        )
        processes.append((redis, signal.SIGTERM))
        _wait_for(lambda: _redis_answers(redis_port), 30, "Redis", redis_log)

        # The network.
        tmp = root / "node"
        tmp.mkdir()
        node_log = root / "network.log"
        logs.append(node_log.open("wb"))
        env = {
            **os.environ,
            "TMPDIR": str(tmp),
            "DB_POSTGRES_URL": f"postgresql://postgres@127.0.0.1:{pg_port}/postgres",
            "REDIS_HOST": f"127.0.0.1:{redis_port}",
            "NODE_ENV": "test",
            "LOG_ENABLED": "false",
        }
        node = subprocess.Popen(
            [
                shutil.which("node") or "node",
                str(SERVER_DIR / "network.mjs"),
                "--schema",
                "twoway_pull",
                "--pds-port",
                str(_free_port()),
                "--plc-port",
                str(_free_port()),
                "--appview-port",
                str(_free_port()),
                "--ozone-port",
                str(_free_port()),
            ],
            cwd=SERVER_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=logs[-1],
            preexec_fn=arm,
        )
        processes.append((node, signal.SIGTERM))
        lines: queue.Queue[bytes] = queue.Queue()
        assert node.stdout is not None
        readers.append(threading.Thread(target=_reader, args=(node.stdout, lines), daemon=True))
        readers[-1].start()
        try:
            first = _next_line(lines, START_TIMEOUT, "the Bluesky network to start")
        except (TimeoutError, RuntimeError) as exc:
            raise RuntimeError(f"{exc}; its log ends:\n{_log_tail(node_log)}") from None
        info = json.loads(first)
        yield BlueskyNetwork(
            pds=info["pds"],
            appview=info["appview"],
            appview_did=info["appview_did"],
            plc=info["plc"],
            accounts=info["accounts"],
            records=info["records"],
            _node=node,
            _lines=lines,
        )
    finally:
        for process, sig in reversed(processes):
            if process.stdin is not None:  # the network stops when its stdin closes
                with contextlib.suppress(OSError):
                    process.stdin.close()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(20)
            _stop(process, sig)
        for thread in readers:
            thread.join(10)
        for process, _ in processes:
            if process.stdout is not None:
                process.stdout.close()
        for log in logs:
            log.close()
        shutil.rmtree(root, ignore_errors=True)
