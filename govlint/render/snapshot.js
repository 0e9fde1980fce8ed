// Runs in the settled page; returns the rendered DOM with what govlint needs from the
// browser's computed styles. Each element is [namespace, localName, attributes, children,
// facts]; children are strings (text) or elements. facts is null or an object:
//   h: 1 when the element is not rendered (display, visibility, content-visibility)
//   t: the colours and font behind its own text      l: the same for a link in a text block
(stamp) => {
  const SKIP = new Set(["script", "style", "noscript", "template", "title", "head", "select",
                        "option", "iframe", "object", "svg", "math"]);
  const INLINE = /^inline/;
  const vw = window.innerWidth, vh = window.innerHeight;
  // Every element's place in the snapshot (its order in a walk of the tree), for probes.js.
  const index = new WeakMap();
  let counter = 0;
  window.__govlintIndex = index;

  function hasText(el) {
    for (const node of el.childNodes) {
      if (node.nodeType === 3 && node.data.trim()) return node;
    }
    return null;
  }
  // A form field showing text its user typed or the page filled in (its value).
  const FIELDS = new Set(["", "text", "search", "email", "url", "tel", "number"]);
  function fieldText(el, name) {
    if (name === "textarea") return !!el.value.trim();
    return name === "input" && FIELDS.has((el.getAttribute("type") || "").toLowerCase())
           && !!el.value.trim();
  }
  // Background layers from the element outwards, to the first opaque one.
  function layers(chain) {
    const out = [];
    let image = false;
    for (let link = chain; link; link = link.up) {
      if (link.image) image = true;
      out.push(link.color);
      if (link.opaque) break;
    }
    return [out, image];
  }
  function disabled(el) {
    if (el.closest(":disabled, [aria-disabled='true' i]")) return true;
    const label = el.closest("label");
    return !!(label && label.control && label.control.disabled);
  }
  function alphaOf(color) {
    return /^rgba\(/.test(color) ? parseFloat(color.split(/[,/]/).pop()) : 1;
  }
  // The centre of the element's first run of text (of its box, for a form field), when on screen.
  function centreOf(el, textNode) {
    let box = el.getBoundingClientRect();
    if (textNode) {
      const range = document.createRange();
      range.selectNodeContents(textNode);
      box = range.getClientRects()[0];
    }
    if (!box) return null;
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    return x < 0 || y < 0 || x >= vw || y >= vh ? null : [x, y];
  }
  // What is painted behind the text. On screen: the elements stacked under the centre of its
  // first run (positioned elements included), and whether something else is on top of it.
  // Off screen, or when the stack does not hold the element: its ancestors.
  function backdrop(el, textNode, chain) {
    const centre = centreOf(el, textNode);
    const stack = centre ? document.elementsFromPoint(centre[0], centre[1]) : [];
    const at = stack.indexOf(el);
    if (at < 0) {
      const hit = stack[0];
      const [bgs, image] = layers(chain);
      return {bgs: bgs, img: image, ov: !!hit && !el.contains(hit) && !hit.contains(el)};
    }
    const out = [];
    let image = false;
    for (const under of stack.slice(at)) {
      const s = getComputedStyle(under);
      if (s.backgroundImage !== "none") image = true;
      out.push(s.backgroundColor);
      if (alphaOf(s.backgroundColor) >= 1) break;
    }
    return {bgs: out, img: image, ov: stack.slice(0, at).some((above) => !el.contains(above))};
  }
  function textFacts(el, cs, textNode, chain, opacity) {
    const box = el.getBoundingClientRect();
    const behind = backdrop(el, textNode, chain);
    return {
      fg: cs.color, op: opacity, bgs: behind.bgs, img: behind.img,
      fs: parseFloat(cs.fontSize), fw: parseInt(cs.fontWeight, 10) || 400,
      dis: disabled(el), tiny: box.width <= 1 || box.height <= 1, ov: behind.ov,
    };
  }
  function cue(cs) {
    return {
      deco: cs.textDecorationLine,
      border: cs.borderBottomStyle !== "none" && parseFloat(cs.borderBottomWidth) > 0,
      fw: parseInt(cs.fontWeight, 10) || 400, fst: cs.fontStyle, fg: cs.color,
    };
  }
  const lengths = new Map();  // a block's text length, counted once however many links it holds
  function textLength(node) {
    let n = lengths.get(node);
    if (n === undefined) lengths.set(node, n = node.textContent.replace(/\s+/g, "").length);
    return n;
  }
  function linkFacts(el, cs, chain, opacity) {
    let block = el.parentElement;
    while (block && INLINE.test(getComputedStyle(block).display)) block = block.parentElement;
    if (!block) return null;
    const own = textLength(el);
    const all = textLength(block);
    if (!own || all <= own) return null;  // no text around the link: not in a block of text
    const parent = getComputedStyle(el.parentElement);
    const [bgs, image] = layers(chain);
    return {link: cue(cs), text: cue(parent), op: opacity, bgs: bgs, img: image};
  }
  function walk(el, chain, opacity) {
    index.set(el, counter++);
    const cs = getComputedStyle(el);
    const name = el.localName;
    const hidden = !el.checkVisibility({visibilityProperty: true});
    const opac = opacity * (parseFloat(cs.opacity) || 0);
    const color = cs.backgroundColor;
    const link = {color: color, image: cs.backgroundImage !== "none", opaque: alphaOf(color) >= 1,
                  up: chain};
    let facts = null;
    if (hidden) {
      facts = {h: 1};
    } else if (el.namespaceURI === "http://www.w3.org/1999/xhtml" && !SKIP.has(name)) {
      const textNode = hasText(el);
      if (textNode) facts = {t: textFacts(el, cs, textNode, link, opac)};
      else if (fieldText(el, name)) facts = {t: textFacts(el, cs, null, link, opac)};
      if (name === "a" && el.hasAttribute("href")) {
        const l = linkFacts(el, cs, link, opac);
        if (l) (facts = facts || {}).l = l;
      }
    }
    const attrs = [];
    for (const a of el.attributes) attrs.push([a.name, a.value]);
    const children = [];
    for (const node of el.childNodes) {
      if (node.nodeType === 3) children.push(node.data);
      else if (node.nodeType === 1) children.push(walk(node, link, opac));
    }
    return [el.namespaceURI, name, attrs, children, facts];
  }
  return JSON.stringify(walk(document.documentElement, null, 1));
}
