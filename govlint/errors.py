"""Errors the library raises. Only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class GovlintError(Exception):
    """Base class: something govlint could not do. The message is one clear line."""


class UsageError(GovlintError):
    """Bad command-line arguments (unknown rule id in --select, bad option value)."""


class ConfigError(GovlintError):
    """The configuration file is missing, unreadable or invalid."""


class RuleFileError(GovlintError):
    """A rule file is malformed, fails the rule schema, or names an unknown check or option."""


class InputError(GovlintError):
    """One input (file, URL, stdin) could not be read. Other inputs are still linted."""
