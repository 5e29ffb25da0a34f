"""A small Chrome DevTools Protocol client: one headless Chromium, one page, driven over the
websocket that ``--remote-debugging-port`` opens (for tests/reports/test_html.py and
scripts/screenshot_report.py).

The browser runs with everything that could reach the network on its own switched off (background
networking, component updates, sync, QUIC), as root with ``--no-sandbox``, with a throw-away
profile that is removed when the context ends.  Every event the page sends is kept in
:attr:`Chromium.events`, so a test can look at all the requests it made.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

from websockets.sync.client import ClientConnection, connect

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--metrics-recording-only",
    "--mute-audio",
    "--hide-scrollbars",
)


def find_chromium() -> str | None:
    """The Chromium to use: ``$CHROMIUM`` if set, else Debian's ``/usr/bin/chromium``, else the
    first browser of :data:`CANDIDATES` on PATH."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class CdpError(RuntimeError):
    """Chromium did not start, or answered a command with an error."""


class Chromium:
    """A headless Chromium with one page target, used as a context manager::

    with Chromium("/usr/bin/chromium") as browser:
        browser.open(path.as_uri())
        browser.evaluate("document.title")
    """

    def __init__(self, executable: str, *, width: int = 1280, height: int = 900) -> None:
        self.executable = executable
        self.width = width
        self.height = height
        self.events: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self._profile: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._ws: ClientConnection | None = None
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> Chromium:
        self._profile = Path(tempfile.mkdtemp(prefix="twoway-chromium-"))
        log = (self._profile / "stderr.log").open("wb")
        self._process = subprocess.Popen(
            [
                self.executable,
                *FLAGS,
                f"--user-data-dir={self._profile}",
                "--remote-debugging-port=0",
                f"--window-size={self.width},{self.height}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        log.close()
        try:
            self._ws = self._stack.enter_context(
                connect(self._page_socket(), max_size=None, open_timeout=30)
            )
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stack.close()
        self._ws = None
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
            self._process = None
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    def _stderr(self) -> str:
        assert self._profile is not None
        path = self._profile / "stderr.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def _page_socket(self) -> str:
        """The websocket URL of the page target, once Chromium has written its port."""
        assert self._profile is not None
        assert self._process is not None
        port_file = self._profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise CdpError(
                    f"chromium exited with {self._process.returncode}:\n{self._stderr()}"
                )
            if port_file.exists() and port_file.read_text().strip():
                port = int(port_file.read_text().split()[0])
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                    targets = json.load(r)
                pages = [t for t in targets if t.get("type") == "page"]
                if pages:
                    return str(pages[0]["webSocketDebuggerUrl"])
            time.sleep(0.05)
        raise CdpError(f"chromium did not open its debugging port in 30 s:\n{self._stderr()}")

    def send(self, method: str, timeout: float = 30, **params: Any) -> dict[str, Any]:
        """Send one command and return its result; events that arrive meanwhile are kept."""
        assert self._ws is not None, "use Chromium as a context manager"
        ident = next(self._ids)
        self._ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            message = json.loads(self._ws.recv(timeout=max(0.01, deadline - time.monotonic())))
            if message.get("id") == ident:
                if "error" in message:
                    raise CdpError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))
            if "method" in message:
                self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        """The params of the first event called ``method`` (already received, or the next)."""
        assert self._ws is not None, "use Chromium as a context manager"
        for event in self.events:
            if event["method"] == method:
                return dict(event.get("params", {}))
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise CdpError(f"no {method} within {timeout} s")
            message = json.loads(self._ws.recv(timeout=remaining))
            if "method" in message:
                self.events.append(message)
                if message["method"] == method:
                    return dict(message.get("params", {}))

    def drain(self, seconds: float) -> None:
        """Collect the events of the next ``seconds`` (late requests, console messages)."""
        assert self._ws is not None, "use Chromium as a context manager"
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                message = json.loads(self._ws.recv(timeout=remaining))
            except TimeoutError:
                return
            if "method" in message:
                self.events.append(message)

    def open(self, url: str, *, settle: float = 0.5) -> None:
        """Watch the page's network, log and console, load ``url``, wait for its load event,
        then collect events for ``settle`` more seconds."""
        for domain in ("Page", "Network", "Log", "Runtime", "Audits"):
            self.send(f"{domain}.enable")
        self.events.clear()
        result = self.send("Page.navigate", url=url)
        if result.get("errorText"):
            raise CdpError(f"navigating to {url}: {result['errorText']}")
        self.wait_for("Page.loadEventFired")
        self.drain(settle)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (run by the test through CDP; the
        page itself has no script)."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise CdpError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def requests(self) -> list[str]:
        """Every URL the page asked for since :meth:`open`."""
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        ]

    def emulate(self, width: int, height: int, *, mobile: bool = False, scale: float = 1) -> None:
        """Give the page a viewport of ``width`` x ``height`` CSS pixels."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=scale,
            mobile=mobile,
        )

    def screenshot(self, path: Path, *, full_page: bool = True) -> None:
        """A PNG of the page (the whole length of it with ``full_page``)."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {
                "x": 0,
                "y": 0,
                "width": size["width"],
                "height": size["height"],
                "scale": 1,
            }
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", timeout=60, **params)["data"]
        path.write_bytes(base64.b64decode(data))
