"""Run the rules on one parsed page: check -> message -> suppression filter -> Violation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from . import applicability, conformance, heap, suppressions, text
from .checks import CheckContext, Finding, archive
from .checks.catalog import registry
from .config import Config
from .consistency import facts as consistency
from .document import Document
from .federal import facts, pages
from .findingcap import FindingCap, merge_left_out
from .links import extract
from .links.local import LocalLookup, PagePlace
from .links.site import PageLinks
from .links.targets import Targets
from .model import FileResult, Rule, Severity, Violation


@dataclass(frozen=True)
class RunOptions:
    verbose: bool = False
    today: date | None = None


@dataclass(frozen=True)
class LinkContext:
    """Where a page sits, for the site pass that checks its links."""

    root: Path | None  # the site root on disk (None for a fetched page)
    real_path: str | None  # the page file's real path
    place: PagePlace
    local: LocalLookup | None = None  # shared by the pages one process lints; None: drop nothing early
    # Whether external URLs will be checked; when not (offline, check_external off), links that
    # leave the site are dropped here and never pay for a position, a path and a snippet.
    external: bool = True


def lint_document(doc: Document, config: Config, names: Mapping[str, str], rel_path: str,
                  options: RunOptions = RunOptions()) -> FileResult:
    """``names`` maps every rule id and alias to its id (for directives)."""
    return lint_page(doc, config, names, rel_path, options)[0]


def lint_page(doc: Document, config: Config, names: Mapping[str, str], rel_path: str,
              options: RunOptions = RunOptions(),
              links: LinkContext | None = None) -> tuple[FileResult, PageLinks | None]:
    """Page rules on one tree, plus the facts the site pass needs for link rules."""
    # A page of 100,000 elements makes hundreds of thousands of long-lived small objects; the
    # collections they set off grew the cost of a page faster than its size (18x the time for
    # 10x the images).
    with heap.paused():
        return _lint_page(doc, config, names, rel_path, options, links)


def _lint_page(doc: Document, config: Config, names: Mapping[str, str], rel_path: str,
               options: RunOptions, links: LinkContext | None) -> tuple[FileResult, PageLinks | None]:
    ctx = CheckContext(site=config.site, archive=config.archive,
                       today=options.today or date.today(), rule_ids=frozenset(names))
    checks = registry()
    directives = suppressions.parse(doc, names)
    suppressor = suppressions.Suppressor.build(doc, directives)
    plan = config.plan(rel_path)
    kept = FindingCap(config.limits.max_findings)
    suppressed = 0
    found: set[str] = set()  # rules with a finding here, suppressed or not
    for rule, level in plan:
        if checks[rule.check].site:
            continue
        for finding in checks[rule.check].func(doc, ctx, **rule.options):
            found.add(rule.id)
            if rule.reported is not None and finding.code not in rule.reported:
                continue  # a message the selection by tag left out
            message = rule.messages[finding.code]
            if message.verbose_only and not options.verbose:
                continue
            offset = finding.offset if finding.offset is not None else doc.offset(finding.element)
            if suppressor.suppressed(rule.id, finding.element, offset):
                suppressed += 1
                continue
            severity = level or message.severity or rule.severity
            if kept.wanted(rule.id, severity):
                kept.add(_violation(doc, rule, finding, message.text, severity, offset))
    violations = kept.in_order()
    page_facts = facts.collect(doc, ctx, plan, checks, suppressor)  # None unless the federal pack runs
    repeated = consistency.collect(doc, plan, suppressor, lambda: pages.is_home(doc, ctx))
    index = applicability.PageIndex(doc)
    applied = frozenset(rule.id for rule, _ in plan if conformance.criteria_of(rule.all_tags) and (
        rule.id in found or index.applies(rule.applies)))
    result = FileResult(doc.info.path, violations, suppressed, page_facts, applied,
                        repeated=repeated, left_out=merge_left_out(kept.left_out))
    site_levels = {rule.id: level for rule, level in plan
                   if checks[rule.check].site and not checks[rule.check].from_facts}
    if links is None or not site_levels:
        return result, None
    return result, _page_links(doc, config, links, site_levels, suppressor)


def _page_links(doc: Document, config: Config, links: LinkContext,
                levels: Mapping[str, Severity | None], suppressor: suppressions.Suppressor) -> PageLinks:
    base_href, raw_links = extract.scan(doc)
    place = replace(links.place, base_href=base_href)
    anchors = extract.page_anchors(doc)
    refs: list[tuple[extract.LinkRef, frozenset[str]]] = []
    # Links with the same URL and suppressions get the same findings: past max_findings of
    # them, the rest are counted on the group's last kept link, never given a path or snippet.
    groups: dict[tuple[str, frozenset[str]], list[int]] = {}  # -> [links seen, index of the last kept]
    cap = config.limits.max_findings
    classify = (links.local.targets if links.local is not None else Targets()).at(place)
    for element, attr, url in raw_links:
        target = classify(url)
        if not links.external and target.kind == "external":
            continue
        if links.local is not None and links.local.fine(target, anchors, links.root):
            continue  # only links that may be reported need a position, a path and a snippet
        offset = doc.offset(element)
        hidden = frozenset(r for r in levels if suppressor.suppressed(r, element, offset)) if (
            suppressor.active) else frozenset()
        group = groups.setdefault((url, hidden), [0, -1])
        group[0] += 1
        if group[0] > cap:
            continue
        group[1] = len(refs)
        refs.append((extract.link_ref(doc, element, attr, url), hidden))
    for seen, last in groups.values():
        if seen > cap:
            ref, hidden = refs[last]
            refs[last] = (replace(ref, repeats=seen - cap), hidden)
    refs.sort(key=lambda pair: pair[0].offset)
    archived = archive.shows_notice(doc, config.rules)
    return PageLinks(file=doc.info.path, root=links.root, real_path=links.real_path, place=place,
                     refs=tuple(refs), anchors=anchors, archived=archived, levels=levels)


def _violation(doc: Document, rule: Rule, finding: Finding, template: str, severity: Severity,
               offset: int) -> Violation:
    line, column = doc.offset_linecol(offset)
    element: Any = finding.element
    if element is not None:
        selector, snippet = doc.selector(element), doc.snippet(element)
    else:
        end = doc.source.find("-->", offset)
        snippet = doc.source[offset: end + 3 if end != -1 else offset + 80]
        selector = ""
    message = text.fill(template, finding.args)
    if element is not None and doc.built_by_script(element):
        message += " (built by a script)"
    return Violation(
        rule=rule.id,
        severity=severity,
        message=message,
        file=doc.info.path,
        line=line,
        column=column,
        selector=selector,
        snippet=snippet[:160],
        help_url=rule.docs.help_url,
        tags=rule.message_tags[finding.code],
    )
