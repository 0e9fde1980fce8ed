"""Reporters: pure functions from a Report to the text of one output format."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Report
from . import json_report, text_report

Render = Callable[..., str]

FORMATS: dict[str, Render] = {
    "text": text_report.render,
    "json": json_report.render,
}

__all__ = ["FORMATS", "Render", "Report"]
