"""A minimal Chrome DevTools Protocol client over --remote-debugging-pipe.

Chromium reads commands from file descriptor 3 and writes replies and events to descriptor 4,
each message a JSON object ended by a NUL byte. A pipe needs no port, no WebSocket library and
no network, and the browser dies with its pipes.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Flags that keep a headless Chromium quiet and off the network: every host but loopback
# fails to resolve at once, so a fixture's external URL never waits on a timeout.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--mute-audio",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")


class CDPError(RuntimeError):
    pass


class Browser:
    """One headless Chromium and one page session in it."""

    def __init__(self, executable: str, profile: Path, timeout: float = 120.0) -> None:
        cmd_read, cmd_write = os.pipe()  # we write commands, Chromium reads fd 3
        ev_read, ev_write = os.pipe()  # Chromium writes fd 4, we read

        def _fds() -> None:
            os.dup2(cmd_read, 3)
            os.dup2(ev_write, 4)

        self._proc = subprocess.Popen(
            [executable, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_fds, pass_fds=(3, 4))  # kept open once _fds has set them
        os.close(cmd_read)
        os.close(ev_write)
        self._out = os.fdopen(cmd_write, "wb", buffering=0)
        self._in = os.fdopen(ev_read, "rb", buffering=0)
        self._buffer = b""
        self._events: deque[dict[str, Any]] = deque()
        self._next_id = 0
        self._timeout = timeout
        # Events handled the moment they arrive, even while a command waits for its reply
        # (a paused request must be answered before the navigation that made it can finish).
        self.handlers: dict[str, Callable[[dict[str, Any]], None]] = {}
        self.session = ""
        try:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            self.session = self.call("Target.attachToTarget", targetId=target,
                                     flatten=True)["sessionId"]
        except BaseException:
            self.close()  # never leave a browser behind
            raise

    def close(self) -> None:
        for stream in (self._out, self._in):
            stream.close()
        self._proc.terminate()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- messages -----------------------------------------------------------------------

    def send(self, method: str, **params: Any) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        self._out.write(json.dumps(message).encode() + b"\0")
        return self._next_id

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a command and wait for its reply; events that arrive meanwhile are queued."""
        ident = self.send(method, **params)
        while True:
            message = self._read()
            if message.get("id") == ident:
                if "error" in message:
                    raise CDPError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            if "method" in message and not self._handle(message):
                self._events.append(message)

    def wait_for(self, method: str) -> dict[str, Any]:
        """The next event of this method; others are handled or dropped."""
        while True:
            event = self._events.popleft() if self._events else self._read()
            if event.get("method") == method:
                return event
            if "method" in event:
                self._handle(event)

    def _handle(self, event: dict[str, Any]) -> bool:
        handler = self.handlers.get(event["method"])
        if handler is None:
            return False
        handler(event)
        return True

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._in], [], [], self._timeout)
            if not ready:
                raise CDPError(f"Chromium said nothing for {self._timeout} s")
            chunk = self._in.read(1 << 16)
            if not chunk:
                raise CDPError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)
