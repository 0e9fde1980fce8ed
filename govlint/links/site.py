"""Site pass for dead-link and missing-anchor, after every page has been linted."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from .. import heap, text
from ..findingcap import DEFAULT_MAX_FINDINGS, FindingCap
from ..model import Rule, Severity, Violation
from .external_types import HostStats, UrlResult
from .extract import LinkRef
from .local import FileFact, LocalLookup, anchors_of, fragment_ok, mailto_ok, tel_ok
from .resolve import PagePlace, Target
from .settings import LinkSettings


class Elsewhere(Protocol):
    """Pages another process checked (see sitefork), taken in page order."""

    def take(self, file: str) -> LocalOutcome | None: ...
    def close(self) -> None: ...

DEAD, ANCHOR = "dead-link", "missing-anchor"


@dataclass(frozen=True)
class PageLinks:
    """What the site pass needs from one page; the page's tree is gone by then."""

    file: str
    root: Path | None  # the site root on disk (None for a fetched page)
    real_path: str | None  # the page file's real path (its anchors serve links from other pages)
    place: PagePlace
    # each link with the link rules suppressed at it (a cached page decodes them on first use)
    refs: Sequence[tuple[LinkRef, frozenset[str]]]
    anchors: frozenset[str]
    archived: bool  # the page carries the archive notice ("links may not function")
    levels: Mapping[str, Severity | None]  # active link rules on this page -> severity override


@dataclass(frozen=True)
class LocalOutcome:
    """One page's site-pass results that need no network, with the facts about other files
    they were built from. While every fact still holds, a later run reuses the results
    without resolving the page's links again."""

    files: tuple[tuple[tuple[str, ...], bool, FileFact], ...]  # (path, directory) -> found
    anchors: tuple[tuple[str, str, bool], ...]  # (target page, fragment, found there)
    violations: Sequence[Violation]  # a tuple, or on disk (see SitePass's keep)
    suppressed: int
    external: tuple[tuple[int, str, str | None], ...]  # links that leave the site: (index in
    # PageLinks.refs, URL, fragment)
    left_out: tuple[tuple[str, int], ...] = ()  # (rule, count) past the per-page cap
    # the page cache's form of it, when a forked process made it (see sitefork)
    cache_text: str | None = None


@dataclass
class SiteOutcome:
    # each page's violations, at most max_findings of a rule (see findingcap), while the page
    # may still get more (its external links are checked after every page)
    found: dict[str, FindingCap] = field(default_factory=dict)
    # a finished page's violations, as SitePass's ``keep`` keeps them, and what its cap left out
    finished: dict[str, tuple[Sequence[Violation], dict[str, int]]] = field(default_factory=dict)
    suppressed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    network_down: tuple[int, int] | None = None  # (URLs, hosts) left unchecked
    stats: HostStats | None = None
    notes: list[str] = field(default_factory=list)
    checked_urls: int = 0
    cached_urls: int = 0
    checked: int = 0  # pages whose LocalOutcome was worked out in this run
    reused: int = 0  # pages whose LocalOutcome from an earlier run still held

    def violations(self, file: str) -> Sequence[Violation]:
        """The page's findings of this pass, in report order."""
        done = self.finished.get(file)
        if done is not None:
            return done[0]
        cap = self.found.get(file)
        return cap.in_order() if cap is not None else ()

    def left_out(self, file: str) -> dict[str, int]:
        done = self.finished.get(file)
        if done is not None:
            return done[1]
        cap = self.found.get(file)
        return cap.left_out if cap is not None else {}


@dataclass(frozen=True)
class _Owner:
    """What reporting a link's finding needs of its page; a link waiting for the network
    holds this, not the page's links and anchors."""

    file: str
    archived: bool
    levels: Mapping[str, Severity | None]


@dataclass(frozen=True)
class _Use:
    page: _Owner | PageLinks
    ref: LinkRef
    suppressed: frozenset[str]
    fragment: str | None


