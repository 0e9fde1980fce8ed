"use strict";
(function () {
  const data = JSON.parse(document.getElementById("estate-data").textContent);
  const columns = data.columns, rows = data.rows, carried = data.carried;
  const col = (name) => columns.indexOf(name);
  const PROBLEMS = col("problems"), ERRORS = col("errors"), WARNINGS = col("warnings");
  const STATUS = col("crawl_status"), URL = col("url"), PAGES = col("pages");
  const PAGE_SIZE = 200;
  let sortBy = PROBLEMS, descending = true, page = 0, shown = rows;

  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  };
  const label = (row) => {
    const who = row.slice(0, carried).filter((v) => v).join(" / ");
    return who ? `${who}: ${row[URL]}` : row[URL];
  };

  // Summary
  const sum = (i) => rows.reduce((n, r) => n + (Number(r[i]) || 0), 0);
  const scanned = rows.filter((r) => r[STATUS] !== "not scanned").length;
  document.getElementById("totals").textContent =
    `${rows.length} sites (${scanned} scanned), ${sum(PAGES)} pages, ${sum(ERRORS)} errors, ` +
    `${sum(WARNINGS)} warnings.`;

  // Chart: the sites with the most problems, errors and warnings as parts of one bar.
  const top = rows.filter((r) => r[PROBLEMS] > 0).sort((a, b) => b[PROBLEMS] - a[PROBLEMS]).slice(0, data.top);
  const chart = document.getElementById("chart");
  const most = top.length ? top[0][PROBLEMS] : 1;
  for (const row of top) {
    const bar = el("div", undefined, "bar");
    bar.append(el("span", label(row), "label"));
    const errors = el("span", undefined, "fill");
    errors.style.width = `${(30 * row[ERRORS]) / most}rem`;
    const warnings = el("span", undefined, "fill warn");
    warnings.style.width = `${(30 * (row[PROBLEMS] - row[ERRORS])) / most}rem`;
    bar.append(errors, warnings, el("span", `${row[PROBLEMS]} (${row[ERRORS]} errors)`, "count"));
    chart.append(bar);
  }
  if (!top.length) chart.append(el("p", "No site has a problem."));

  // Table
  const head = document.getElementById("head");
  columns.forEach((name, i) => {
    const th = el("th");
    th.scope = "col";
    const button = el("button", name.replace(/_/g, " "));
    button.type = "button";
    button.addEventListener("click", () => {
      descending = sortBy === i ? !descending : typeof rows[0]?.[i] === "number";
      sortBy = i;
      page = 0;
      draw();
    });
    th.append(button);
    head.append(th);
  });
  const status = document.getElementById("f-status");
  for (const value of [...new Set(rows.map((r) => r[STATUS]))].sort()) {
    const option = el("option", value);
    option.value = value;
    status.append(option);
  }
  const text = document.getElementById("f-text"), onlyErrors = document.getElementById("f-problems");
  for (const control of [text, status, onlyErrors]) {
    control.addEventListener("input", () => { page = 0; draw(); });
  }
  document.getElementById("prev").addEventListener("click", () => { page = Math.max(0, page - 1); draw(); });
  document.getElementById("next").addEventListener("click", () => { page += 1; draw(); });

  function draw() {
    const needle = text.value.trim().toLowerCase();
    shown = rows.filter((r) => (!status.value || r[STATUS] === status.value) &&
      (!onlyErrors.checked || r[ERRORS] > 0) &&
      (!needle || r.some((v) => String(v).toLowerCase().includes(needle))));
    const sign = descending ? -1 : 1;
    shown.sort((a, b) => {
      const x = a[sortBy], y = b[sortBy];
      const order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
      return sign * order || a[URL].localeCompare(b[URL]);
    });
    head.querySelectorAll("th").forEach((th, i) => {
      if (i === sortBy) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    const body = document.getElementById("rows");
    body.replaceChildren(...shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((row) => {
      const tr = el("tr");
      row.forEach((value) => tr.append(el("td", String(value), typeof value === "number" ? "num" : "")));
      return tr;
    }));
    document.getElementById("shown-count").textContent = shown.length;
    document.getElementById("total-count").textContent = rows.length;
    document.getElementById("page-label").textContent = `page ${page + 1} of ${pages}`;
  }
  draw();
})();
