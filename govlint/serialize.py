"""Page records to and from JSON, for the incremental cache and a crawl's state (JSON, not
pickle: a cache file is data and must never be able to run code)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, overload

from . import jsontext
from .consistency.values import Repeated
from .federal.values import PageFacts
from .links.extract import LinkRef
from .links.local import PagePlace
from .links.site import LocalOutcome, PageLinks
from .localfiles import Reads
from .model import FileResult, InputFailure, Rule, Severity, Violation
from .records import PageOutcome, PageRecord

# Bumped whenever the stored shape changes, so that an older cache is never misread.
# 8: a page's links are stored as JSON text of their own, beside the rest of the record.
FORMAT = 8
_SEVERITY = {int(s): s for s in Severity}


def _violation(v: Violation, rules: Mapping[str, Rule]) -> list[Any]:
    """The file and help URL are left out: they are the page's and the rule's; so are the
    tags, unless the finding's message carries tags of its own."""
    out = [v.rule, int(v.severity), v.message, v.line, v.column, v.selector, v.snippet]
    rule = rules.get(v.rule)
    if rule is None or v.tags != rule.tags:
        out.append(list(v.tags))
    return out


def _violation_back(d: list[Any], file: str, rules: Mapping[str, Rule]) -> Violation:
    rule = rules[d[0]]
    tags = tuple(d[7]) if len(d) > 7 else rule.tags
    return Violation(d[0], _SEVERITY[d[1]], d[2], file, d[3], d[4], d[5], d[6], rule.docs.help_url, tags)


Ref = tuple[LinkRef, frozenset[str]]


def _refs_back(raw: list[Any]) -> tuple[Ref, ...]:
    return tuple((LinkRef(*ref), frozenset(hidden)) for ref, hidden in raw)


class DamagedEntry(Exception):
    """A cached page's links could not be read back (found only when they are first used)."""


class LazyRefs(Sequence[Ref]):
    """A cached page's links, kept as JSON text until something reads them: a warm run whose
    site-pass results still hold never does."""

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._refs: tuple[Ref, ...] = ()

    def _decoded(self) -> tuple[Ref, ...]:
        if self._text is not None:
            try:
                self._refs, self._text = _refs_back(jsontext.loads(self._text)), None
            except (ValueError, TypeError, KeyError, IndexError) as exc:
                raise DamagedEntry(str(exc)) from None
        return self._refs

    @overload
    def __getitem__(self, index: int) -> Ref: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Ref]: ...
    def __getitem__(self, index: int | slice) -> Ref | Sequence[Ref]:
        return self._decoded()[index]

    def __len__(self) -> int:
        return len(self._decoded())

    @property
    def text(self) -> str:
        """The links as JSON text: as read, while nothing has decoded them."""
        return self._text if self._text is not None else _refs_json(self._refs)

    def spilled(self, store: _Spill) -> Sequence[Ref]:
        """The links in ``store`` (the run's result store), so that a site's links are not
        all held at once: as text while nothing has decoded them."""
        if self._text is None:
            return store.keep(self._refs)
        return SpilledRefs(store.put_bytes(self._text.encode("utf-8", "surrogatepass")))


class _Blob(Protocol):
    def read(self) -> bytes: ...


class _Spill(Protocol):
    def keep(self, items: Sequence[Ref]) -> Sequence[Ref]: ...
    def put_bytes(self, data: bytes) -> _Blob: ...


class SpilledRefs(Sequence[Ref]):
    """A page's links as JSON text on disk, decoded anew on each pass and never kept decoded
    (the site pass reads a page's links once, twice when some lead to pages it fetched)."""

    __slots__ = ("_blob", "_length")

    def __init__(self, blob: _Blob) -> None:
        self._blob = blob
        self._length: int | None = None

    def _decoded(self) -> tuple[Ref, ...]:
        refs = LazyRefs(self.text)._decoded()
        self._length = len(refs)
        return refs

    @overload
    def __getitem__(self, index: int) -> Ref: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Ref]: ...
    def __getitem__(self, index: int | slice) -> Ref | Sequence[Ref]:
        return self._decoded()[index]

    def __iter__(self) -> Iterator[Ref]:
        return iter(self._decoded())

    def __len__(self) -> int:
        return self._length if self._length is not None else len(self._decoded())

    @property
    def text(self) -> str:
        return self._blob.read().decode("utf-8", "surrogatepass")


def _refs_json(refs: Sequence[Ref]) -> str:
    return jsontext.dumps([[[r.url, r.attr, r.tag, r.line, r.column, r.offset, r.selector, r.snippet,
                             r.repeats], sorted(hidden)] for r, hidden in refs])


def _refs_text(refs: Sequence[Ref]) -> str:
    return refs.text if isinstance(refs, LazyRefs | SpilledRefs) else _refs_json(refs)


def _rule_ids(raw: list[Any], rules: Mapping[str, Rule]) -> frozenset[str]:
    if not isinstance(raw, list) or not all(isinstance(r, str) and r in rules for r in raw):
        raise ValueError("applied: not a list of the run's rule ids")
    return frozenset(raw)


def _left_out(raw: list[Any], rules: Mapping[str, Rule]) -> tuple[tuple[str, int], ...]:
    if not all(isinstance(r, str) and r in rules and isinstance(n, int) for r, n in raw):
        raise ValueError("left_out: not pairs of a rule id and a count")
    return tuple((r, n) for r, n in raw)


class Unreadable(ValueError):
    """Stored results of the wrong shape (damaged, or written by another version)."""