class SitePass:
    def __init__(self, rules: Mapping[str, Rule], settings: LinkSettings, *, offline: bool,
                 headers: Mapping[str, Mapping[str, str]],
                 progress: Callable[[int, int], None] | None = None,
                 local: LocalLookup | None = None,
                 max_findings: int = DEFAULT_MAX_FINDINGS,
                 known_url: Callable[[str], UrlResult | None] | None = None,
                 resolver: object | None = None,
                 keep: Callable[[Sequence[Violation]], Sequence[Violation]] = tuple,
                 on_local: Callable[[str, LocalOutcome], None] | None = None) -> None:
        """``known_url``: the outcome of a URL already fetched (a crawl's own responses), which
        is then neither checked again nor cached; ``resolver``: an aiohttp resolver for the
        external checks (a crawl's --resolve map), the address guard still applied after it;
        ``keep``: what a page's violations become once they are final (the run's result
        store writes them to disk, so a site's dead links are not all held at once);
        ``on_local``: told each page's LocalOutcome as soon as it is made (the page cache
        stores it), which is then let go: a page's facts are as many as its links."""
        self.rules = rules
        self.keep = keep
        self.on_local = on_local
        self.known_url = known_url
        self.resolver = resolver
        self.settings = settings
        self.offline = offline
        self.headers = headers
        self.progress = progress
        self.outcome = SiteOutcome()
        self.max_findings = max_findings
        self.local = local or LocalLookup(settings.clean_urls)
        self._anchor_memo: dict[str, frozenset[str]] = {}
        self._exclude = [re.compile(p) for p in settings.exclude_urls]
        self._remap = [(re.compile(p), replacement) for p, replacement in settings.remap]
        # Facts the current page's local results rest on (see LocalOutcome).
        self._files: dict[tuple[tuple[str, ...], bool], FileFact] = {}
        self._fragments: dict[tuple[str, str], bool] = {}
        # Files as they are now, by (root, path, directory), for checking earlier results.
        self._facts_now: dict[tuple[str, tuple[str, ...], bool], FileFact] = {}

    def run(self, pages: Iterable[PageLinks], known: Mapping[str, LocalOutcome] | None = None, *,
            elsewhere: Callable[[SitePass, list[PageLinks]], Elsewhere | None] | None = None) -> SiteOutcome:
        """``known``: LocalOutcomes from an earlier run, by file; reused where they still hold.
        ``elsewhere``: has the pages with no earlier outcome checked by other processes (see
        sitefork), or says no (None)."""
        pages = list(pages)
        known = known or {}
        self._anchor_memo = {p.real_path: p.anchors for p in pages if p.real_path}
        external: dict[str, list[_Use]] = defaultdict(list)
        # Each of a site's 100,000 findings is a new long-lived object: the collections they
        # set off walked every page's links again and again (a quarter of the pass).
        with heap.paused():
            checked = None
            if elsewhere is not None:
                checked = elsewhere(self, [p for p in pages if p.file not in known])
            try:
                self._check_local(pages, known, external, checked)
            finally:
                if checked is not None:
                    checked.close()
        if external:
            self._check_external(external)
        for file in list(self.outcome.found):
            self._finish(file)
        return self.outcome

    def _check_local(self, pages: Sequence[PageLinks], known: Mapping[str, LocalOutcome],
                     external: dict[str, list[_Use]], checked: Elsewhere | None = None) -> None:
        """Each page's links that need no network, and its links that leave the site into
        ``external``; ``checked``: pages another process checked as this one would."""
        out = self.outcome
        for page in pages:
            before = known.get(page.file)
            local = None
            refs: Sequence[tuple[LinkRef, frozenset[str]]] | None = None
            if before is not None and self._holds(page, before):
                # kept as they are: capped and in report order already, as when they were made
                out.reused += 1
                out.suppressed[page.file] += before.suppressed
                out.finished[page.file] = (self.keep(before.violations), dict(before.left_out))
                leaving = before.external
            elif checked is not None and (elsewhere := checked.take(page.file)) is not None:
                local = self._adopt(page.file, elsewhere)
                leaving = local.external
            else:
                refs = tuple(page.refs)  # read once (they may be on disk), whatever the number of uses
                local = self._check_page(page, refs)
                leaving = local.external
            answered, wanted = self._sort_leaving(leaving)
            if not (answered or wanted):
                self._finish(page.file, local)
                continue
            if refs is None:
                refs = tuple(page.refs)
            # A URL the run fetched already (a crawl's pages) is answered now, so a page waits
            # only for the network: a crawl's site pass holds no page for its links between pages.
            for index, url, result, fragment in answered:
                ref, suppressed = refs[index]
                self._report_external(_Use(page, ref, suppressed, fragment), url, result)
            # Its findings so far are final too (kept on disk); those of the links checked
            # later are added to them then.
            self._finish(page.file, None if answered else local)
            owner = _Owner(page.file, page.archived, page.levels)
            for index, url, fragment in wanted:
                ref, suppressed = refs[index]
                external[url].append(_Use(owner, ref, suppressed, fragment))

    def _sort_leaving(self, leaving: Iterable[tuple[int, str, str | None]]) -> tuple[
            list[tuple[int, str, UrlResult, str | None]], list[tuple[int, str, str | None]]]:
        """A page's links that leave it: those the run already has an answer for (with it),
        and those to check on the network."""
        answered: list[tuple[int, str, UrlResult, str | None]] = []
        wanted: list[tuple[int, str, str | None]] = []
        for index, url, fragment in leaving:
            known = self.known_url(url) if self.known_url is not None else None
            if known is not None:  # fetched already, so checking it costs nothing (or left alone)
                if known.outcome != "skipped":
                    answered.append((index, url, known, fragment))
            elif self._wants_external(url):
                wanted.append((index, url, fragment))
        return answered, wanted

    def _finish(self, file: str, local: LocalOutcome | None = None) -> None:
        """A page's violations are final: kept as ``keep`` keeps them, its cap let go.
        ``local``: its LocalOutcome of this run, when nothing was found since, which holds
        them already."""
        cap = self.outcome.found.pop(file, None)
        if cap is None:
            return
        kept = local.violations if local is not None else self.keep(cap.in_order())
        self.outcome.finished[file] = (kept, cap.left_out)

    def _check_page(self, page: PageLinks, refs: Sequence[tuple[LinkRef, frozenset[str]]]) -> LocalOutcome:
        """Check a page's links that need no network, and note what that rested on and its
        links that leave the site."""
        self._files, self._fragments = {}, {}
        leaving = []
        classify = self.local.targets.at(page.place)
        for index, (ref, suppressed) in enumerate(refs):
            url = self._remapped(ref.url)
            target = classify(url)
            if target.kind == "external":
                leaving.append((index, target.url, target.fragment))
            elif not (self._exclude and any(p.search(url) for p in self._exclude)):  # exclude_urls too
                self._check_here(page, ref, suppressed, target)
        # in report order: kept on disk so, they join the page's own unread (model.with_extra)
        violations = self._cap(page.file).in_order()
        local = LocalOutcome(
            files=tuple((path, directory, found) for (path, directory), found in self._files.items()),
            anchors=tuple((html, fragment, ok) for (html, fragment), ok in self._fragments.items()),
            violations=violations,
            suppressed=self.outcome.suppressed.get(page.file, 0), external=tuple(leaving),
            left_out=tuple(sorted(self._cap(page.file).left_out.items())))
        return self._checked(page.file, local)

    def _adopt(self, file: str, local: LocalOutcome) -> LocalOutcome:
        """A page another process checked: its results become this pass's, as _check_page's
        would (its findings final until something else is found on the page)."""
        self.outcome.suppressed[file] += local.suppressed
        local = self._checked(file, local)
        self.outcome.finished[file] = (local.violations, dict(local.left_out))
        return local

    def _checked(self, file: str, local: LocalOutcome) -> LocalOutcome:
        """A page's local results are made: the page cache is told them (with the violations
        still in hand, not read back), then they are kept as ``keep`` keeps them."""
        self.outcome.checked += 1
        if self.on_local is not None:
            self.on_local(file, local)
        return replace(local, violations=self.keep(local.violations), cache_text=None)

    def _cap(self, file: str) -> FindingCap:
        """The page's cap; a page already finished that gets more findings (its links checked
        on the network) has its kept findings and what they left out put back in it."""
        cap = self.outcome.found.get(file)
        if cap is None:
            cap = self.outcome.found[file] = FindingCap(self.max_findings)
            done = self.outcome.finished.pop(file, None)
            if done is not None:
                for violation in done[0]:
                    cap.add(violation)
                cap.count_left_out(done[1])
        return cap

    def _remapped(self, url: str) -> str:
        for pattern, replacement in self._remap:
            if pattern.search(url):
                return pattern.sub(replacement, url, count=1)
        return url

    def _holds(self, page: PageLinks, before: LocalOutcome) -> bool:
        """Every file and anchor the earlier results rested on is as it was."""
        if page.root is None:
            return not before.files and not before.anchors
        root = page.root
        at = str(root)
        facts = self._facts_now
        for path, directory, found in before.files:
            # a site's pages rest on the same few files: each one's fact is made once a run
            now = facts.get((at, path, directory))
            if now is None:
                target = Target("local", path, directory)
                now = facts[at, path, directory] = self.local.find(root, target).fact()
            if now != found:
                return False
        memo = self._anchor_memo
        for html, fragment, ok in before.anchors:
            anchors = memo.get(html)
            if fragment_ok(fragment, self._anchors(Path(html)) if anchors is None else anchors) != ok:
                return False
        return True

    # --- local -----------------------------------------------------------------------

    def _check_here(self, page: PageLinks, ref: LinkRef, suppressed: frozenset[str], target: Target) -> None:
        report = self._reporter(page, ref, suppressed)
        kind = target.kind
        if kind == "mailto" and not mailto_ok(target.url):
            report(DEAD, "bad-mailto", url=ref.url)
        elif kind == "tel" and not tel_ok(target.url):
            report(DEAD, "bad-tel", url=ref.url)
        elif kind == "escape":
            report(DEAD, "outside-root", url=ref.url)
        elif kind == "invalid":
            report(DEAD, "invalid-url", url=ref.url, reason=target.reason)
        elif kind == "self":
            if target.fragment is not None and not fragment_ok(target.fragment, page.anchors):
                report(ANCHOR, "missing", fragment=target.fragment, target="this page")
        elif kind == "local" and page.root is not None:
            found = self.local.find(page.root, target)
            place = target.path, target.directory
            if place not in self._files:  # a page links the same file many times
                self._files[place] = found.fact()
            if found.outside:
                report(DEAD, "outside-root", url=ref.url)
            elif not found.exists:
                looked_for = f" (looked for {found.tried})" if found.tried != ref.url.split("#")[0] else ""
                report(DEAD, "missing-file", url=ref.url, looked_for=looked_for)
            elif target.fragment is not None and found.html is not None:
                ok = self._fragments[str(found.html), target.fragment] = fragment_ok(
                    target.fragment, self._anchors(found.html))
                if not ok:
                    report(ANCHOR, "missing", fragment=target.fragment, target=found.tried)

    def _anchors(self, path: Path) -> frozenset[str]:
        key = str(path)
        if key not in self._anchor_memo:
            try:
                self._anchor_memo[key] = anchors_of(path.read_bytes())
            except OSError:
                self._anchor_memo[key] = frozenset()
        return self._anchor_memo[key]

    # --- external --------------------------------------------------------------------

    def _wants_external(self, url: str) -> bool:
        """A URL no earlier answer covers is checked, unless the run is offline or excludes it."""
        if self.offline or not self.settings.check_external:
            return False
        return not any(p.search(url) for p in self._exclude)

    def _check_external(self, external: Mapping[str, list[_Use]]) -> None:
        s = self.settings
        need = {url: s.check_external_fragments and any(
            u.fragment is not None and not fragment_ok(u.fragment, frozenset()) for u in uses)
            for url, uses in external.items()}
        from .cache import LinkCache  # SQLite is imported only when external URLs are checked

        cache = LinkCache(s.cache_dir, s.max_cache_age)
        if cache.problem:
            self.outcome.notes.append(cache.problem)
        results: dict[str, UrlResult] = {}
        to_check: dict[str, bool] = {}
        for url, anchors_needed in need.items():
            hit = cache.get(url, anchors_needed)
            if hit is not None:
                results[url] = UrlResult(url, "ok", hit.status, anchors=hit.anchors, cached=True)
            else:
                to_check[url] = anchors_needed
        from .external import Checker  # aiohttp is imported only when URLs are checked

        checker = Checker(s, self.headers, self.progress, resolver=self.resolver)  # type: ignore[arg-type]
        fresh = checker.run(to_check)
        results.update(fresh)
        self.outcome.stats = checker.stats
        if checker.unfinished:
            self.outcome.notes.append(
                f"{checker.unfinished} of {len(to_check)} external URLs were not checked before the "
                f"link-check time limit ({s.max_check_time:g} s; --max-check-time, "
                "[links] max_check_time) and are reported as not verified")
        self.outcome.checked_urls = len(fresh)
        self.outcome.cached_urls = len(results) - len(fresh)
        if self._network_down(fresh):
            hosts = {urlsplit(u).netloc for u in fresh}
            self.outcome.network_down = (len(fresh), len(hosts))
            fresh_failed = set(fresh)
        else:
            fresh_failed = set()
        cache.put_many((r.url, r.status or 200, r.anchors) for r in fresh.values()
                       if r.outcome == "ok" and not r.truncated)
        if cache.problem and cache.problem not in self.outcome.notes:
            self.outcome.notes.append(cache.problem)
        cache.close()
        # Page by page, so that one page at a time has its findings back in memory.
        by_page: dict[str, list[tuple[_Use, str]]] = defaultdict(list)
        for url, uses in external.items():
            if url not in fresh_failed:
                for use in uses:
                    by_page[use.page.file].append((use, url))
        for file, page_uses in by_page.items():
            for use, url in page_uses:
                self._report_external(use, url, results[url])
            self._finish(file)

    @staticmethod
    def _network_down(fresh: Mapping[str, UrlResult]) -> bool:
        """Every host failed to resolve or connect: the network, not the links, is down.
        One failing host alone is a dead link, not an outage."""
        if not fresh or not all(r.connect_failure for r in fresh.values()):
            return False
        return len({urlsplit(u).netloc for u in fresh}) >= 2

    def _report_external(self, use: _Use, url: str, result: UrlResult) -> None:
        report = self._reporter(use.page, use.ref, use.suppressed)
        chain = f" (redirected: {' -> '.join(result.redirects)})" if result.redirects else ""
        if result.outcome == "ok":
            if (use.fragment is not None and result.anchors is not None
                    and not fragment_ok(use.fragment, result.anchors)):
                if result.truncated:
                    report(ANCHOR, "too-long-external", fragment=use.fragment, url=url,
                           limit=f"{self.settings.max_body_size:,} bytes")
                else:
                    report(ANCHOR, "missing-external", fragment=use.fragment, url=url)
        elif result.outcome == "dead":
            code = "archived-external" if use.page.archived else "external"
            report(DEAD, code, url=use.ref.url, reason=result.reason, chain=chain,
                   archived=use.page.archived)
        elif result.outcome == "unverified":
            report(DEAD, "unverified", url=use.ref.url, reason=result.reason, chain=chain)
        else:
            report(DEAD, "not-checked", url=use.ref.url, reason=result.reason)

    # --- violations ------------------------------------------------------------------

    def _reporter(self, page: _Owner | PageLinks, ref: LinkRef,
                  suppressed: frozenset[str]) -> Callable[..., None]:
        def report(rule_id: str, code: str, archived: bool = False, **args: str) -> None:
            if rule_id not in page.levels or rule_id not in self.rules:
                return
            if rule_id in suppressed:
                self.outcome.suppressed[page.file] += 1 + ref.repeats
                return
            rule = self.rules[rule_id]
            message = rule.messages[code]
            severity = page.levels[rule_id] or message.severity or rule.severity
            if archived and page.levels[rule_id] is None:
                severity = Severity.parse(str(rule.options.get("archived_severity", "warning")))
            cap = self._cap(page.file)
            if ref.repeats:  # the same finding at links only counted (see _page_links)
                cap.count_left_out({rule_id: ref.repeats})
            if not cap.wanted(rule_id, severity):
                return
            cap.add(Violation(
                rule=rule_id, severity=severity, message=text.fill(message.text, args),
                file=page.file, line=ref.line, column=ref.column, selector=ref.selector,
                snippet=ref.snippet, help_url=rule.docs.help_url, tags=rule.message_tags[code],
            ))
        return report

