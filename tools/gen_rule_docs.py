"""Write docs/rules/: one Markdown page per built-in rule and an index, from rules/*.toml.

    python tools/gen_rule_docs.py          # rewrite the pages
    python tools/gen_rule_docs.py --check  # exit 1 and name the stale pages (what the tests do)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from govlint import ruledocs, ruleset

OUT = Path(__file__).resolve().parent.parent / "docs" / "rules"


def stale(out: Path = OUT) -> list[str]:
    """The page names that differ from what the rule files give, are missing, or are left over."""
    wanted = ruledocs.pages(ruleset.load().rules.values())
    present = {p.name for p in out.glob("*.md")} if out.is_dir() else set()
    differ = [name for name, text in wanted.items()
              if name not in present or (out / name).read_text(encoding="utf-8") != text]
    return sorted(differ + sorted(present - set(wanted)))


def write(out: Path = OUT) -> None:
    wanted = ruledocs.pages(ruleset.load().rules.values())
    out.mkdir(parents=True, exist_ok=True)
    for leftover in {p.name for p in out.glob("*.md")} - set(wanted):
        (out / leftover).unlink()
    for name, text in wanted.items():
        (out / name).write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale pages")
    if parser.parse_args().check:
        names = stale()
        for name in names:
            print(f"docs/rules/{name} is stale: run python tools/gen_rule_docs.py", file=sys.stderr)
        return 1 if names else 0
    write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
