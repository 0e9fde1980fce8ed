"""How serious a finding is: a value of its own, so that the page facts every pack keeps can
name it without importing the model."""

from __future__ import annotations

import enum


class Severity(enum.IntEnum):
    """Ordered so that a larger value is more serious."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


# Looked up, not derived: Enum.name is slow, and reports ask for a label per violation.
_LABELS = {s: s.name.lower() for s in Severity}

# What --fail-on and the config's fail_on accept: a severity, or never.
FAIL_ON = ("error", "warning", "info", "never")
