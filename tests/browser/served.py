"""The app served as the Makefile serves it, and clients that talk to it over HTTP and the websocket.

Both the browser tests and the server tests (``tests/test_server_security.py``) start the
app with ``python -m koki_climate.ui.serve`` on a free loopback port. :class:`Stream` opens
a session the way Streamlit's frontend does (and the way an attacker without a browser
would): a websocket to ``/_stcore/stream``, one ``rerun_script`` message, then the
``ForwardMsg`` replies, the first of which names the session id.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from google.protobuf import text_format
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO = Path(__file__).resolve().parents[2]
XSRF_COOKIE = "_streamlit_xsrf"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(region: Path, cache: Path, mode: str, log: Path, *, env: dict[str, str] | None = None,
              flags: Sequence[str] = ()) -> tuple[subprocess.Popen, str]:
    """Start ``python -m koki_climate.ui.serve`` on a free loopback port; wait until it is healthy."""
    port = free_port()
    environment = {**os.environ, "KOKI_REGION": str(region), "KOKI_CACHE_DIR": str(cache), "KOKI_MODE": mode,
                   "KOKI_GROUNDWATER": "baseline", **(env or {})}
    handle = open(log, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "koki_climate.ui.serve", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false", *flags],
        cwd=REPO, env=environment, stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited early; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.5)
    stop_app(process)
    raise RuntimeError(f"the app did not become healthy in 90 s; see {log}")


def stop_app(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class Run:
    """The ForwardMsgs of one script run, from ``new_session`` to ``script_finished``."""

    messages: list[ForwardMsg] = field(default_factory=list)

    def of(self, kind: str) -> list[ForwardMsg]:
        return [message for message in self.messages if message.WhichOneof("type") == kind]

    @property
    def text(self) -> str:
        """Everything the browser would receive, as readable text (for searching what a page shows)."""
        return "\n".join(text_format.MessageToString(message, as_utf8=True) for message in self.messages)

    def elements(self, kind: str) -> list:
        """The new page elements of type ``kind`` (e.g. "alert", "exception", "progress")."""
        found = []
        for message in self.of("delta"):
            delta = message.delta
            if delta.WhichOneof("type") == "new_element" and delta.new_element.WhichOneof("type") == kind:
                found.append(getattr(delta.new_element, kind))
        return found


class Stream:
    """One app session over the websocket, as Streamlit's frontend (or a script) opens it."""

    def __init__(self, url: str, *, timeout_s: float = 180) -> None:
        from websockets.sync.client import connect

        self.timeout_s = timeout_s
        self._resources = contextlib.ExitStack()
        self.socket = self._resources.enter_context(connect(
            url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"], max_size=None,
            open_timeout=30))
        self.session_id: str | None = None

    def send(self, message: BackMsg) -> None:
        self.socket.send(message.SerializeToString())

    def run(self, *, page_name: str = "", query: str = "", page_script_hash: str = "") -> Run:
        """Ask for a script run of a page and collect its messages until it finishes."""
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page_name
        message.rerun_script.page_script_hash = page_script_hash
        self.send(message)
        return self.collect()

    def collect(self) -> Run:
        """The messages up to the end of the next completed run (reruns it triggers included)."""
        run = Run()
        deadline = time.monotonic() + self.timeout_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no finished script run within {self.timeout_s} s")
            reply = ForwardMsg()
            reply.ParseFromString(self.socket.recv(timeout=remaining))
            run.messages.append(reply)
            kind = reply.WhichOneof("type")
            if kind == "new_session":
                self.session_id = reply.new_session.initialize.session_id
            if kind == "script_finished" and reply.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return run

    def messages_within(self, seconds: float) -> list[ForwardMsg]:
        """Whatever arrives in the next ``seconds`` (for messages that must *not* come)."""
        from websockets.exceptions import ConnectionClosed

        received = []
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                data = self.socket.recv(timeout=remaining)
            except TimeoutError:
                break
            except ConnectionClosed:
                break
            reply = ForwardMsg()
            reply.ParseFromString(data)
            received.append(reply)
        return received

    def close(self) -> None:
        self._resources.close()

    def __enter__(self) -> "Stream":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
