"""Reporters: pure functions from a Report to the text of one output format. Each takes
``shared=Shared(report, locations)`` so that what several formats read is found once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..model import Report
from . import (
    github_report,
    gitlab_report,
    html_report,
    json_report,
    junit_report,
    markdown_report,
    sarif_report,
    text_report,
)
from .shared import Shared

Render = Callable[..., str]

FORMATS: dict[str, Render] = {
    "text": text_report.render,
    "json": json_report.render,
    "sarif": sarif_report.render,
    "junit": junit_report.render,
    "github": github_report.render,
    "gitlab": gitlab_report.render,
    "markdown": markdown_report.render,
    "html": html_report.render,
}

# Formats whose reports can be big (one line per violation) are also made in pieces.
_PIECES: dict[str, Callable[..., Iterable[str]]] = {
    "text": text_report.chunks,
    "json": json_report.chunks,
    "sarif": sarif_report.chunks,
}


def pieces(name: str, report: Report, **options: Any) -> Iterable[str]:
    """The report in ``name`` format, in pieces to write one after another."""
    chunks = _PIECES.get(name)
    return chunks(report, **options) if chunks else (FORMATS[name](report, **options),)


__all__ = ["FORMATS", "Render", "Report", "Shared", "pieces"]
