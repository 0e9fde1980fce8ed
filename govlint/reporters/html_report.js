(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("report-data").textContent);
  var SEV = ["error", "warning", "info"], W = 7, PAGE = 50, PLACES = 20;
  var rows = D.rows, n = rows.length / W;
  var $ = function (id) { return document.getElementById(id); };
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  function plural(k, word) { return k + " " + word + (k === 1 ? "" : "s"); }

  // Problems: findings with the same rule, severity and message, in report order.
  var groups = [], byKey = new Map(), perFile = D.files.map(function () { return []; });
  var sevCount = [0, 0, 0];
  for (var i = 0; i < n; i++) {
    var b = i * W, key = (rows[b + 4] * D.rules.length + rows[b + 3]) * 3 + rows[b + 5];
    var g = byKey.get(key);
    if (!g) {
      g = {id: groups.length, rule: rows[b + 3], msg: rows[b + 4], sev: rows[b + 5], places: [], shown: 0};
      byKey.set(key, g); groups.push(g);
    }
    g.places.push(i); perFile[rows[b]].push(i); sevCount[rows[b + 5]] += 1;
  }
  // What matters first: errors, then the most places (severity 0 is error).
  groups.sort(function (a, b) { return a.sev - b.sev || b.places.length - a.places.length; });
  groups.forEach(function (g, k) { g.id = k; });
  var pages = perFile.map(function (found, f) { return {file: f, found: found, shown: 0, errors: 0}; });
  var lowFiles = D.files.map(function (s) { return s.toLowerCase(); });
  var lowMsgs = D.messages.map(function (s) { return s.toLowerCase(); });
  var fileHit = new Uint8Array(D.files.length), msgHit = new Uint8Array(D.messages.length);
  var ruleHit = new Uint8Array(D.rules.length);

  var state = {view: "rules", page: 0, sev: -1, rule: -1, text: "", open: {}};
  var sevSel = $("f-severity"), ruleSel = $("f-rule"), textIn = $("f-text"), view = $("view");
  ruleSel.insertAdjacentHTML("beforeend", D.rules.map(function (r, k) {
    return '<option value="' + k + '">' + esc(r[0]) + "</option>";
  }).join(""));

  var cards = [["files", D.files.length], ["errors", sevCount[0]], ["warnings", sevCount[1]],
               ["info", sevCount[2]], ["suppressed", D.suppressed], ["inputs not linted", D.errors.length]];
  $("cards").innerHTML = cards.map(function (c) {
    return '<div class="card"><b id="count-' + c[0].replace(/ /g, "-") + '">' + c[1] + "</b>" + esc(c[0]) + "</div>";
  }).join("");
  $("total-count").textContent = String(n);
  if (D.errors.length) {
    $("input-errors").innerHTML = "<h2>Inputs that could not be linted</h2><ul>" + D.errors.map(function (e) {
      return "<li>" + esc(e[0]) + ": " + esc(e[1]) + "</li>";
    }).join("") + "</ul>";
  }

  // The filter is decided per file, message and rule once, then per finding by lookups only.
  function filter() {
    var t = state.text, k;
    for (k = 0; k < lowFiles.length; k++) { fileHit[k] = !t || lowFiles[k].indexOf(t) !== -1 ? 1 : 0; }
    for (k = 0; k < lowMsgs.length; k++) { msgHit[k] = !t || lowMsgs[k].indexOf(t) !== -1 ? 1 : 0; }
    for (k = 0; k < D.rules.length; k++) { ruleHit[k] = !t || D.rules[k][0].indexOf(t) !== -1 ? 1 : 0; }
    var total = 0;
    partial = false;
    groups.forEach(function (g) {
      g.shown = 0;
      if ((state.sev >= 0 && g.sev !== state.sev) || (state.rule >= 0 && g.rule !== state.rule)) { return; }
      if (msgHit[g.msg] || ruleHit[g.rule]) { g.shown = g.places.length; } else {
        for (var j = 0; j < g.places.length; j++) { g.shown += fileHit[rows[g.places[j] * W]]; }
        if (g.shown && g.shown < g.places.length) { partial = true; }
      }
      total += g.shown;
    });
    pagesCounted = false;  // counted when the page view is drawn
    $("shown-count").textContent = String(total);
  }
  var pagesCounted = false, partial = false;  // partial: some problem shows only some places
  function countPages() {
    pages.forEach(function (p) {
      p.shown = 0; p.errors = 0;
      for (var j = 0; j < p.found.length; j++) {
        if (matches(p.found[j])) { p.shown += 1; p.errors += rows[p.found[j] * W + 5] === 0 ? 1 : 0; }
      }
    });
    pagesCounted = true;
  }
  function matches(i) {
    var b = i * W;
    return (state.sev < 0 || rows[b + 5] === state.sev) && (state.rule < 0 || rows[b + 3] === state.rule) &&
      (msgHit[rows[b + 4]] || ruleHit[rows[b + 3]] || fileHit[rows[b]]);
  }

  function where(i) { var b = i * W; return esc(D.files[rows[b]]) + ":" + rows[b + 1] + ":" + rows[b + 2]; }
  function sevLabel(s) { return '<span class="sev sev-' + SEV[s] + '">' + SEV[s] + "</span>"; }
  function ruleLink(r) {
    var info = D.rules[r];
    return info[1] ? '<a href="' + esc(info[1]) + '">' + esc(info[0]) + "</a>" : esc(info[0]);
  }
  function snippet(i) {
    var s = D.snippets[rows[i * W + 6]];
    return s ? "<br><code>" + esc(s) + "</code>" : "";
  }

  // One page of a list; each item's details are drawn only when opened.
  function paged(items, draw) {
    var last = Math.max(0, Math.ceil(items.length / PAGE) - 1);
    state.page = Math.min(state.page, last);
    $("page-label").textContent = items.length ? "page " + (state.page + 1) + " of " + (last + 1) : "";
    $("prev").disabled = state.page === 0; $("next").disabled = state.page >= last;
    return items.slice(state.page * PAGE, state.page * PAGE + PAGE).map(draw).join("");
  }
  function placesList(found, limit, showSnippets) {
    var shown = [], more = 0;
    for (var j = 0; j < found.length; j++) {
      if (!matches(found[j])) { continue; }
      if (shown.length < limit) { shown.push(found[j]); } else { more += 1; }
    }
    var html = "<ol>" + shown.map(function (i) {
      var b = i * W;
      return showSnippets
        ? "<li>" + rows[b + 1] + ":" + rows[b + 2] + " " + sevLabel(rows[b + 5]) + " [" + ruleLink(rows[b + 3]) +
          '] <span class="msg">' + esc(D.messages[rows[b + 4]]) + "</span>" + snippet(i) + "</li>"
        : "<li>" + where(i) + snippet(i) + "</li>";
    }).join("") + "</ol>";
    if (more) { html += '<button type="button" class="more" data-more="' + (limit + 200) + '">Show ' +
                        Math.min(more, 200) + " more of " + more + "</button>"; }
    return html;
  }

  function drawRules() {
    var shown = groups.filter(function (g) { return g.shown > 0; });  // already in order
    if (partial) { shown.sort(function (a, b) { return a.sev - b.sev || b.shown - a.shown || a.id - b.id; }); }
    // A rule ranks by its most serious finding, then by its findings, as in the text report.
    var byRule = new Map();
    shown.forEach(function (g) {
      var r = byRule.get(g.rule) || {n: 0, sev: g.sev};
      r.n += g.shown; r.sev = Math.min(r.sev, g.sev); byRule.set(g.rule, r);
    });
    var ranked = Array.from(byRule.entries()).map(function (e) { return [e[0], e[1].n, e[1].sev]; })
      .sort(function (a, b) { return a[2] - b[2] || b[1] - a[1]; });
    var top = Math.max.apply(null, ranked.map(function (e) { return e[1]; }).concat([1]));
    var head = "<h2>Problems by rule</h2><table><thead><tr><th scope=\"col\">Rule</th>" +
      '<th scope="col">Findings</th></tr></thead><tbody>' + ranked.map(function (e) {
        return "<tr><td>" + ruleLink(e[0]) + "</td><td>" + e[1] + '<span class="bar" style="width:' +
          Math.max(2, Math.round(300 * e[1] / top)) + 'px"></span></td></tr>';
      }).join("") + "</tbody></table><h2>Problems, errors first, then the most places</h2>";
    return head + paged(shown, function (g) {
      var id = "g" + g.id;
      return '<details data-id="' + id + '"' + (state.open[id] ? " open" : "") + '><summary><span class="msg">' + sevLabel(g.sev) +
        " [" + ruleLink(g.rule) + "] " + esc(D.messages[g.msg]) + '</span><span class="n">' +
        plural(g.shown, "place") + "</span></summary>" +
        (state.open[id] ? placesList(g.places, state.open[id], false) : "") + "</details>";
    });
  }
  function drawPages() {
    if (!pagesCounted) { countPages(); }
    var shown = pages.filter(function (p) { return p.shown > 0; });
    shown.sort(function (a, b) { return b.errors - a.errors || b.shown - a.shown || a.file - b.file; });
    return "<h2>Pages, the most errors first</h2>" + paged(shown, function (p) {
      var id = "p" + p.file;
      return '<details data-id="' + id + '"' + (state.open[id] ? " open" : "") + "><summary>" +
        '<span class="msg">' + esc(D.files[p.file]) + '</span><span class="n">' + plural(p.errors, "error") +
        ", " + plural(p.shown, "finding") + "</span></summary>" +
        (state.open[id] ? placesList(p.found, state.open[id], true) : "") + "</details>";
    });
  }
  var RESULT = {"fail": "fails", "review": "to review", "pass": "no failure found",
                "not applicable": "not applicable", "manual": "needs a person"};
  function drawWcag() {
    $("page-label").textContent = ""; $("prev").disabled = true; $("next").disabled = true;
    var c = D.conformance, byId = {};
    c.criteria.forEach(function (r) { byId[r.id] = r; });
    var checked = c.criteria.filter(function (r) { return r.scope === "page" && r.rules.length; });
    var site = c.criteria.filter(function (r) { return r.scope === "site" && r.rules.length; });
    var person = c.needs_person.map(function (id) { return byId[id]; });
    function head(r) {
      return "<tr><td>" + esc(r.id + " " + r.name) + (r.wcag22 ? "" : " (obsolete in WCAG 2.2)") + "</td><td>" +
        r.level + "</td><td>" + (r.section508 ? "yes" : "no") + "</td><td>" + esc(r.rules.join(", ")) + "</td>";
    }
    return "<h2>WCAG 2.2 success criteria</h2><p>Automated checks on " + plural(c.pages, "page") +
      ". A page with no failure found still needs a person to confirm the criterion.</p>" +
      '<table id="wcag"><thead><tr><th scope="col">Criterion</th><th scope="col">Level</th>' +
      '<th scope="col">Section 508</th><th scope="col">Rules</th><th scope="col">Result</th>' +
      '<th scope="col">Pages failing</th><th scope="col">Pages to review</th>' +
      '<th scope="col">No failure found</th><th scope="col">Not applicable</th></tr></thead><tbody>' +
      checked.map(function (r) {
        return head(r) + "<td>" + esc(RESULT[r.result] + (r.reason ? " (" + r.reason + ")" : "")) +
          '</td><td class="num">' + r.fail + '</td><td class="num">' + r.review + '</td><td class="num">' +
          r.passed + '</td><td class="num">' + r.not_applicable + "</td></tr>";
      }).join("") + "</tbody></table>" +
      (site.length ? "<h3>Across the site</h3><p>One result for the " + plural(c.pages, "page") +
        ' linted together.</p><table id="wcag-site"><thead><tr><th scope="col">Criterion</th>' +
        '<th scope="col">Level</th><th scope="col">Section 508</th><th scope="col">Rules</th>' +
        '<th scope="col">Result</th><th scope="col">Why</th></tr></thead><tbody>' +
        site.map(function (r) {
          return head(r) + "<td>" + RESULT[r.result] + "</td><td>" + esc(r.reason || "") + "</td></tr>";
        }).join("") + "</tbody></table>" : "") +
      "<h3>Still needs a person (" + person.length + ")</h3><ul>" +
      person.map(function (r) {
        return "<li>" + esc(r.id + " " + r.name + " (" + r.level + "): " + (r.reason || RESULT[r.result])) + "</li>";
      }).join("") + "</ul>";
  }
  function draw() {
    view.innerHTML = state.view === "rules" ? drawRules() : state.view === "pages" ? drawPages() : drawWcag();
    document.querySelectorAll(".views button").forEach(function (btn) {
      btn.setAttribute("aria-pressed", String(btn.dataset.view === state.view));
    });
  }
  function apply() {
    state.sev = sevSel.value ? SEV.indexOf(sevSel.value) : -1;
    state.rule = ruleSel.value === "" ? -1 : Number(ruleSel.value);
    state.text = textIn.value.trim().toLowerCase();
    state.page = 0;
    filter(); draw();
  }

  view.addEventListener("toggle", function (event) {
    var box = event.target, id = box.dataset && box.dataset.id;
    if (!id) { return; }
    if (box.open && !state.open[id]) { state.open[id] = PLACES; draw(); }
    if (!box.open && state.open[id]) { delete state.open[id]; draw(); }
  }, true);
  view.addEventListener("click", function (event) {
    var more = event.target.closest && event.target.closest("button.more");
    if (!more) { return; }
    state.open[more.closest("details").dataset.id] = Number(more.dataset.more); draw();
  });
  document.querySelector(".views").addEventListener("click", function (event) {
    var btn = event.target.closest("button");
    if (!btn) { return; }
    state.view = btn.dataset.view; state.page = 0; draw();
    // The address names the view shown, so it can be shared, and typing another #view= in it
    // always changes the hash (replaceState fires no hashchange).
    var params = new URLSearchParams(location.hash.slice(1));
    params.set("view", state.view);
    history.replaceState(null, "", "#" + params.toString());
  });
  $("prev").addEventListener("click", function () { state.page -= 1; draw(); });
  $("next").addEventListener("click", function () { state.page += 1; draw(); });
  [sevSel, ruleSel, textIn].forEach(function (el) { el.addEventListener("input", apply); });

  // The address is the view and its filters (#view=pages&severity=warning&rule=…&q=…): read
  // when the page opens and whenever it changes while open; what it does not name is reset.
  function fromAddress() {
    var preset = new URLSearchParams(location.hash.slice(1));
    sevSel.value = SEV.indexOf(preset.get("severity")) !== -1 ? preset.get("severity") : "";
    var wanted = D.rules.findIndex(function (r) { return r[0] === preset.get("rule"); });
    ruleSel.value = wanted >= 0 ? String(wanted) : "";
    textIn.value = preset.get("q") || "";
    state.view = ["rules", "pages", "wcag"].indexOf(preset.get("view")) !== -1 ? preset.get("view") : "rules";
    apply();
  }
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = "true";
})();
