"""What rendered mode needs to know, and finding a browser to run it in."""

from __future__ import annotations

import importlib.util
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError

DEFAULT_TIMEOUT = 15.0
DEFAULT_FOCUS_STEPS = 250  # a page's budget of Tab presses: what it does not reach needs review
# Names of Chromium builds on PATH, in the order they are tried.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@dataclass(frozen=True)
class RenderSettings:
    enabled: bool = False
    timeout: float = DEFAULT_TIMEOUT  # seconds a page has to settle (load + network idle)
    chromium: str | None = None  # the browser executable; None: found on PATH
    allow_external: bool = False  # let pages fetch from outside the site (never with --offline)
    # What the browser is asked beyond the snapshot, for the rules that run (probes.js):
    # "targets", "spacing", "focus", "reflow"
    probes: frozenset[str] = frozenset()
    focus_steps: int = DEFAULT_FOCUS_STEPS  # Tab presses a page gets at most


def find_chromium(settings: RenderSettings) -> str:
    """The browser to launch, or a UsageError (exit 2) in one line."""
    if settings.chromium:
        path = Path(settings.chromium)
        if path.is_file():
            return str(path)
        found = shutil.which(settings.chromium)
        if found:
            return found
        raise UsageError(f"--render: Chromium not found at {settings.chromium!r} (render.chromium)")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise UsageError("--render needs Chromium and none was found on PATH (install the chromium "
                     "package, or set render.chromium in the config)")


def check_ready(settings: RenderSettings) -> str:
    """Chromium's path, after making sure Playwright can be imported (without importing it)."""
    if importlib.util.find_spec("playwright") is None:
        raise UsageError("--render needs the Playwright package: pip install 'govlint[render]'")
    return find_chromium(settings)
