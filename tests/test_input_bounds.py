"""Inputs that try to make a run read without end or wait without end: an endless standard
input, a server that trickles its headers, special files inside a folder. Every test runs the
real command line against real pipes, files and loopback servers, and proves the bound by
counting bytes, never by timing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from conftest import REPO, Run

OFF = ("--no-config", "--offline", "--no-cache")
NO_ALT = "<!doctype html><html lang=en><title>t</title><body><img src=a.png></body></html>\n"

# Writes up to 64 MB of HTML to standard output, then says on standard error how many bytes
# went out and whether the reader closed the pipe first.
_WRITER = r"""
import sys
from pathlib import Path
chunk = b"<p>filler</p>\n" * 4096
sent = 0
try:
    while sent < 64 * 1024 * 1024:
        sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        sent += len(chunk)
    outcome = "finished"
except BrokenPipeError:
    outcome = "broken pipe"
sys.stderr.write(f"{outcome} {sent}\n")
sys.stderr.flush()
try:
    sys.stdout.close()
except BrokenPipeError:
    pass
"""


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}


def test_standard_input_is_read_only_up_to_the_size_limit() -> None:
    writer = subprocess.Popen([sys.executable, "-c", _WRITER], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    assert writer.stdout is not None
    try:
        lint = subprocess.Popen([sys.executable, "-m", "govlint", *OFF, "--max-file-size", "1", "-"],
                                stdin=writer.stdout, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=REPO, env=_env())
        writer.stdout.close()  # only govlint holds the reading end now
        out, err = lint.communicate(timeout=120)
        _, said = writer.communicate(timeout=120)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert lint.returncode == 2, err
    assert out.decode().splitlines()[0] == (
        "<stdin>: error: larger than the input size limit of 1 MB (--max-file-size)")
    assert err == b""
    outcome, sent = said.decode().rsplit(" ", 1)
    # govlint stopped reading past the limit and exited, so the writer met a closed pipe after
    # at most the limit plus what the pipe and the two processes' buffers hold.
    assert outcome == "broken pipe"
    assert int(sent) < 8 * 1024 * 1024


def test_standard_input_under_the_limit_is_linted(govlint: Run) -> None:
    proc = govlint(*OFF, "--select", "image-alt", "--max-file-size", "1", "-", stdin=NO_ALT.encode())
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("<stdin>:1:")


def test_special_files_in_a_folder_are_refused_one_line_each(govlint: Run, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    (site / "ok.html").write_text(NO_ALT)
    os.mkfifo(site / "news" / "pipe.html")
    (site / "zero.html").symlink_to("/dev/zero")
    for arg in ("site", "site/**/*.html"):
        proc = govlint(*OFF, "--select", "image-alt", arg, cwd=tmp_path)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        lines = proc.stdout.splitlines()
        assert lines[0].startswith("site/ok.html:1:")  # the other page is still linted
        assert "site/news/pipe.html: error: not a regular file (a FIFO), so it is not read" in lines
        assert "site/zero.html: error: a symlink to a file outside the site root, so it is not read" in lines
        assert proc.stderr == ""
    # With the device inside the root, the refusal names what it is.
    proc = govlint(*OFF, "--select", "image-alt", "--root", "/", "site", cwd=tmp_path)
    assert "site/zero.html: error: not a regular file (a character device), so it is not read" in (
        proc.stdout.splitlines())


@dataclass
class _Trickle:
    """What the trickling server sent on each connection, and whether it got to the end."""

    sent: list[int] = field(default_factory=list)
    finished: list[bool] = field(default_factory=list)


_PAD = 1500  # header bytes trickled before the response would be complete


@contextmanager
def _trickling_server() -> Iterator[tuple[str, _Trickle, list[threading.Thread]]]:
    """A loopback server that answers every request with a status line, then one header byte
    every 20 ms (30 s for the whole header), then a page. It stops when the client leaves."""
    listener = socket.create_server(("127.0.0.1", 0))
    seen = _Trickle()
    threads: list[threading.Thread] = []

    def answer(conn: socket.socket) -> None:
        sent, finished = 0, False
        try:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nX-Pad: ")
            for _ in range(_PAD):
                conn.sendall(b"a")
                sent += 1
                time.sleep(0.02)  # the pace of the trickle, not a wait for anything
            page = NO_ALT.encode()
            conn.sendall(b"\r\nContent-Type: text/html\r\nContent-Length: " + str(len(page)).encode() +
                         b"\r\nConnection: close\r\n\r\n" + page)
            finished = True
        except OSError:
            pass
        finally:
            conn.close()
            seen.sent.append(sent)
            seen.finished.append(finished)

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=answer, args=(conn,), daemon=True)
            threads.append(thread)
            thread.start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", seen, threads
    finally:
        listener.close()


_SHORT = "[links]\ntimeout = 0.5\nretries = 0\nhost_interval = 0.0\n"


def _settled(threads: list[threading.Thread]) -> None:
    """Wait until the server has seen every client leave (each answer thread has ended)."""
    for thread in list(threads):
        thread.join(timeout=120)
        assert not thread.is_alive()


def test_a_url_input_whose_headers_trickle_meets_the_deadline(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / ".govlint.toml").write_text(_SHORT)
    with _trickling_server() as (base, seen, threads):
        proc = govlint("--no-cache", "--select", "image-alt", f"{base}/page.html", cwd=tmp_path)
        _settled(threads)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[0] == (
        f"{base}/page.html: error: the response took more than 0.5 s to arrive ([links] timeout)")
    assert proc.stderr == ""
    # govlint hung up while the headers were still arriving.
    assert seen.finished == [False] and seen.sent[0] < _PAD


def test_an_external_link_whose_headers_trickle_meets_the_deadline(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / ".govlint.toml").write_text('select = ["dead-link"]\n' + _SHORT)
    with _trickling_server() as (base, seen, threads):
        (tmp_path / "index.html").write_text(f'<!doctype html>\n<a href="{base}/slow">x</a>\n')
        proc = govlint("--no-cache", "index.html", cwd=tmp_path)
        _settled(threads)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = f"index.html:2:1: warning [dead-link] {base}/slow could not be verified: timed out after 0.5 s"
    assert found in proc.stdout
    assert seen.finished == [False] and seen.sent[0] < _PAD
