"""Write fail-*.expected beside fixture pages from govlint's current output.

Run by hand when adding a fixture, then READ the .expected file: it is the assertion.
Usage: python tests/freeze_expected.py fixtures/<rule-id>/fail-x.html ...
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fixture_support import format_expected, lint_fixture

for name in sys.argv[1:]:
    page = Path(name)
    lines = format_expected(lint_fixture(page))
    page.with_suffix(".expected").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(page.with_suffix(".expected").read_text(encoding="utf-8"), end="")
