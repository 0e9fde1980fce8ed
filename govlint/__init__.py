"""govlint: accessibility and compliance linter for U.S. government web pages."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:
    from .errors import ConfigError, GovlintError, InputError, RuleFileError, UsageError
    from .model import FileResult, Report, Severity, Violation
    from .runner import Linter, lint_html, lint_paths

# Each public name and the module that defines it. They are imported on first use, so that a
# command (`govlint --version`, or the lint of one page) imports only the code it runs: every
# `govlint.x` import runs this file first.
_LAZY = {
    "ConfigError": "errors", "GovlintError": "errors", "InputError": "errors",
    "RuleFileError": "errors", "UsageError": "errors",
    "FileResult": "model", "Report": "model", "Severity": "model", "Violation": "model",
    "Linter": "runner", "lint_html": "runner", "lint_paths": "runner",
}

__all__ = [
    "ConfigError", "FileResult", "GovlintError", "InputError", "Linter", "Report", "RuleFileError",
    "Severity", "UsageError", "Violation", "__version__", "lint_html", "lint_paths",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is not None:
        return getattr(import_module(f".{module}", __name__), name)
    if not name.startswith("_"):
        # A submodule, as `import govlint; govlint.config` found them when this file imported
        # the runner and with it most of the package.
        try:
            return import_module(f".{name}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise  # the submodule exists and lacks a dependency
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
