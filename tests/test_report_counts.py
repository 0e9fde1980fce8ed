"""Every format of one run counts the same findings, read from what each report states or holds.

The page names one dead image in both ``src`` and ``srcset``: two findings at one position with
one message, which a report must not fold into one."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import Run

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Reports count every finding</title></head>
<body><main>
<img src="/img/gone.png" srcset="/img/gone.png 2x" alt="A photo of the harbor">
<img src="/img/gone.png" srcset="/img/gone.png 1x, /img/other.png 2x" alt="The harbor at dusk">
<a href="/missing/">Missing page</a>
<img src="/img/here.png">
</main></body></html>
"""
FORMATS = ("json", "sarif", "junit", "github", "gitlab", "markdown", "html")


def _site(root: Path) -> Path:
    (root / "img").mkdir(parents=True)
    (root / "img" / "here.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "about.html").write_text(PAGE.replace("Reports count", "Reports also count"), encoding="utf-8")
    return root


def _text(out: str) -> int:
    errors, warnings, info = map(int, re.search(r"^(\d+) errors?, (\d+) warnings?, (\d+) info in ",
                                                out, re.M).groups())
    return errors + warnings + info


def _github(out: str) -> int:
    annotated = sum(line.startswith(("::error ", "::warning ", "::notice ")) for line in out.splitlines())
    more = re.search(r"^govlint: (\d+) more findings are not annotated", out, re.M)
    return annotated + (int(more[1]) if more else 0)


def _markdown(out: str) -> int:
    tally = re.search(r"^\d+ files · (\d+) errors · (\d+) warnings · (\d+) info · ", out, re.M)
    return sum(map(int, tally.groups()))


def _html(out: str) -> int:
    data = json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>',
                                out, re.S)[1])
    return len(data["rows"]) // 7  # seven numbers a finding


def test_every_format_counts_the_same_findings(govlint: Run, tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    paths = {name: tmp_path / f"report.{name}" for name in FORMATS}
    proc = govlint("--no-config", "--offline", "--no-cache", "--root", str(site), "--no-group",
                   "--format", "text", *(f"--format={name}={paths[name]}" for name in FORMATS), str(site))
    assert proc.returncode == 1, proc.stderr
    out = {name: path.read_text(encoding="utf-8") for name, path in paths.items()}
    report = json.loads(out["json"])
    # The dead image is found twice at each <img> that names it twice (src and srcset).
    dead = [(v["file"], v["line"], v["column"]) for v in report["violations"]
            if v["rule"] == "dead-link" and "/img/gone.png" in v["message"]]
    assert len(dead) == 8 and len(set(dead)) == 4
    total = report["summary"]["violations"]
    assert total == len(report["violations"]) > len(dead) + 2
    counts = {
        "text": _text(proc.stdout),
        "json": total,
        # formats for code hosts hold problems: each states how many places it stands for
        "sarif": sum(r["properties"]["places"] for r in json.loads(out["sarif"])["runs"][0]["results"]),
        "junit": _junit(out["junit"]),
        "github": _github(out["github"]),
        "gitlab": sum(_places(issue["description"]) for issue in json.loads(out["gitlab"])),
        "markdown": _markdown(out["markdown"]),
        "html": _html(out["html"]),
    }
    assert counts == dict.fromkeys(counts, total)
    # Each format that states a number per rule states the same ones.
    per_rule = out["markdown"].split("### Findings by rule")[1]
    stated = sum(int(n) for n in re.findall(r"^\| (\d+) \| \[?`", per_rule, re.M))
    assert stated == total
    title = re.search(r"<title>govlint report: (\d+) errors, (\d+) warnings</title>", out["html"])
    assert int(title[1]) + int(title[2]) == total


def _junit(xml: str) -> int:
    """The findings each failing case states: "PAGE: N RULE findings"."""
    failures = ET.fromstring(xml).iter("failure")
    return sum(int(re.match(r"[^\n]*: (\d+) \S+ findings?\n", f.text or "")[1]) for f in failures)


def _places(description: str) -> int:
    found = re.search(r"\((\d+) places: ", description)
    return int(found[1]) if found else 1
