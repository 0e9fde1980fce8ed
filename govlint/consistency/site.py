"""The site pass of the consistency rules: what repeats across the pages, and where it differs.

Repetition is measured, never assumed. Landmarks (header, navigation, footer) belong to one
template when their link targets mostly agree; a template is repeated when it is found on at
least ``min_pages`` pages (an option of each rule, 3 by default), and so is a link target,
search control or help mechanism within it. A page is compared only with what most pages of
the template agree on, and only an outlier is reported: an order or a name that at least
``min_pages`` pages share is a variant of the template (a section's own navigation), not an
inconsistency. A run of fewer pages finds nothing, and so does a site built from consistent
templates.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations

from .. import text
from ..model import FileResult, Found, Rule, Violation
from .values import Item, Judgement, Repeated

NAVIGATION, IDENTIFICATION, HELP, WAYS = ("consistent-navigation", "consistent-identification",
                                          "consistent-help", "multiple-ways")
_MIN_LINKS = 3  # links a landmark needs to be recognised as a template's
_SIMILAR = 0.6  # the share of their link targets two landmarks of one template have in common
_CURRENT = re.compile(r"\(?\s*\b(?:current(?: page| section)?|you are here|selected)\b\s*\)?")
_WAY_NAMES = {"navigation": "navigation menus", "search": "a site search", "sitemap": "a site map",
              "related": "related links", "home": "links from the home page to every page"}


@dataclass(frozen=True)
class _Hit:
    rule: str
    file: str
    item: Item
    args: Mapping[str, object]


def without_repeated(result: FileResult) -> FileResult:
    """A page's result once this pass is done with what it repeats: nothing reads it after
    this pass, and a big site's would fill the report."""
    return replace(result, repeated=None) if result.repeated is not None else result


def find(results: Sequence[FileResult], rules: Mapping[str, Rule]
         ) -> tuple[list[Found | None], tuple[Judgement, ...]]:
    """Each page's consistency findings (None: none), read from what the pages repeat alone
    (nothing is written: a forked process may find them), and what each rule compared."""
    pages = [(r.file, r.repeated) for r in results if r.repeated is not None and r.repeated.levels]
    enabled = sorted({rule_id for _, facts in pages for rule_id in facts.levels})
    if len(pages) < 2:
        return [None] * len(results), tuple(
            Judgement(rule_id, len(pages), 0, "one page: nothing to compare it with") for rule_id in enabled)
    # the templates and the sets of pages, found once for each min_pages the rules ask
    found: dict[int, tuple[_Templates, list[Pages]]] = {}

    def templates(rule_id: str) -> tuple[int, _Templates, list[Pages]]:
        min_pages = _min_pages(rules[rule_id])
        if min_pages not in found:
            repeated = _templates(pages, min_pages)
            found[min_pages] = repeated, _sets(pages, repeated)
        return min_pages, *found[min_pages]

    hits: list[_Hit] = []
    judged: list[Judgement] = []
    for rule_id, judge in ((NAVIGATION, _navigation), (IDENTIFICATION, _identification), (HELP, _help),
                           (WAYS, _ways)):
        if rule_id not in enabled:
            continue
        min_pages, found_templates, sets = templates(rule_id)
        compared: set[Hashable] = set()
        # 2.4.5 is about the site; the others compare each page with the pages of its set
        for group in [pages] if rule_id == WAYS else sets:
            verdict = judge(group, min_pages, found_templates)
            hits += verdict.hits
            compared |= verdict.compared
        basis = f"{len(pages)} pages: it is judged across {min_pages} or more" if (
            not compared and len(pages) < min_pages) else verdict.basis if rule_id == WAYS else _basis(
            len(compared), *_SAID[rule_id], min_pages)
        judged.append(Judgement(rule_id, len(pages), len(compared), basis))
    if not hits:
        return [None] * len(results), tuple(judged)
    by_file: dict[str, list[_Hit]] = defaultdict(list)
    for hit in hits:
        by_file[hit.file].append(hit)
    return [_found(result, by_file.get(result.file, ()), rules) for result in results], tuple(judged)


