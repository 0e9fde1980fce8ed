// Runs in the settled page after snapshot.js, which numbered every element it read
// (window.__govlintIndex: element -> its place in the snapshot). Each phase measures what a
// static reading cannot: pointer target sizes, clipping under the text-spacing style, the
// widest content at a 320 px viewport, and the focus rendering of each element reached with Tab.
// Elements are named by their snapshot number; elements made after the snapshot are skipped.
(arg) => {
  const index = window.__govlintIndex;
  if (!index) return JSON.stringify(null);
  const num = (el) => (index.has(el) ? index.get(el) : -1);
  const TARGETS = "a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, " +
    "[role=button], [role=link], [role=checkbox], [role=radio], [role=switch], [role=tab], " +
    "[role=menuitem], [role=menuitemcheckbox], [role=menuitemradio], [role=option], " +
    "[role=slider], [role=spinbutton], [role=combobox]";
  const FOCUSABLE = TARGETS + ", [tabindex], [contenteditable=''], [contenteditable=true], iframe";
  const INLINE = /^inline/;
  const shown = (el) => el.checkVisibility({visibilityProperty: true, opacityProperty: true});

  function inTextBlock(el) {  // a link inside a sentence: its size is set by the text (exempt)
    if (el.localName !== "a" || !INLINE.test(getComputedStyle(el).display)) return false;
    let block = el.parentElement;
    while (block && INLINE.test(getComputedStyle(block).display)) block = block.parentElement;
    if (!block) return false;
    const size = (node) => node.textContent.replace(/\s+/g, "").length;
    let links = 0;
    for (const a of block.querySelectorAll("a")) links += size(a);
    return size(el) > 0 && size(block) > links;  // some of the block's text is not a link
  }
  function native(el) {  // a control drawn by the browser at its own size (exempt)
    const type = (el.getAttribute("type") || "").toLowerCase();
    return el.localName === "input" && (type === "checkbox" || type === "radio") &&
      getComputedStyle(el).appearance !== "none";
  }

  function targets() {
    const found = [];
    for (const el of document.querySelectorAll(TARGETS)) {
      if (num(el) < 0 || el.closest("[inert]") || !shown(el)) continue;
      if (el.parentElement && el.parentElement.closest(TARGETS)) continue;  // the outer one is the target
      const r = el.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0) continue;
      found.push({el: el, r: r, cx: r.left + r.width / 2, cy: r.top + r.height / 2,
                  small: r.width < 24 || r.height < 24});
    }
    const out = [];
    for (const t of found) {
      if (!t.small || inTextBlock(t.el) || native(t.el)) continue;
      // WCAG 2.5.8 spacing: a 24 px circle centred on the target meets no other target, and no
      // other undersized target's circle.
      let near = null;
      for (const o of found) {
        if (o === t) continue;
        let hit;
        if (o.small) {
          hit = Math.hypot(o.cx - t.cx, o.cy - t.cy) < 24;
        } else {
          const dx = Math.max(o.r.left - t.cx, 0, t.cx - o.r.right);
          const dy = Math.max(o.r.top - t.cy, 0, t.cy - o.r.bottom);
          hit = dx * dx + dy * dy < 144;
        }
        if (hit) { near = o; break; }
      }
      if (near) out.push([num(t.el), Math.round(t.r.width * 10) / 10, Math.round(t.r.height * 10) / 10,
                          num(near.el)]);
    }
    return out;
  }

  function clippedNow() {
    const out = new Map();
    for (const el of document.body ? document.body.querySelectorAll("*") : []) {
      if (num(el) < 0) continue;
      const cs = getComputedStyle(el);
      const hides = (v) => v === "hidden" || v === "clip";
      if (!hides(cs.overflowX) && !hides(cs.overflowY)) continue;
      if (!el.textContent.trim() || !shown(el)) continue;
      const over = (hides(cs.overflowY) && el.scrollHeight > el.clientHeight + 1) ||
                   (hides(cs.overflowX) && el.scrollWidth > el.clientWidth + 1);
      if (over) out.set(el, [el.clientWidth, el.clientHeight, el.scrollWidth, el.scrollHeight]);
    }
    return out;
  }
  function spacing() {
    const before = clippedNow();
    const style = document.createElement("style");
    // WCAG 1.4.12's values, as a user style sheet would set them.
    style.textContent = "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; " +
      "word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }";
    document.documentElement.appendChild(style);
    const after = clippedNow();
    style.remove();
    const out = [];
    for (const [el, box] of after) {
      if (before.has(el)) continue;
      if ([...after.keys()].some((o) => o !== el && o.contains(el))) continue;  // the outer one
      out.push([num(el), ...box]);
    }
    return out;
  }

  const EXEMPT = "table, pre, code, svg, canvas, video, iframe, object, embed, img, picture, " +
    "map, math, [role=toolbar], [role=grid], [role=img], [role=application]";
  function reflow() {
    const root = document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth <= width + 1) return null;
    let widest = null, widestWidth = 0;
    for (const el of document.body ? document.body.querySelectorAll("*") : []) {
      if (num(el) < 0 || el.closest(EXEMPT)) continue;
      const r = el.getBoundingClientRect();
      if (r.right <= width + 1 || r.width <= width + 1 || !shown(el)) continue;
      if (r.width > widestWidth) { widest = el; widestWidth = r.width; }
    }
    return widest ? [num(widest), root.scrollWidth, Math.round(widestWidth)] : null;
  }

  // Focus: the look of every focusable element unfocused is taken first; a focusin listener
  // then takes it focused (with its parent's and grandparent's, for :focus-within styles),
  // and where it sits among fixed and sticky content once scrolled into view.
  // What makes focus visible, each part only where it shows (an outline of style none has a
  // colour, which Chromium's focus ring sets even under "outline: none").
  function part(cs) {
    const out = [];
    out.push(cs.outlineStyle === "none" || parseFloat(cs.outlineWidth) === 0 ? "-"
             : [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.outlineOffset].join(" "));
    for (const side of ["Top", "Right", "Bottom", "Left"]) {
      const style = cs[`border${side}Style`], width = parseFloat(cs[`border${side}Width`]);
      out.push(style === "none" || !width ? "-" : [style, width, cs[`border${side}Color`]].join(" "));
    }
    const line = cs.textDecorationLine;
    out.push(cs.boxShadow, cs.backgroundColor, cs.backgroundImage, cs.color,
             line === "none" ? "-" : `${line} ${cs.textDecorationColor} ${cs.textDecorationThickness}`,
             cs.filter, cs.transform, cs.opacity);
    return out.join("|");
  }
  function look(el) {
    // the element's pseudo-elements too: a focus indicator drawn with ::before or ::after
    const parts = [part(getComputedStyle(el, "::before")), part(getComputedStyle(el, "::after"))];
    for (let node = el, depth = 0; node && depth < 3; node = node.parentElement, depth++) {
      parts.push(part(getComputedStyle(node)));
    }
    return parts.join("||");
  }
  function describe(el) {
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle === "none" || parseFloat(cs.outlineWidth) === 0 ? "no outline"
      : `outline ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`;
    const shadow = cs.boxShadow === "none" ? "no shadow" : `box-shadow ${cs.boxShadow}`;
    return `${outline}, ${shadow}, background ${cs.backgroundColor}, text ${cs.color}, ` +
      `decoration ${cs.textDecorationLine}`;
  }
  function covered(el) {  // entirely behind fixed or sticky content: what covers it, else null
    const r = el.getBoundingClientRect();
    const vw = window.innerWidth, vh = window.innerHeight;
    if (r.bottom <= 0 || r.right <= 0 || r.top >= vh || r.left >= vw || !r.width || !r.height) return null;
    let cover = null;
    for (const fx of [0.1, 0.5, 0.9]) {
      for (const fy of [0.1, 0.5, 0.9]) {
        const x = Math.min(Math.max(r.left + r.width * fx, 0), vw - 1);
        const y = Math.min(Math.max(r.top + r.height * fy, 0), vh - 1);
        const top = document.elementFromPoint(x, y);
        if (!top || top === el || el.contains(top) || top.contains(el)) return null;
        let pinned = top;
        while (pinned && !/^(fixed|sticky)$/.test(getComputedStyle(pinned).position)) pinned = pinned.parentElement;
        if (!pinned) return null;
        cover = cover || pinned;
      }
    }
    return cover;
  }
  function focusStart() {
    const before = new WeakMap();
    let tabbable = 0;
    for (const el of document.querySelectorAll(FOCUSABLE)) {
      if (num(el) < 0) continue;
      before.set(el, [look(el), describe(el)]);
      if (el.tabIndex >= 0 && !el.disabled && shown(el) && !el.closest("[inert]")) tabbable++;
    }
    const steps = [];
    window.__govlintFocus = {steps: steps, tabbable: tabbable};
    document.addEventListener("focusin", (event) => {
      const el = event.target;
      if (!(el instanceof Element)) return;
      const was = before.get(el);
      const cover = covered(el);
      steps.push([num(el), was ? (look(el) === was[0] ? 0 : 1) : -1, was ? was[1] : "",
                  describe(el), cover ? num(cover) : -1]);
    }, true);
    document.addEventListener("focusout", (event) => {
      if (!event.relatedTarget) steps.push([-2]);  // focus left the page (to the browser)
    }, true);
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    return tabbable;
  }
  function focusRead() {
    return window.__govlintFocus || null;
  }

  const phases = {targets, spacing, reflow, focusStart, focusRead};
  return JSON.stringify(phases[arg]());
}
