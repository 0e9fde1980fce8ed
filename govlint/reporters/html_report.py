"""One self-contained HTML file a person opens in a browser, fast at 150,000 findings.

The findings are embedded once, as compact JSON (every file name, message and snippet once,
each finding a row of numbers), and the page's script draws only what is on screen: problems
grouped by rule, pages with their findings in source order, and the WCAG criteria table, a
page of rows at a time. No request leaves the page: style and script are inside it."""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any

from .. import conformance
from ..model import Report, Severity
from ..runinfo import RunInfo
from ..version import __version__

_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_INPUTS_SHOWN = 20  # a shell glob can name thousands of files: the first ones, and how many more


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


class _Table:
    """Distinct strings, each stored once and named by its index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def values(self) -> list[str]:
        return list(self.index)


def data(report: Report, ran: frozenset[str] | None = None) -> dict[str, Any]:
    """What the page's script reads: tables of strings and one flat row of numbers a finding
    (file, line, column, rule, message, severity, snippet)."""
    files, rules, messages, snippets = _Table(), _Table(), _Table(), _Table()
    for result in report.files:
        files(result.file)
    rows: list[int] = []
    urls: dict[str, str] = {}
    for v in report.violations:  # every finding, as every other format counts them
        rows += (files(v.file), v.line, v.column, rules(v.rule), messages(v.message),
                 _SEVERITIES.index(v.severity), snippets(v.snippet))
        urls.setdefault(v.rule, v.help_url)
    rule_info = []
    for rule_id in rules.values():
        rule = report.rules.get(rule_id)
        url = urls[rule_id]
        rule_info.append([rule_id, url if url.startswith(("https://", "http://")) else "",
                          rule.summary if rule else ""])
    return {
        "files": files.values(), "rules": rule_info, "messages": messages.values(),
        "snippets": snippets.values(), "rows": rows,
        "errors": [[e.file, e.message] for e in report.errors],
        "suppressed": report.suppressed,
        "conformance": conformance.as_json(conformance.summarise(report, ran)),
    }


def _embed(value: Any) -> str:
    """JSON that cannot end its <script> element or open a comment in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _header(run: RunInfo | None) -> str:
    """What was linted, when and with which options: a report outlives the terminal that
    ran it, and two reports are only comparable when these agree."""
    version = f"<p>govlint {html.escape(__version__)}</p>"
    if run is None:
        return f"<header><h1>govlint report</h1>{version}</header>"
    shown = run.inputs[:_INPUTS_SHOWN]
    inputs = " ".join(f"<code>{html.escape(_printable(i))}</code>" for i in shown)
    if len(run.inputs) > len(shown):
        inputs += f" and {len(run.inputs) - len(shown)} more"
    options = (f"<code>{html.escape(_printable(run.command_options))}</code>" if run.options
               else "none (the defaults)")
    config = f"<code>{html.escape(_printable(run.config))}</code>" if run.config else "none"
    when = run.started.strftime("%Y-%m-%d %H:%M:%S UTC")
    return ("<header><h1>govlint report</h1><dl class=\"run\">"
            f'<dt>Linted</dt><dd id="run-inputs">{inputs}</dd>'
            f'<dt>At</dt><dd><time id="run-time" datetime="{run.timestamp}">{when}</time></dd>'
            f'<dt>Options</dt><dd id="run-options">{options}</dd>'
            f'<dt>Config</dt><dd id="run-config">{config}</dd>'
            f"<dt>Version</dt><dd>govlint {html.escape(__version__)}</dd></dl></header>")


def _printable(text: str) -> str:
    """A name as the text report shows it: a control character cannot break the line."""
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


def render(report: Report, *, ran: frozenset[str] | None = None, run: RunInfo | None = None,
           **_: Any) -> str:
    counts = {s.label: report.count(s) for s in Severity}
    title = f"govlint report: {counts['error']} errors, {counts['warning']} warnings"
    return "".join([
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{_asset('html_report.css')}</style></head><body>",
        _header(run),
        _asset("html_report.html"),
        f'<script type="application/json" id="report-data">{_embed(data(report, ran))}</script>',
        f"<script>{_asset('html_report.js')}</script></body></html>\n",
    ])