@dataclass(frozen=True)
class _Verdict:
    hits: list[_Hit]
    compared: frozenset[Hashable]  # what was compared: blocks, targets, help mechanisms (the site, for 2.4.5)
    basis: str = ""  # what 2.4.5 found; the other rules' is said from what they compared (_SAID)


# What a rule compared, in a few words, and what it says when nothing repeats.
_SAID = {NAVIGATION: ("compared the order of links in {} blocks repeated",
                      "no header, navigation or footer links repeat"),
         IDENTIFICATION: ("compared the names of {} links and search controls repeated",
                          "no named link or search control repeats"),
         HELP: ("compared the place of {} help mechanisms repeated",
                "no help mechanism (contact, help, chat, phone, e-mail) repeats")}


def _basis(compared: int, done: str, none: str, min_pages: int) -> str:
    """What a rule compared ("compared the order of 2 repeated link blocks"), or that nothing
    repeats ("no help mechanism repeats"), on min_pages or more pages."""
    return f"{done.format(compared) if compared else none} on {min_pages} or more pages"


def _min_pages(rule: Rule) -> int:
    return int(rule.options.get("min_pages", 3))


def _found(result: FileResult, hits: Iterable[_Hit], rules: Mapping[str, Rule]) -> Found | None:
    facts = result.repeated
    if facts is None:
        return None
    extra: list[Violation] = []
    suppressed = 0
    for hit in hits:
        if hit.rule not in facts.levels:
            continue
        if hit.rule in hit.item.hidden:
            suppressed += 1
            continue
        rule = rules[hit.rule]
        code = str(hit.args["code"])
        message = rule.messages[code]
        item = hit.item
        extra.append(Violation(
            rule=rule.id, severity=facts.levels[rule.id] or message.severity or rule.severity,
            message=text.fill(message.text, hit.args), file=result.file, line=item.line,
            column=item.column, selector=item.selector, snippet=item.snippet,
            help_url=rule.docs.help_url, tags=rule.tags))
    return Found(tuple(extra), suppressed) if extra or suppressed else None


def _first(items: Iterable[Item]) -> dict[str, Item]:
    """Each key's first item, in page order."""
    out: dict[str, Item] = {}
    for item in items:
        out.setdefault(item.key, item)
    return out


def _is_link(item: Item) -> bool:
    return not item.key.startswith(("help:", "search:"))


Pages = list[tuple[str, Repeated]]


@dataclass(frozen=True)
class _Templates:
    """The landmarks that repeat: each page's landmark (file, block) -> its template's number,
    for templates found on at least ``min_pages`` pages, with their kind of region."""

    of: Mapping[tuple[str, int], int]
    region: Mapping[int, str]
    pages: Mapping[int, int]


def _templates(pages: Pages, min_pages: int) -> _Templates:
    """Landmarks are the same template's when their link targets mostly agree (Jaccard index of
    at least _SIMILAR, so a link added or dropped, or a current-page marker, keeps them
    together), found through the targets they share. Landmarks of fewer than _MIN_LINKS links
    say too little to be told apart (a lone home link is in every header), and so do not count."""
    signature_of: dict[tuple[str, int], int] = {}
    signatures: dict[tuple[str, frozenset[str]], int] = {}
    for file, facts in pages:
        targets: dict[int, set[str]] = defaultdict(set)
        regions: dict[int, str] = {}
        for item in facts.items:
            if item.block >= 0 and _is_link(item):
                targets[item.block].add(item.key)
                regions[item.block] = item.region
        for block, keys in targets.items():
            if len(keys) >= _MIN_LINKS:
                signature = (regions[block], frozenset(keys))
                signature_of[file, block] = signatures.setdefault(signature, len(signatures))
    joined = _Joined(len(signatures))
    for a, b in _similar(list(signatures)):
        joined.join(a, b)
    root = joined.root
    region_of = {number: region for (region, _), number in signatures.items()}
    members: dict[int, set[str]] = defaultdict(set)
    for (file, _), number in signature_of.items():
        members[root(number)].add(file)
    kept = {template for template, files in members.items() if len(files) >= min_pages}
    return _Templates(
        of={where: root(n) for where, n in signature_of.items() if root(n) in kept},
        region={t: region_of[t] for t in kept}, pages={t: len(members[t]) for t in kept})