def dump_record(record: PageRecord, rules: Mapping[str, Rule]) -> tuple[dict[str, Any], str | None]:
    """A page's record in the form the page cache and a crawl's state store: JSON, and its
    links (None without them) as JSON text of their own, decoded only when something reads
    them (held apart, the text is never escaped into the rest and scanned again to read it);
    ``blocked`` and ``cached`` only when set (a crawl's state keeps them; a page is cached
    only when fresh and not rendered)."""
    result, links = record.result, record.links
    out: dict[str, Any] = {
        "file": result.file,
        "violations": [_violation(v, rules) for v in result.violations],
        "suppressed": result.suppressed,
        "applied": sorted(result.applied),
    }
    if result.facts is not None:
        out["facts"] = result.facts.dump()
    if result.repeated is not None:
        out["repeated"] = result.repeated.dump()
    if result.left_out:
        out["left_out"] = [list(item) for item in result.left_out]
    if links is not None:
        out["links"] = {
            "root": str(links.root) if links.root else None,
            "real_path": links.real_path,
            "place": [list(links.place.segments), links.place.page_url, links.place.base_href,
                      links.place.origin],
            "anchors": sorted(links.anchors),
            "archived": links.archived,
            "levels": {k: (v.label if v else None) for k, v in links.levels.items()},
        }
    out["reads"] = [list(item) for item in record.reads]
    if record.blocked:
        out["blocked"] = list(record.blocked)
    if record.cached:
        out["cached"] = True
    return out, _refs_text(links.refs) if links is not None else None


def load_record(data: Any, refs: str | None, rules: Mapping[str, Rule]) -> PageRecord:
    """What dump_record gave; ``rules``: the run's rules, which the page's violations were
    found with. Raises Unreadable for data of the wrong shape (its links are checked when
    first read)."""
    try:
        return _record(data, refs, rules)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise Unreadable(f"{type(exc).__name__}: {exc}") from None


def _record(data: dict[str, Any], refs: str | None, rules: Mapping[str, Rule]) -> PageRecord:
    file = data["file"]
    result = FileResult(file, tuple(_violation_back(v, file, rules) for v in data["violations"]),
                        data["suppressed"], PageFacts.load(data["facts"]) if "facts" in data else None,
                        _rule_ids(data["applied"], rules),
                        Repeated.load(data["repeated"]) if "repeated" in data else None,
                        _left_out(data.get("left_out", []), rules))
    blocked = data.get("blocked", [])
    if not all(isinstance(url, str) for url in blocked):
        raise ValueError("blocked: not a list of URLs")
    return PageRecord(result, _links(file, data.get("links"), refs), _reads(data["reads"]), tuple(blocked),
                      data.get("cached") is True)


def _links(file: str, raw: dict[str, Any] | None, refs: str | None) -> PageLinks | None:
    if raw is None:
        return None
    if not isinstance(refs, str):
        raise ValueError("links: without their refs")
    segments, page_url, base_href, origin = raw["place"]
    return PageLinks(
        file=file,
        root=Path(raw["root"]) if raw["root"] else None,
        real_path=raw["real_path"],
        place=PagePlace(tuple(segments), page_url, base_href, origin),
        refs=LazyRefs(refs),
        anchors=frozenset(raw["anchors"]),
        archived=raw["archived"],
        levels={k: (Severity.parse(v) if v else None) for k, v in raw["levels"].items()},
    )


def _reads(raw: list[Any]) -> Reads:
    if not all(isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)
               and isinstance(item[1], str | None) for item in raw):
        raise ValueError("reads: not pairs of a path and a digest")
    return tuple((path, digest) for path, digest in raw)


def dump_outcome(outcome: PageOutcome, rules: Mapping[str, Rule]) -> dict[str, Any]:
    """A page's record, or its input error, as a crawl's state stores it: one JSON value."""
    if isinstance(outcome, InputFailure):
        return {"error": outcome.message, "file": outcome.file}
    data, refs = dump_record(outcome, rules)
    return {**data, "refs": refs} if refs is not None else data


def load_outcome(data: Any, rules: Mapping[str, Rule]) -> PageOutcome:
    """What dump_outcome stored; raises Unreadable for anything else."""
    if isinstance(data, dict) and "error" in data:
        if not (isinstance(data["error"], str) and isinstance(data.get("file"), str)):
            raise Unreadable("an input error without its file and message")
        return InputFailure(data["file"], data["error"])
    return load_record(data, data.get("refs") if isinstance(data, dict) else None, rules)


def dump_local(outcome: LocalOutcome, rules: Mapping[str, Rule]) -> dict[str, Any]:
    return {
        "files": [[list(path), directory, *fact] for path, directory, fact in outcome.files],
        "anchors": [list(fact) for fact in outcome.anchors],
        "violations": [_violation(v, rules) for v in outcome.violations],
        "suppressed": outcome.suppressed,
        "external": [list(link) for link in outcome.external],
        "left_out": [list(item) for item in outcome.left_out],
    }


def load_local(data: Any, file: str, rules: Mapping[str, Rule]) -> LocalOutcome:
    """Raises Unreadable for data of the wrong shape."""
    try:
        return _local(data, file, rules)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise Unreadable(f"{type(exc).__name__}: {exc}") from None


def _local(data: dict[str, Any], file: str, rules: Mapping[str, Rule]) -> LocalOutcome:
    return LocalOutcome(
        files=tuple((tuple(path), directory, (exists, html, outside, tried))
                    for path, directory, exists, html, outside, tried in data["files"]),
        anchors=tuple((html, fragment, ok) for html, fragment, ok in data["anchors"]),
        violations=tuple(_violation_back(v, file, rules) for v in data["violations"]),
        suppressed=data["suppressed"],
        external=tuple((index, url, fragment) for index, url, fragment in data["external"]),
        left_out=_left_out(data.get("left_out", []), rules),
    )
