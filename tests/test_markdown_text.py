"""The Markdown reports (--format markdown, GitHub's step summary) show a message as text: the
markup a message quotes ("add <script async src=...>") is written as entities, never left as
a tag a renderer would drop, with the table after it."""

from __future__ import annotations

from pathlib import Path

from conftest import Run

from govlint.reporters import mdtext

OFF = ("--no-config", "--offline", "--no-cache")


def test_markup_in_a_cell_is_text_and_the_table_characters_escaped() -> None:
    assert mdtext.text('add <script src="a?b&c"> | x\ny') == (
        'add &lt;script src="a?b&amp;c"&gt; \\| x y')
    assert mdtext.code("news/a|b<c>.html") == "news/a\\|b<c>.html"  # a code span reads no entities


def test_the_markdown_report_writes_a_quoted_tag_as_text(govlint: Run, tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"p{n}.html").write_text(f"<!DOCTYPE html><html lang=en><title>Page {n}</title><p>x",
                                             encoding="utf-8")
    proc = govlint(*OFF, "--select", "dap", "--group", "--format", "markdown", str(tmp_path))
    row = next(line for line in proc.stdout.splitlines() if line.startswith("| `dap` |"))
    assert "&lt;script async src=" in row and "<script" not in row
    assert "<" not in proc.stdout.replace("<!-- ", "")  # no tag anywhere in the report


def test_the_step_summary_writes_a_quoted_tag_as_text(govlint: Run, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    links = "".join(f'<a href="/gone<b>{n}</b>.html">{n}</a>\n' for n in range(14))
    (site / "p.html").write_text(f"<!DOCTYPE html><html lang=en><title>P</title>\n{links}", encoding="utf-8")
    summary = tmp_path / "summary.md"
    govlint(*OFF, "--select", "dead-link", "--root", str(site), "--format", "github", str(site),
            env={"GITHUB_STEP_SUMMARY": str(summary)})
    rows = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| error")]
    assert len(rows) == 4  # 10 of the 14 dead links are annotations
    assert all("/gone&lt;b&gt;" in row and "<b>" not in row for row in rows)
