"""Immutable values shared by every part of govlint."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar, overload

from .severity import Severity

if TYPE_CHECKING:
    from .consistency.values import Judgement, Repeated
    from .federal.values import PageFacts


@dataclass(frozen=True)
class Message:
    """One message a rule can emit, keyed by the check's finding code."""

    text: str
    severity: Severity | None = None  # None: the rule's severity
    verbose_only: bool = False  # shown only when the user asks for --verbose
    # WCAG tags (wcag412, wcag2a...) this message fails besides the rule's own: for a rule whose
    # messages fail different criteria (a banner toggle that is not a button fails 4.1.2; a
    # missing banner fails none)
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleDocs:
    why: str
    example: str
    fix: str
    # The rule's help page, linked from every report: a built-in rule's generated page
    # (docs/rules/ID.md), a custom rule's own help_url (or its guidance); "" when it has none.
    help_url: str
    config: str = ""  # TOML the example and fix are linted under (e.g. an archive cutoff)
    guidance_url: str = ""  # the external guidance the rule follows (WCAG Understanding, a policy)


@dataclass(frozen=True)
class Rule:
    """A rule file, validated and bound to its check."""

    id: str
    summary: str
    severity: Severity
    tags: tuple[str, ...]
    check: str
    options: Mapping[str, Any]
    messages: Mapping[str, Message]
    docs: RuleDocs
    source: str  # where the rule file came from, for error messages
    aliases: tuple[str, ...] = ()
    default_enabled: bool = True  # False: runs only when selected by id or given a severity
    # What the rule inspects (govlint/applicability.py); () means the page itself
    applies: tuple[str, ...] = ()
    # The message codes reported when a selection by tag keeps only some of the rule's
    # messages (--select wcag412 keeps gov-banner's toggle findings); None: every code
    reported: frozenset[str] | None = None

    @cached_property
    def all_tags(self) -> tuple[str, ...]:
        """The rule's tags, then every tag only some of its messages carry: what selection by
        tag, rule listings and the criteria a rule can fail go by."""
        extra = dict.fromkeys(t for code, m in self.messages.items() for t in m.tags
                              if t not in self.tags and self.reports(code))
        return (*self.tags, *extra)

    @cached_property
    def message_tags(self) -> Mapping[str, tuple[str, ...]]:
        """Code -> the tags of a finding with that code (the rule's, then the message's)."""
        return MappingProxyType({code: (*self.tags, *m.tags) if m.tags else self.tags
                                 for code, m in self.messages.items()})

    def reports(self, code: str) -> bool:
        return self.reported is None or code in self.reported

    def codes_tagged(self, tag: str) -> frozenset[str]:
        """The message codes whose findings carry ``tag``."""
        return frozenset(code for code, tags in self.message_tags.items() if tag in tags)

    def with_options(self, options: Mapping[str, Any]) -> Rule:
        merged = dict(self.options)
        merged.update(options)
        return replace(self, options=MappingProxyType(merged))


@dataclass(frozen=True)
class Violation:
    rule: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    selector: str
    snippet: str
    help_url: str
    tags: tuple[str, ...]

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message)


def with_extra(violations: Sequence[Violation], extra: Iterable[Violation]) -> Sequence[Violation]:
    """A page's violations (in report order) and ``extra`` found by a site pass, in report
    order: by position, and a violation found before an extra one at the same position. On
    disk (resultstore) they stay on disk: the extra ones are written beside them (or, kept
    on disk already, are joined to them unread)."""
    # Kept violations are in report order already: sorting them would read them back.
    more = extra if isinstance(extra, KeptViolations) else sorted(extra, key=Violation.sort_key)
    if isinstance(violations, KeptViolations):
        return violations.plus(more)
    if isinstance(more, KeptViolations):  # the page's own, held in memory, join them on disk
        return more.after(sorted(violations, key=Violation.sort_key))
    return tuple(sorted((*violations, *more), key=Violation.sort_key))


@dataclass(frozen=True)
class Found:
    """What a site pass found on one page: violations to add, and how many it left out
    because the page suppresses them."""

    violations: tuple[Violation, ...] = ()
    suppressed: int = 0


def with_found(result: FileResult, found: Found | None) -> FileResult:
    """``result`` with what a site pass found on its page added (in report order)."""
    if found is None or not (found.violations or found.suppressed):
        return result
    return replace(result, violations=with_extra(result.violations, found.violations),
                   suppressed=result.suppressed + found.suppressed)


Kind = tuple[tuple[str, ...], Severity]  # a violation's tags and severity
Kinds = Mapping[Kind, int]  # how many violations of each kind


