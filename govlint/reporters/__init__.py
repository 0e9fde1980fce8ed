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
    "junit": junit_report.chunks,
    "gitlab": gitlab_report.chunks,
}


def left_out(name: str, report: Report, shared: Shared) -> list[str]:
    """What the report in ``name`` format leaves out to stay within what its reader accepts."""
    if name == "sarif":
        return sarif_report.left_out(report, data=shared)
    if name == "gitlab":
        return gitlab_report.left_out(report, data=shared)
    if name == "junit":
        cases, places = junit_report.cut(report)
        if cases:
            cased = f"{cases} test case{'' if cases == 1 else 's'}"
            return [f"JUnit: {places} places on {cased} are not listed in their failure "
                    f"text (at most {junit_report.PROBLEMS} problems a case and {junit_report.POSITIONS} "
                    "more positions a problem); the JSON and text reports list them all"]
    return []


def pieces(name: str, report: Report, **options: Any) -> Iterable[str]:
    """The report in ``name`` format, in pieces to write one after another."""
    chunks = _PIECES.get(name)
    return chunks(report, **options) if chunks else (FORMATS[name](report, **options),)


__all__ = ["FORMATS", "Render", "Report", "Shared", "left_out", "pieces"]