def _similar(signatures: Sequence[tuple[str, frozenset[str]]]) -> Iterator[tuple[int, int]]:
    """The pairs (by their place in ``signatures``) of one region whose link targets have a
    Jaccard index of at least _SIMILAR. Only pairs that share one of their rarest targets are
    compared (prefix filtering: two sets with an index of at least t share, of the targets
    they hold ordered rarest first, one among the first |A| - t|A| + 1 of either), so a target
    every page links to (a site's index) no longer pairs every landmark with every other."""
    frequency: Counter[tuple[str, str]] = Counter()
    for region, keys in signatures:
        frequency.update((region, key) for key in keys)
    rarest_first = sorted(frequency, key=lambda token: (frequency[token], token))
    rank = {token: n for n, token in enumerate(rarest_first)}
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for number, (region, keys) in enumerate(signatures):
        tokens = sorted(((region, key) for key in keys), key=rank.__getitem__)
        # int() rounds down, so the prefix is never shorter than the bound asks
        prefix = tokens[:len(tokens) - max(1, int(_SIMILAR * len(tokens))) + 1]
        candidates: set[int] = set()
        for token in prefix:
            candidates.update(index[token])
            index[token].append(number)
        for other in sorted(candidates):
            common = len(keys & signatures[other][1])
            if common / (len(keys) + len(signatures[other][1]) - common) >= _SIMILAR:
                yield other, number


def _sets(pages: Pages, templates: _Templates) -> list[Pages]:
    """The sets of pages (WCAG's "set of web pages") compared apart: the pages of one version
    of their templates. A landmark's version is the targets it links to. Two versions of a
    template are one where one holds the other (a page adds a link, or leaves one out, as a
    section's menu does) and two where each links where the other does not: the template was
    revised, as between captures of a site made years apart, and its two versions are two
    sets, each consistent or not on its own. Pages are of one set when they share a template
    and hold one version of each template they share; pages that repeat no template are a
    set of their own. Sets keep the pages' order."""
    held: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for file, facts in pages:
        for item in facts.items:
            template = templates.of.get((file, item.block))
            if template is not None and _is_link(item):
                held[template][file].add(item.key)
    versions: dict[str, dict[int, int]] = defaultdict(dict)  # page -> template -> its version there
    for template, by_page in held.items():
        version = _versions({frozenset(keys) for keys in by_page.values()})
        for file, keys in by_page.items():
            versions[file][template] = version[frozenset(keys)]
    kinds = list(dict.fromkeys(frozenset(held.items()) for held in versions.values()))
    joined = _Joined(len(kinds))
    # Two kinds that hold the same templates differ in a version: only kinds holding different
    # templates can agree where they meet, found by what they hold of the templates both sets
    # of kinds hold.
    by_held: dict[frozenset[int], list[int]] = defaultdict(list)
    for n, kind in enumerate(kinds):
        by_held[frozenset(template for template, _ in kind)].append(n)
    for (first, ones), (second, others) in combinations(by_held.items(), 2):
        shared = first & second
        if not shared:
            continue
        meeting: dict[frozenset[tuple[int, int]], list[int]] = defaultdict(list)
        for n in ones:
            meeting[frozenset(pair for pair in kinds[n] if pair[0] in shared)].append(n)
        for n in others:
            agreeing = meeting.get(frozenset(pair for pair in kinds[n] if pair[0] in shared), [])
            for other in agreeing:
                joined.join(other, n)
            del agreeing[1:]  # joined now: the first stands for them all
    number = {kind: n for n, kind in enumerate(kinds)}
    sets: dict[int, Pages] = {}
    for file, facts in pages:
        mine = versions.get(file)
        group = joined.root(number[frozenset(mine.items())]) if mine else -1
        sets.setdefault(group, []).append((file, facts))
    return list(sets.values())


