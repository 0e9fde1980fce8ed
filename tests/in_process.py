"""The command line run inside the test process, leaving the process as it found it.

``govlint.cli.main`` is what ``python -m govlint`` runs; here its standard streams are
in-memory files shaped like a subprocess's pipes (UTF-8; surrogateescape on stdout, as under
a UTF-8 locale; never a terminal), and everything a run may change in the process is saved
and put back: the working directory, the environment, the standard streams, the signal
dispositions, the interval timer, the recursion limit and the logging configuration.

The command line must put back by itself what it sets for a run (its SIGTERM handler, a page
time limit's SIGALRM and timer, logging): a run that leaves one of those changed fails here.
It raises the recursion limit for good, on purpose (a process of its own ends with the run),
so that one is only put back.
"""

from __future__ import annotations

import io
import logging
import os
import signal
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from govlint import cli

_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGALRM, signal.SIGPIPE, signal.SIGCHLD, signal.SIGHUP)


def _state() -> dict[str, Any]:
    root = logging.getLogger()
    return {
        "cwd": os.getcwd(),
        "environ": dict(os.environ),
        "streams": (sys.stdin, sys.stdout, sys.stderr),
        "signals": {s: signal.getsignal(s) for s in _SIGNALS},
        "timer": signal.getitimer(signal.ITIMER_REAL),
        "recursion": sys.getrecursionlimit(),
        "logging": (root.level, tuple(root.handlers), logging.root.manager.disable),
        "argv": list(sys.argv),
    }


def _restore(saved: dict[str, Any]) -> None:
    os.chdir(saved["cwd"])
    os.environ.clear()
    os.environ.update(saved["environ"])
    sys.stdin, sys.stdout, sys.stderr = saved["streams"]
    for number, handler in saved["signals"].items():
        if handler is not None:
            signal.signal(number, handler)
    signal.setitimer(signal.ITIMER_REAL, *saved["timer"])
    sys.setrecursionlimit(saved["recursion"])
    level, handlers, disabled = saved["logging"]
    root = logging.getLogger()
    root.setLevel(level)
    root.handlers[:] = list(handlers)
    logging.disable(disabled)
    sys.argv[:] = saved["argv"]


def _exit_status(code: object) -> tuple[int, str]:
    """What the interpreter makes of SystemExit(code): the status, and text for stderr."""
    if code is None:
        return 0, ""
    if isinstance(code, int):
        return code, ""
    return 1, f"{code}\n"


def run_main(argv: Sequence[str], *, cwd: Path, stdin: bytes, env: Mapping[str, str],
             drop: Iterable[str] = ()) -> tuple[int, bytes, bytes]:
    """(exit status, stdout bytes, stderr bytes) of ``govlint ARGV`` run in this process."""
    saved = _state()
    out, err = io.BytesIO(), io.BytesIO()
    try:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8", errors="surrogateescape")
        sys.stdout = io.TextIOWrapper(out, encoding="utf-8", errors="surrogateescape", write_through=True)
        sys.stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
        for name in drop:
            os.environ.pop(name, None)
        os.environ.update(env)
        os.chdir(cwd)
        sys.argv[:] = ["govlint", *argv]
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:  # argparse's usage errors, --help and --version
            code, text = _exit_status(exc.code)
            sys.stderr.write(text)
        sys.stdout.flush()
        sys.stderr.flush()
        result = code, out.getvalue(), err.getvalue()
        left = leaked(saved)
    finally:
        _restore(saved)
    assert not left, f"govlint {' '.join(argv)} left the process changed: {left}"
    return result


def leaked(saved: dict[str, Any]) -> list[str]:
    """What the command line itself should have put back but differs from ``saved``."""
    now = _state()
    return [key for key in ("signals", "timer", "logging") if now[key] != saved[key]]
