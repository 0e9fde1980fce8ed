"""A Report whose pages stay in their shards: every pass over its files or violations reads
the shards again, one page at a time, so the reporters that stream (text and JSON) write an
estate's report in memory that does not grow with the number of sites. Counts are worked out
once, while the estate report is made. The other reporters hold what they render anyway, and
some pair up the same violation objects across passes: they are given ``whole()``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TypeVar, overload

from ..model import FileResult, Report, Severity, Violation

STREAMING = frozenset({"text", "json"})  # formats that take a StreamedReport as it is

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


@dataclass(frozen=True)
class StreamedReport(Report):
    totals: Mapping[Severity, int] = field(default_factory=dict)
    total_suppressed: int = 0

    @property  # type: ignore[override]
    def violations(self) -> Sequence[Violation]:  # type: ignore[override]
        total = sum(self.totals.values())
        files: Sequence[FileResult] = self.files
        return Replayed(total, lambda: (v for f in files for v in f.violations))

    @property
    def suppressed(self) -> int:
        return self.total_suppressed

    def count(self, severity: Severity) -> int:
        return self.totals.get(severity, 0)

    def worst(self) -> Severity | None:
        return max((s for s, n in self.totals.items() if n), default=None)

    def whole(self) -> Report:
        """The same report with every page in memory."""
        plain = {f.name: getattr(self, f.name) for f in fields(Report)}
        return Report(**{**plain, "files": tuple(self.files)})
