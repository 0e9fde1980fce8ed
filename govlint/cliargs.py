"""What govlint's commands share on the command line: argument types, the option parser, the
config and rule set an invocation asks for, where reports go, the exit status, colour. The lint
command (cli.py) and the crawl and estate commands all use them; only they print or exit."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from .errors import UsageError
from .reporters import FORMATS
from .severity import Severity

if TYPE_CHECKING:  # imported where used: building a linter is the lint's cost, not --help's
    from .model import Report
    from .runner import Linter

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR, EXIT_NETWORK, EXIT_INTERNAL = 0, 1, 2, 3, 4


class StatusLine:
    """One line on a terminal's stderr, written over in place and cleared at the end: the
    progress line of each command."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    def show(self, text: str) -> None:
        self.stream.write(f"\r\x1b[2K{text}")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def number(kind: type[int] | type[float], low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a finite number from ``low`` (excluded) to ``high``."""
    def parse(value: str) -> float:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
        if not (math.isfinite(number) and low < number <= high):
            raise argparse.ArgumentTypeError(f"must be more than {low:g} and at most {high:g}")
        return number
    return parse


def whole(low: int) -> Callable[[str], int]:
    """An argparse type: a whole number, ``low`` or more."""
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
        if number < low:
            raise argparse.ArgumentTypeError(f"must be {low} or more")
        return number
    return parse


positive = whole(1)  # --jobs
count = whole(0)  # --max-warnings


def seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not number > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return number


def split_names(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


class Parser(argparse.ArgumentParser):
    """argparse, with 'did you mean' for a mistyped option."""

    def error(self, message: str) -> NoReturn:
        if message.startswith("unrecognized arguments: "):
            from .suggest import did_you_mean

            known = [o for action in self._actions for o in action.option_strings]
            hints = [did_you_mean(arg.partition("=")[0], known)
                     for arg in message.split(": ", 1)[1].split() if arg.startswith("--")]
            message += "".join(h for h in hints if h)
        super().error(message)



def load_linter(ns: argparse.Namespace) -> Linter:
    from . import config
    from .engine import RunOptions
    from .runner import Linter

    if ns.no_config:
        raw = config.RawConfig(base_dir=Path.cwd())
    elif ns.config:
        raw = config.read(Path(ns.config))
    else:
        raw = config.read(config.find(Path.cwd()))
        if raw.source is None:
            raw = config.RawConfig(base_dir=Path.cwd())
    select = split_names(ns.select)
    if select == []:
        raise UsageError("--select names no rule: give rule ids or tags (see 'govlint rules')")
    cli = config.CliOverrides(select=tuple(select) if select is not None else None,
                              ignore=tuple(split_names(ns.ignore) or ()),
                              fail_on=ns.fail_on, root=ns.root, clean_urls=ns.clean_urls,
                              check_external_fragments=ns.check_external_fragments,
                              cache_dir=ns.cache_dir, max_cache_age=ns.max_cache_age,
                              max_check_time=ns.max_check_time, no_cache=ns.no_cache,
                              parser=ns.parser, max_file_size=ns.max_file_size,
                              page_timeout=ns.page_timeout, render=ns.render,
                              render_timeout=ns.render_timeout)
    return Linter.build(raw, cli, RunOptions(verbose=ns.verbose))


def outputs(formats: list[str], output: str | None) -> list[tuple[str, str | None]]:
    """(format, file or None for standard output); --output redirects the standard-output one."""
    outputs: list[tuple[str, str | None]] = []
    for spec in formats:
        name, _, target = spec.partition("=")
        if name not in FORMATS:
            raise UsageError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
        outputs.append((name, target or None))
    to_stdout = [i for i, (_, target) in enumerate(outputs) if target is None]
    if len(to_stdout) > 1:
        raise UsageError("only one format can go to standard output; give the others a file (FORMAT=FILE)")
    if output:
        if not to_stdout:
            raise UsageError("--output needs a format that would go to standard output")
        outputs[to_stdout[0]] = (outputs[to_stdout[0]][0], output)
    files = [os.path.realpath(target) for _, target in outputs if target is not None]
    twice = next((target for target in files if files.count(target) > 1), None)
    if twice is not None:  # the second report would replace the first
        raise UsageError(f"two reports would be written to {twice}; give each its own file")
    return outputs


def exit_code(report: Report, fail_on: str) -> int:
    if report.errors:
        return EXIT_ERROR
    if report.network_down:
        return EXIT_NETWORK
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity.parse(fail_on)
    worst = report.worst()
    return EXIT_VIOLATIONS if worst is not None and worst >= threshold else EXIT_OK


def gate(report: Report, fail_on: str, max_warnings: int | None) -> int:
    """The exit status of a lint or crawl: exit_code, and 1 past ``max_warnings`` warnings,
    said on standard error (else a run whose summary shows no error fails saying nothing)."""
    code = exit_code(report, fail_on)
    warnings = report.count(Severity.WARNING)
    if code == EXIT_OK and max_warnings is not None and warnings > max_warnings:
        print(f"govlint: {warnings} warnings, more than --max-warnings {max_warnings}", file=sys.stderr)
        return EXIT_VIOLATIONS
    return code


def write_reports(outputs: Iterable[tuple[str, str | None]],
                  render: Callable[[str, str | None], Iterable[str]]) -> None:
    """Each report, as ``render(format, target)`` makes it, to standard output (target None) or
    atomically to its file; a file that cannot be written is a usage error, in one line."""
    for name, target in outputs:
        pieces = render(name, target)
        if target is None:
            sys.stdout.writelines(pieces)
            continue
        from .output import write_atomic

        try:
            write_atomic(Path(target), pieces)
        except OSError as exc:
            raise UsageError(f"cannot write report to {target}: {exc.strerror or exc}") from None


def color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ
