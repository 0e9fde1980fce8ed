"""Whether a revision gives the same findings as another, byte for byte. Run by hand; never
part of the tests (it lints whole sites twice).

    python bench/same_findings.py --before REV [--after REV] [FOLDER ...]

Checks out each revision into a temporary git worktree (the working tree is ``--after``'s
default), lints each FOLDER with it (default: ../shared/corpus/real and, when it exists, the
2,005-page site /tmp/site2005 that ../shared/corpus/make_site.py builds) as
``govlint --offline --no-config --no-cache --jobs 2 --format json FOLDER`` does, and compares
the JSON reports. Prints, per folder, "same" or the violations counted by rule on each side
where they differ. Exit status 0 when every folder gives the same report, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = (REPO.parent / "shared" / "corpus" / "real", Path("/tmp/site2005"))


def report(checkout: Path, folder: Path) -> bytes:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    # The rule files ship as govlint.rules, which an editable install maps to its own
    # checkout's rules/ whatever PYTHONPATH says: a link in the package makes them this one's.
    rules = checkout / "govlint" / "rules"
    if checkout.resolve() != REPO.resolve() and not rules.exists():
        rules.symlink_to(Path("..") / "rules")
    where = subprocess.run([sys.executable, "-c", "import govlint, govlint.rules; print(govlint.__file__); "
                            "print(*govlint.rules.__path__)"],
                           env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True,
                           check=True).stdout.split()
    for found in where:
        if not Path(found).resolve().is_relative_to(checkout.resolve()):
            raise SystemExit(f"govlint is imported from {found}, not from {checkout}")
    done = subprocess.run([sys.executable, "-m", "govlint", "--offline", "--no-config", "--no-cache",
                           "--jobs", "2", "--format", "json", str(folder)],
                          cwd=tempfile.gettempdir(), env=env, capture_output=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{checkout}: govlint exited {done.returncode}: {done.stderr.decode()[-300:]}")
    return done.stdout


def by_rule(data: bytes) -> Counter[str]:
    return Counter(v["rule"] for v in json.loads(data)["violations"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True, help="revision to compare with (e.g. main~3)")
    ap.add_argument("--after", help="revision to check (default: the working tree)")
    ap.add_argument("folders", nargs="*", type=Path)
    args = ap.parse_args()
    folders = [f for f in (args.folders or DEFAULT_FOLDERS) if f.is_dir()]
    with tempfile.TemporaryDirectory() as tmp:
        checkouts = {}
        for name, rev in (("before", args.before), ("after", args.after)):
            if rev is None:
                checkouts[name] = REPO
                continue
            path = Path(tmp) / name
            subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(path), rev],
                           check=True)
            checkouts[name] = path
        try:
            same = True
            for folder in folders:
                before, after = report(checkouts["before"], folder), report(checkouts["after"], folder)
                if before == after:
                    print(f"{folder}: same ({len(json.loads(after)['violations'])} violations)")
                    continue
                same = False
                old, new = by_rule(before), by_rule(after)
                print(f"{folder}: differs")
                for rule in sorted(set(old) | set(new)):
                    if old[rule] != new[rule]:
                        print(f"  {rule}: {old[rule]} -> {new[rule]}")
        finally:
            for path in checkouts.values():
                if path != REPO:
                    subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(path)],
                                   check=False)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