def _versions(variants: set[frozenset[str]]) -> dict[frozenset[str], int]:
    """The versions of one template: its landmarks' sets of targets, joined where one holds
    the other, numbered. A set that holds another holds its rarest target, so only the sets
    holding it are tried."""
    ordered = sorted(variants, key=lambda keys: (len(keys), sorted(keys)))
    holding: dict[str, list[int]] = defaultdict(list)
    for n, keys in enumerate(ordered):
        for key in keys:
            holding[key].append(n)
    joined = _Joined(len(ordered))
    for n, keys in enumerate(ordered):
        rarest = min(keys, key=lambda key: (len(holding[key]), key))
        for other in holding[rarest]:
            if other != n and keys <= ordered[other]:
                joined.join(n, other)
    return {keys: joined.root(n) for n, keys in enumerate(ordered)}


class _Joined:
    """Union-find over 0..n-1: which numbers have been joined, each group known by a root."""

    def __init__(self, size: int) -> None:
        self._parent = list(range(size))

    def root(self, n: int) -> int:
        parent = self._parent
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def join(self, a: int, b: int) -> None:
        self._parent[self.root(a)] = self.root(b)


def _reference(sequences: Mapping[str, tuple[str, ...]]) -> tuple[tuple[str, ...], list[str]] | None:
    """The order most pages share (at least two, more than any other order), and its pages."""
    counts = Counter(seq for seq in sequences.values() if len(seq) >= 2)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
    best, count = ranked[0]
    if count < 2 or (len(ranked) > 1 and ranked[1][1] == count):
        return None
    return best, sorted(f for f, seq in sequences.items() if seq == best)


def _in_order(indexes: Sequence[int]) -> set[int]:
    """Positions (into ``indexes``) of one longest increasing run: what stays in place."""
    tails: list[int] = []  # the smallest tail value of a run of each length
    tail_at: list[int] = []
    before = [-1] * len(indexes)
    for at, value in enumerate(indexes):
        length = bisect.bisect_left(tails, value)
        if length == len(tails):
            tails.append(value)
            tail_at.append(at)
        else:
            tails[length], tail_at[length] = value, at
        before[at] = tail_at[length - 1] if length else -1
    kept: set[int] = set()
    at = tail_at[-1] if tail_at else -1
    while at >= 0:
        kept.add(at)
        at = before[at]
    return kept


