"""govlint: accessibility and compliance linter for U.S. government web pages."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import ConfigError, GovlintError, InputError, RuleFileError, UsageError
from .model import FileResult, Report, Severity, Violation
from .runner import Linter, lint_html, lint_paths

__all__ = [
    "ConfigError", "FileResult", "GovlintError", "InputError", "Linter", "Report", "RuleFileError",
    "Severity", "UsageError", "Violation", "__version__", "lint_html", "lint_paths",
]
