"""A Report whose pages stay in their shards: every pass over its files or violations reads
the shards again, one page at a time, so the reporters that stream (text and JSON) write an
estate's report in memory that does not grow with the number of sites. Counts are worked out
once, while the estate report is made. The other reporters hold what they render anyway, and
some pair up the same violation objects across passes: they are given ``whole()``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields

from ..model import FileResult, Replayed, Report, Severity, Violation

STREAMING = frozenset({"text", "json"})  # formats that take a StreamedReport as it is

__all__ = ["STREAMING", "Replayed", "StreamedReport"]


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