def _in_templates(pages: Pages, templates: _Templates) -> dict[int, dict[str, list[Item]]]:
    """Template -> page -> its items in that template's landmarks, in page order."""
    out: dict[int, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
    for file, facts in pages:
        for item in facts.items:
            template = templates.of.get((file, item.block))
            if template is not None:
                out[template][file].append(item)
    return out


def _navigation(pages: Pages, min_pages: int, templates: _Templates) -> _Verdict:
    """3.2.3: repeated navigation keeps the relative order of its links."""
    hits = []
    compared = set()
    for template, by_page in _in_templates(pages, templates).items():
        firsts = {file: _first(i for i in items if _is_link(i)) for file, items in by_page.items()}
        seen = Counter(key for items in firsts.values() for key in items)
        repeated = {key for key, n in seen.items() if n >= min_pages}
        sequences = {file: tuple(k for k in items if k in repeated) for file, items in firsts.items()}
        found = _reference(sequences)
        if found is None:
            continue
        compared.add(template)
        order, agreeing = found
        place = {key: n for n, key in enumerate(order)}
        variants = Counter(sequences.values())
        for file, seq in sequences.items():
            if variants[seq] >= min_pages:  # an order many pages share is a template of its own
                continue
            common = [k for k in seq if k in place]
            indexes = [place[k] for k in common]
            kept = _in_order(indexes)
            moved = next((n for n in range(len(common)) if n not in kept), None)
            if moved is None or _fits(by_page[file], place):
                continue
            key = common[moved]
            later = next((common[n] for n in range(moved) if indexes[n] > place[key]), None)
            relation, neighbour = ("before", later) if later is not None else (
                "after", next(common[n] for n in range(moved + 1, len(common)) if indexes[n] < place[key]))
            item = firsts[file][key]
            hits.append(_Hit(NAVIGATION, file, item, {
                "code": "order", "name": _shown(item), "region": templates.region[template],
                "relation": relation, "neighbour": _shown(firsts[file][neighbour]),
                "count": len(agreeing), "other": agreeing[0]}))
    return _Verdict(hits, frozenset(compared))


def _fits(items: Sequence[Item], place: Mapping[str, int]) -> bool:
    """Whether some occurrence of each repeated link keeps the usual order. A link added at the
    top of a footer to a target the footer repeats further down (a button to the repository
    beside the usual text link) moves nothing: the repeated links are all still in order."""
    indexes = [place[i.key] for i in items if i.key in place]
    return len(_in_order(indexes)) == len(set(indexes))


@lru_cache(maxsize=4096)  # pages repeat their template's names
def _name_key(name: str) -> str:
    return text.squash(_CURRENT.sub(" ", text.normalize(name))).strip(" .:;,-–—|›»>")


def _identification(pages: Pages, min_pages: int, templates: _Templates) -> _Verdict:
    """3.2.4: the same link target or search control has the same name on every page. Links
    are compared within their template; a search control by the search it sends to (which
    names its site), wherever it sits."""
    groups: list[tuple[int, dict[str, list[Item]]]] = [
        (template, {file: [i for i in items if _is_link(i)] for file, items in by_page.items()})
        for template, by_page in _in_templates(pages, templates).items()]
    searches: dict[str, list[Item]] = defaultdict(list)
    for file, facts in pages:
        searches[file] = [i for i in facts.items if i.key.startswith("search:")]
    groups.append((-1, searches))
    hits = []
    compared: set[tuple[int, str]] = set()
    for group, by_page in groups:
        # target -> page -> each name the page gives it there -> its first item with that name
        named: dict[str, dict[str, dict[str, Item]]] = defaultdict(dict)
        for file, items in by_page.items():
            for item in items:
                name = _name_key(item.name)
                if name and not item.key.startswith("help:"):
                    named[item.key].setdefault(file, {}).setdefault(name, item)
        for key, by_file in named.items():
            if len(by_file) < min_pages:
                continue
            compared.add((group, key))
            holders: dict[str, list[str]] = defaultdict(list)  # name -> the pages that use it
            for file, names in by_file.items():
                for name in names:
                    holders[name].append(file)
            # The usual names: those most pages give it (a template can link to one target twice,
            # a logo and a text link home), else the one name more pages give than any other. A
            # page is inconsistent when it lacks a usual name and gives another instead; a name
            # a page adds beside the usual ones (a button beside a text link the footer keeps)
            # is another component.
            usual = [name for name, held in holders.items() if 2 * len(held) > len(by_file)]
            if not usual:
                ranked = sorted(holders.items(), key=lambda held: (-len(held[1]), held[0]))
                if len(ranked[0][1]) >= 2 and len(ranked[0][1]) > len(ranked[1][1]):
                    usual = [ranked[0][0]]
            for file, names in by_file.items():
                missing = next((name for name in usual if not any(_consistent(name, n) for n in names)), None)
                other = [name for name in names if not any(_consistent(u, name) for u in usual)]
                # a name min_pages pages share is a template's own
                if missing is None or not other or any(len(holders[n]) >= min_pages for n in other):
                    continue
                item = names[other[0]]
                model = holders[missing][0]
                search = key.startswith("search:")
                hits.append(_Hit(IDENTIFICATION, file, item, {
                    "code": "search" if search else "link", "name": item.name,
                    "usual": by_file[model][missing].name,
                    "target": key[len("search:"):key.index("@")] if search else key,
                    "count": len(holders[missing]), "other": model}))
    return _Verdict(hits, frozenset(compared))


def _consistent(name: str, other: str) -> bool:
    """Whether two names identify a component consistently: consistent is not identical
    (Understanding 3.2.4: text alternatives that all begin with "Download", followed by the
    document's title, are consistent). One name holding the other's words in order, with
    words added, names the same thing: "Search" and "Search the site"; so does a field's
    label beside a second one a style sheet hides, which a static reading cannot know
    ("Search" and "Search Clear search")."""
    if name == other:
        return True
    shorter, longer = sorted((name.split(), other.split()), key=len)
    words = iter(longer)
    return all(word in words for word in shorter)


def _help(pages: Pages, min_pages: int, templates: _Templates) -> _Verdict:
    """3.2.6: help mechanisms keep their order relative to the other repeated content. Help is
    known by what it reaches (a contact page, a phone number, an e-mail address) wherever it
    sits (moved from the footer to the header is still help); other content by its template
    and target."""
    sequences: dict[str, dict[str, Item]] = {}
    for file, facts in pages:
        sequence: dict[str, Item] = {}
        for item in facts.items:
            template = templates.of.get((file, item.block))
            if item.help:
                sequence.setdefault(item.key if item.key.startswith("help:") else f"help:{item.key}", item)
            elif template is not None and not item.key.startswith("search:"):
                sequence.setdefault(f"{template}|{item.key}", item)
        sequences[file] = sequence
    seen = Counter(key for seq in sequences.values() for key in seq)
    repeated = {key for key, n in seen.items() if n >= min_pages}
    helps = sorted(k for k in repeated if k.startswith("help:"))
    if not helps:
        return _Verdict([], frozenset())
    where = {file: {key: n for n, key in enumerate(k for k in seq if k in repeated)}
             for file, seq in sequences.items()}
    hits = []
    for help_key in helps:
        before: Counter[str] = Counter()  # other key -> pages where it comes before the help
        after: Counter[str] = Counter()
        holders: dict[tuple[str, bool], list[str]] = defaultdict(list)
        for file, place in where.items():
            if help_key not in place:
                continue
            for key, n in place.items():
                if not key.startswith("help:"):  # help is placed among the other content
                    earlier = n < place[help_key]
                    (before if earlier else after)[key] += 1
                    holders[key, earlier].append(file)
        for file, place in where.items():
            if help_key not in place:
                continue
            for key in sorted(place, key=place.__getitem__):
                if key.startswith("help:"):
                    continue
                earlier = place[key] < place[help_key]
                mine, theirs = (before[key], after[key]) if earlier else (after[key], before[key])
                # the usual order holds on twice as many pages; an order on min_pages pages or
                # more is a template of its own
                if theirs >= 2 and theirs >= 2 * mine and mine < min_pages:
                    item = sequences[file][help_key]
                    hits.append(_Hit(HELP, file, item, {
                        "code": "order", "name": _shown(item),
                        "relation": "after" if earlier else "before",
                        "usual": "before" if earlier else "after",
                        "neighbour": _shown(sequences[file][key]), "count": theirs,
                        "other": holders[key, not earlier][0]}))
                    break
    return _Verdict(hits, frozenset(helps))


def _ways(pages: Pages, min_pages: int, templates: _Templates) -> _Verdict:
    """2.4.5: a set of pages offers more than one way to reach them. Once per site."""
    if len(pages) < min_pages:
        return _Verdict([], frozenset())  # the caller says why
    ways: set[str] = set()
    for _, facts in pages:
        ways |= set(facts.ways) - {"navigation"}
    # navigation counts when it repeats, or when most pages have a menu of their own
    menus = sum(1 for _, facts in pages if "navigation" in facts.ways)
    if templates.region or 2 * menus >= len(pages):
        ways.add("navigation")
    all_pages = {facts.page for _, facts in pages}
    homes = [(file, facts) for file, facts in pages if facts.home]
    if any(all_pages - {facts.page} <= facts.links for _, facts in homes):
        ways.add("home")
    basis = "ways to reach its pages: " + (", ".join(_WAY_NAMES[w] for w in sorted(ways)) or "none found")
    if len(ways) >= 2:
        return _Verdict([], frozenset({"site"}), basis)
    file, facts = (homes or pages)[0]
    offered = (f"only {_WAY_NAMES[next(iter(ways))]}" if ways
               else "no navigation, search, site map or related links")
    return _Verdict([_Hit(WAYS, file, facts.anchor, {"code": "few", "ways": offered, "pages": len(pages)})],
                    frozenset({"site"}), basis)


def _shown(item: Item) -> str:
    return text.shorten(item.name, 60) or item.key
