"""invalid-directive: govlint comments that name unknown rules, are malformed, or give no reason."""

from __future__ import annotations

from collections.abc import Iterator

from .. import suppressions
from ..document import Document
from . import CheckContext, CheckSpec, Finding


def check(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    resolve = {rule_id: rule_id for rule_id in ctx.rule_ids}
    for problem in suppressions.parse(doc, resolve).problems:
        hint = ""
        if problem.code == "unknown-rule":
            from ..suggest import did_you_mean  # difflib: imported only for a name to suggest

            hint = did_you_mean(problem.detail, resolve)
        yield Finding(problem.code, None, {"detail": problem.detail, "hint": hint}, offset=problem.offset)


SPEC = CheckSpec(check, frozenset({"malformed", "unknown-rule", "no-reason"}))
