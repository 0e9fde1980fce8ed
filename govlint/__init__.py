"""govlint: accessibility and compliance linter for U.S. government web pages."""

from __future__ import annotations

from .errors import ConfigError, GovlintError, InputError, RuleFileError, UsageError
from .model import FileResult, Report, Severity, Violation
from .runner import Linter, lint_html, lint_paths
from .version import __version__

__all__ = [
    "ConfigError", "FileResult", "GovlintError", "InputError", "Linter", "Report", "RuleFileError",
    "Severity", "UsageError", "Violation", "__version__", "lint_html", "lint_paths",
]
