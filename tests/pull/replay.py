"""A small local HTTP server for tests of live pulls: it answers every request with what a
handler function gives, and records every request so that tests can assert what was asked.

    def handler(request: Recorded) -> Reply:
        return Reply(200, [{"id": "1"}], {"Link": '<…?max_id=1>; rel="next"'})

    with ReplayServer(handler) as server:
        ... server.url ...            # http://127.0.0.1:PORT
        ... server.requests ...       # [Recorded(method, path, query, headers, body), …]

A handler may return :data:`DROP` to close the connection without any answer (a server that
goes away mid-pull).  The server runs in a thread (``ThreadingHTTPServer`` on port 0 of
127.0.0.1) and stops when the ``with`` block ends.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["DROP", "Recorded", "ReplayServer", "Reply", "closed_port"]


@dataclass(frozen=True)
class Recorded:
    """One request as the server saw it.  ``query`` maps each parameter to its values in order
    (``types[]`` can repeat); ``headers`` has lower-case names."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes = b""

    def param(self, name: str) -> str | None:
        """The last value of query parameter ``name``, or ``None``."""
        values = self.query.get(name)
        return values[-1] if values else None

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass(frozen=True)
class Reply:
    """An answer: status, a body (JSON-encoded unless ``bytes``) and headers."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


DROP = Reply(status=-1)
"""Close the connection without answering."""


Handler = Callable[[Recorded], Reply]


class ReplayServer:
    """A threaded HTTP server on 127.0.0.1 that answers with ``handler`` and records requests."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        owner = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                recorded = Recorded(
                    method=self.command,
                    path=parts.path,
                    query=parse_qs(parts.query, keep_blank_values=True),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
                with owner._lock:
                    owner.requests.append(recorded)
                reply = owner.handler(recorded)
                if reply.status < 0:
                    self.close_connection = True
                    self.connection.close()
                    return
                if isinstance(reply.body, bytes):
                    payload = reply.body
                    kind = "application/octet-stream"
                else:
                    payload = json.dumps(reply.body).encode()
                    kind = "application/json; charset=utf-8"
                self.send_response(reply.status)
                headers = {"Content-Type": kind, **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = _serve
            do_POST = _serve

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def host(self) -> str:
        """``127.0.0.1:PORT``, as messages name the server."""
        return self.url.removeprefix("http://")

    def __enter__(self) -> ReplayServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def asked(self, path: str) -> list[Recorded]:
        """The requests for ``path``, in order."""
        return [r for r in self.requests if r.path == path]


def closed_port() -> str:
    """``http://127.0.0.1:PORT`` where nothing listens (a port just bound and released)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
