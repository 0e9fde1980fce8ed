from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"

Run = Callable[..., subprocess.CompletedProcess[str]]


def run_govlint(*args: str, cwd: Path | None = None, stdin: bytes | None = None,
                env: dict[str, str] | None = None,
                isolated: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the command line as users and CI do: in this process (``govlint.cli.main`` with its
    own standard streams, working directory and environment, all put back afterwards), or,
    with ``isolated``, in a subprocess, for what only a process of its own shows (signals, a
    closed pipe, the environment children inherit, exit at interpreter shutdown)."""
    if isolated:
        return run_govlint_process(*args, cwd=cwd, stdin=stdin, env=env)
    from in_process import run_main

    code, out, err = run_main(list(args), cwd=cwd or REPO, stdin=stdin or b"", env=env or {},
                              drop=("NO_COLOR", "FORCE_COLOR"))
    return subprocess.CompletedProcess(["govlint", *args], code, out.decode("utf-8"), err.decode("utf-8"))


def run_govlint_process(*args: str, cwd: Path | None = None, stdin: bytes | None = None,
                        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess (``python -m govlint``)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "govlint", *args], cwd=cwd or REPO, input=stdin,
                          capture_output=True, env=full_env, timeout=600)
    return subprocess.CompletedProcess(proc.args, proc.returncode,
                                       proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


@pytest.fixture
def govlint() -> Run:
    return run_govlint


def run_in_pty(cmd: list[str], env: dict[str, str], *, stdout_too: bool = True) -> str:
    """Run ``cmd`` with stderr (and stdout) on a pseudo-terminal; return what it wrote there."""
    leader, follower = pty.openpty()
    out = follower if stdout_too else subprocess.PIPE
    proc = subprocess.Popen(cmd, stdout=out, stderr=follower, cwd=REPO, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.communicate(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode()
