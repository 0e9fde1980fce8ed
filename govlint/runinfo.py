"""What a run linted, when, and with which options: the heading of a report a person reads
later, away from the terminal that ran it."""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass
from datetime import UTC, datetime

# Options that change what is found, or how external links are judged. Options that only
# shape the output (--format, --output, --group, --quiet, --verbose), the exit status
# (--fail-on, --max-warnings) or the speed (--jobs, --cache-dir) are left out: the same
# findings with or without them.
SHAPING = ("config", "no_config", "select", "ignore", "exclude", "offline", "root", "clean_urls",
           "check_external_fragments", "max_check_time", "max_cache_age", "no_cache", "changed_since",
           "baseline", "max_file_size", "page_timeout", "parser", "render", "render_timeout",
           "stdin_filename")


@dataclass(frozen=True)
class RunInfo:
    inputs: tuple[str, ...]  # as given on the command line
    started: datetime  # in UTC
    options: tuple[str, ...]  # each option with its value, as it could be typed again
    config: str  # the config file used, or "" for none

    @property
    def timestamp(self) -> str:
        """ISO 8601 in UTC, to the second."""
        return self.started.strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def command_options(self) -> str:
        return " ".join(self.options)


def started_at(source_date_epoch: str | None) -> datetime:
    """The run's time: SOURCE_DATE_EPOCH when it is set (reproducible reports), else now."""
    if source_date_epoch and source_date_epoch.strip().isdigit():
        return datetime.fromtimestamp(int(source_date_epoch), tz=UTC)
    return datetime.now(UTC)


def _value(value: object) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return shlex.quote(text)


# A crawl's too: what it fetched. Never --header, whose values may hold secrets.
CRAWL_SHAPING = (*SHAPING, "include", "sitemap", "no_sitemaps", "max_pages", "max_depth", "max_per_shape",
                 "ignore_robots", "resolve", "no_external")


def shaping_options(parser: argparse.ArgumentParser, ns: argparse.Namespace,
                    shaping: tuple[str, ...] = SHAPING) -> tuple[str, ...]:
    """The result-shaping options that were given, in the parser's order, by their long names
    (so ``--sel x`` and ``--select=x`` both read ``--select x``)."""
    out: list[str] = []
    for action in parser._actions:
        if action.dest not in shaping:
            continue
        value = getattr(ns, action.dest, None)
        if value is None or value is False or value == action.default:
            continue
        name = next((o for o in action.option_strings if o.startswith("--")), action.option_strings[0])
        if value is True:
            out.append(name)
        elif isinstance(value, list):
            out += [f"{name} {_value(item)}" for item in value]
        else:
            out.append(f"{name} {_value(value)}")
    return tuple(out)
