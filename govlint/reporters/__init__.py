"""Reporters: pure functions from a Report to the text of one output format. Each takes
``shared=Shared(report, locations)`` so that what several formats read is found once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import Report
    from .shared import Shared

Render = Callable[..., str]

# Each format's module, imported when a run asks for that format: a text report never loads
# the HTML, SARIF or JUnit code.
_MODULES = {
    "text": "text_report",
    "json": "json_report",
    "sarif": "sarif_report",
    "junit": "junit_report",
    "github": "github_report",
    "gitlab": "gitlab_report",
    "markdown": "markdown_report",
    "html": "html_report",
}

# Formats whose reports can be big (one line per violation) are also made in pieces.
_STREAMED = frozenset({"text", "json", "sarif", "junit", "gitlab"})


def _module(name: str) -> ModuleType:
    return import_module(f".{_MODULES[name]}", __name__)


class _Formats(Mapping[str, Render]):
    """Format name -> its render function, the reporter imported when its function is asked for."""

    def __getitem__(self, name: str) -> Render:
        render: Render = _module(name).render
        return render

    def __contains__(self, name: object) -> bool:  # asks no import
        return name in _MODULES

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


FORMATS: Mapping[str, Render] = _Formats()


def left_out(name: str, report: Report, shared: Shared) -> list[str]:
    """What the report in ``name`` format leaves out to stay within what its reader accepts."""
    if name == "sarif":
        from . import sarif_report

        return sarif_report.left_out(report, data=shared)
    if name == "gitlab":
        from . import gitlab_report

        return gitlab_report.left_out(report, data=shared)
    if name == "junit":
        from . import junit_report

        cases, places = junit_report.cut(report)
        if cases:
            cased = f"{cases} test case{'' if cases == 1 else 's'}"
            return [f"JUnit: {places} places on {cased} are not listed in their failure "
                    f"text (at most {junit_report.PROBLEMS} problems a case and {junit_report.POSITIONS} "
                    "more positions a problem); the JSON and text reports list them all"]
    return []


def pieces(name: str, report: Report, **options: Any) -> Iterable[str]:
    """The report in ``name`` format, in pieces to write one after another."""
    module = _module(name)
    if name in _STREAMED:
        chunks: Iterable[str] = module.chunks(report, **options)
        return chunks
    return (module.render(report, **options),)


def __getattr__(name: str) -> Any:
    if name == "Shared":  # imported with the reports it serves, not with the package
        from .shared import Shared

        return Shared
    if name == "Report":  # exported here before it was imported lazily
        from ..model import Report

        return Report
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FORMATS", "Render", "Report", "Shared", "left_out", "pieces"]
