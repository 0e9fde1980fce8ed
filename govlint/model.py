"""Immutable values shared by every part of govlint."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

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


@dataclass(frozen=True)
class InputFailure:
    """An input that could not be linted, with one clear line saying why."""

    file: str
    message: str


@dataclass(frozen=True)
class FileResult:
    file: str
    violations: tuple[Violation, ...]
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
    def violations(self) -> tuple[Violation, ...]:
        return tuple(v for f in self.files for v in f.violations)

    @property
    def suppressed(self) -> int:
        return sum(f.suppressed for f in self.files)

    def count(self, severity: Severity) -> int:
        return sum(1 for v in self.violations if v.severity is severity)

    def worst(self) -> Severity | None:
        return max((v.severity for v in self.violations), default=None)
