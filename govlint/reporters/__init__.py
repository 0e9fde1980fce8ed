"""Reporters: pure functions from a Report to the text of one output format."""

from __future__ import annotations

from collections.abc import Callable

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

__all__ = ["FORMATS", "Render", "Report"]
