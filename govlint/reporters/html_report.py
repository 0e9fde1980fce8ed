"""One self-contained HTML file a person opens in a browser: summary, charts of violations
by rule and by page, and a filterable list with snippets and links to rule docs. No request
leaves the page: styles, script and charts (inline SVG) are all inside it."""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

from .. import __version__
from ..model import Report, Severity

_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;
background:#f7f7f7}
header{background:#162e51;color:#fff;padding:16px 24px}header h1{margin:0;font-size:22px}
main{padding:16px 24px;max-width:1200px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:8px 0 20px}
.card{background:#fff;border:1px solid #dfe1e2;border-radius:6px;padding:10px 16px;min-width:110px}
.card b{display:block;font-size:26px}.charts{display:flex;gap:24px;flex-wrap:wrap}
figure{background:#fff;border:1px solid #dfe1e2;border-radius:6px;margin:0;padding:12px;flex:1 1 460px}
figcaption{font-weight:600;margin-bottom:6px}
.filters{display:flex;gap:12px;flex-wrap:wrap;align-items:end;margin:20px 0 8px}
label{display:flex;flex-direction:column;font-size:13px;font-weight:600}
select,input{font:inherit;padding:4px 6px;margin-top:2px}
table{border-collapse:collapse;width:100%;background:#fff;table-layout:fixed}
th,td{border-bottom:1px solid #dfe1e2;text-align:left;padding:6px 8px;vertical-align:top;
overflow-wrap:anywhere}
th:nth-child(1){width:26%}th:nth-child(2){width:9%}th:nth-child(3){width:13%}
th{background:#f0f0f0}code{font-size:12px;word-break:break-all;color:#3d4551}
.sev{font-weight:700}.sev-error{color:#b50909}.sev-warning{color:#8a5a00}.sev-info{color:#005ea2}
"""

_SCRIPT = """
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll("#violations tbody tr"));
  var sev = document.getElementById("f-severity"), rule = document.getElementById("f-rule"),
      text = document.getElementById("f-text"), shown = document.getElementById("shown-count");
  function apply() {
    var s = sev.value, r = rule.value, t = text.value.toLowerCase(), n = 0;
    rows.forEach(function (row) {
      var ok = (!s || row.dataset.severity === s) && (!r || row.dataset.rule === r) &&
               (!t || row.textContent.toLowerCase().indexOf(t) !== -1);
      row.hidden = !ok; if (ok) { n += 1; }
    });
    shown.textContent = String(n);
  }
  var preset = new URLSearchParams(location.hash.slice(1));
  if (preset.get("severity")) { sev.value = preset.get("severity"); }
  if (preset.get("rule")) { rule.value = preset.get("rule"); }
  if (preset.get("q")) { text.value = preset.get("q"); }
  [sev, rule, text].forEach(function (el) { el.addEventListener("input", apply); });
  apply();
  document.body.dataset.ready = "true";
})();
"""


def _bars(title: str, items: list[tuple[str, int]], colour: str) -> str:
    """A horizontal bar chart as inline SVG, with a text alternative."""
    if not items:
        return f"<figure><figcaption>{html.escape(title)}</figcaption><p>None.</p></figure>"
    top = max(n for _, n in items)
    row, label_w, bar_w = 22, 260, 260
    height = row * len(items) + 8
    summary = "; ".join(f"{name}: {n}" for name, n in items)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 60}" height="{height}" '
             f'role="img" aria-label="{html.escape(title)}: {html.escape(summary)}">']
    for i, (name, n) in enumerate(items):
        y = i * row + 4
        width = max(2, round(bar_w * n / top))
        shown = name if len(name) <= 40 else "…" + name[-39:]
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="12">'
                     f"{html.escape(shown)}</text>")
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{width}" height="16" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + width + 6}" y="{y + 14}" font-size="12">{n}</text>')
    parts.append("</svg>")
    return f"<figure><figcaption>{html.escape(title)}</figcaption>{''.join(parts)}</figure>"


def render(report: Report, **_: Any) -> str:
    e = html.escape
    counts = {s.label: report.count(s) for s in Severity}
    violations = report.violations
    by_rule = Counter(v.rule for v in violations).most_common()
    by_page = Counter(v.file for v in violations).most_common(10)
    rules = sorted({v.rule for v in violations})
    cards = [("files", len(report.files)), ("errors", counts["error"]), ("warnings", counts["warning"]),
             ("info", counts["info"]), ("suppressed", report.suppressed),
             ("inputs not linted", len(report.errors))]
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>govlint report: {counts['error']} errors, {counts['warning']} warnings</title>",
           f"<style>{_STYLE}</style></head><body>",
           f"<header><h1>govlint report</h1><p>govlint {e(__version__)}</p></header><main>",
           '<h2>Summary</h2><div class="cards">']
    for name, n in cards:
        ident = "count-" + name.replace(" ", "-")
        out.append(f'<div class="card"><b id="{ident}">{n}</b>{e(name)}</div>')
    out.append('</div><div class="charts">')
    out.append(_bars("Violations by rule", by_rule, "#162e51"))
    out.append(_bars("Pages with the most violations", by_page, "#b50909"))
    out.append("</div>")
    out.append('<h2>Violations</h2><div class="filters">'
               '<label>Severity<select id="f-severity"><option value="">all</option>'
               + "".join(f'<option value="{s}">{s}</option>' for s in ("error", "warning", "info"))
               + '</select></label><label>Rule<select id="f-rule"><option value="">all</option>'
               + "".join(f'<option value="{e(r)}">{e(r)}</option>' for r in rules)
               + '</select></label><label>Contains<input id="f-text" type="search"></label>'
               f'<p>Showing <b id="shown-count">{len(violations)}</b> of {len(violations)}</p></div>')
    out.append('<table id="violations"><thead><tr><th scope="col">Where</th><th scope="col">Severity</th>'
               '<th scope="col">Rule</th><th scope="col">Problem</th></tr></thead><tbody>')
    for v in violations:
        rule = e(v.rule)
        rule_cell = f'<a href="{e(v.help_url)}">{rule}</a>' if v.help_url else rule
        out.append(f'<tr data-rule="{rule}" data-severity="{v.severity.label}">'
                   f"<td>{e(v.file)}:{v.line}:{v.column}</td>"
                   f'<td class="sev sev-{v.severity.label}">{v.severity.label}</td><td>{rule_cell}</td>'
                   f"<td>{e(v.message)}<br><code>{e(v.snippet)}</code><br><code>{e(v.selector)}</code>"
                   "</td></tr>")
    out.append("</tbody></table>")
    if report.errors:
        out.append("<h2>Inputs that could not be linted</h2><ul>")
        out += [f"<li>{e(err.file)}: {e(err.message)}</li>" for err in report.errors]
        out.append("</ul>")
    out.append(f"</main><script>{_SCRIPT}</script></body></html>\n")
    return "".join(out)