def kinds_of(violations: Iterable[Violation], start: Kinds | None = None) -> Counter[Kind]:
    """How many of ``violations`` (plus ``start``) there are of each (tags, severity)."""
    counts: Counter[Kind] = Counter(start or {})
    if isinstance(violations, KeptViolations):
        counts.update(violations.kinds)  # counted as they were written
    else:
        counts.update((v.tags, v.severity) for v in violations)
    return counts


class KeptViolations(Sequence[Violation], ABC):
    """A page's violations kept outside memory (resultstore.StoredViolations), read on each pass."""

    # How many of each (tags, severity), known without reading them back: the counts by
    # severity and the conformance summary (which reads only tags and severities) need no more.
    kinds: Kinds

    @property
    def severities(self) -> Mapping[Severity, int]:
        counts: Counter[Severity] = Counter()
        for (_, severity), count in self.kinds.items():
            counts[severity] += count
        return counts

    @abstractmethod
    def plus(self, extra: Sequence[Violation]) -> KeptViolations:
        """These and ``extra`` (sorted by position) in report order, an extra one after a
        violation of these at the same position."""

    @abstractmethod
    def after(self, first: Sequence[Violation]) -> KeptViolations:
        """``first`` (sorted by position) and these in report order, one of these after a
        violation of ``first`` at the same position."""


@dataclass(frozen=True)
class InputFailure:
    """An input that could not be linted, with one clear line saying why."""

    file: str
    message: str


@dataclass(frozen=True)
class FileResult:
    file: str
    # a tuple, or the page's violations on disk (resultstore) read again on each pass
    violations: Sequence[Violation]
    suppressed: int = 0
    facts: PageFacts | None = None  # what the federal pack found on the page, when it ran there
    # The WCAG-tagged rules that had something to check on the page (found a problem there or
    # matched what they inspect): the conformance summary's "passed" versus "not applicable".
    applied: frozenset[str] = frozenset()
    # what the page repeats of its site's template, for the consistency rules' site pass
    repeated: Repeated | None = None
    # (rule, count) of violations past the per-page cap, left out (see findingcap)
    left_out: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Report:
    files: tuple[FileResult, ...]
    errors: tuple[InputFailure, ...] = ()
    rules: Mapping[str, Rule] = field(default_factory=dict)
    # (URLs, hosts) of external links left unchecked because the network itself was down
    network_down: tuple[int, int] | None = None
    notes: tuple[str, ...] = ()  # things the user should know that are not violations
    baseline: tuple[int, int] | None = None  # (violations the baseline covered, entries fixed)
    from_cache: int = 0  # pages whose results came from the incremental cache
    # pages whose link results were reused (nothing they rest on changed) and checked again
    links_reused: tuple[int, int] = (0, 0)
    # what each site-level rule compared across the pages (the consistency pass): the
    # conformance summary's one result per site-level criterion rests on it
    judged: tuple[Judgement, ...] = ()

    @cached_property  # reporters, counts and the exit code all read it; a big site has 100k+
    def violations(self) -> Sequence[Violation]:
        """Every violation, page by page. Pages whose violations are on disk are read again
        on each pass, one page at a time, so the report is never held whole."""
        files = self.files
        if all(isinstance(f.violations, tuple) for f in files):
            return tuple(v for f in files for v in f.violations)
        total = sum(len(f.violations) for f in files)
        return Replayed(total, lambda: (v for f in files for v in f.violations))

    @cached_property  # once, however many counts are asked for
    def tally(self) -> Mapping[Severity, int]:
        counts: Counter[Severity] = Counter()
        for f in self.files:
            if isinstance(f.violations, KeptViolations):
                counts.update(f.violations.severities)  # counted as they were written
            else:
                counts.update(v.severity for v in f.violations)
        return counts

    @property
    def suppressed(self) -> int:
        return sum(f.suppressed for f in self.files)

    def count(self, severity: Severity) -> int:
        return self.tally.get(severity, 0)

    def worst(self) -> Severity | None:
        return max((s for s, n in self.tally.items() if n), default=None)


T = TypeVar("T")


class Replayed(Sequence[T]):
    """A sequence of known length whose items are made again on each pass."""

    def __init__(self, length: int, items: Callable[[], Iterator[T]]) -> None:
        self._length, self._items = length, items

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[T]:
        return self._items()

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        # Reporters index rarely (a slice of the first few); a pass is the price.
        return list(self)[index]

    # Equal to any sequence of the same items, as the tuple it stands for is.
    def __eq__(self, other: object) -> bool:
        return same_items(self, other)

    def __hash__(self) -> int:
        return hash(tuple(self))


def same_items(items: Sequence[object], other: object) -> bool:
    """Whether ``other`` is a sequence (not a string) of the same items in the same order."""
    if not isinstance(other, Sequence) or isinstance(other, str | bytes):
        return NotImplemented
    return len(items) == len(other) and all(a == b for a, b in zip(items, other, strict=True))
