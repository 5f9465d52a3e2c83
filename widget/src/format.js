// Safe rendering of bot text: a tiny subset of Markdown (paragraphs, line breaks, bullet and
// numbered lists, **bold**, *italic*, [links](https://...) and bare URLs) turned into DOM nodes.
// Message text only ever reaches the page through text nodes: no innerHTML, so HTML in a
// message is shown as the characters it is.

const SAFE_PROTOCOLS = ["http:", "https:", "mailto:", "tel:"];

export function safeHref(raw) {
  try {
    const url = new URL(raw, window.location.href);
    return SAFE_PROTOCOLS.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const INLINE = new RegExp(
  [
    String.raw`\[([^\]\n]+)\]\(([^)\s]+)\)`, // 1,2: [text](url)
    String.raw`((?:https?://|mailto:)[^\s<>"]*[^\s<>".,;:!?')\]])`, // 3: bare URL
    String.raw`(?<![\w*])\*\*(?!\s)([^*\n]+?)(?<!\s)\*\*(?![\w*])`, // 4: **bold**
    String.raw`(?<![\w_])__(?!\s)([^_\n]+?)(?<!\s)__(?![\w_])`, // 5: __bold__
    String.raw`(?<![\w*])\*(?![\s*])([^*\n]+?)(?<!\s)\*(?![\w*])`, // 6: *italic*
    String.raw`(?<![\w_])_(?![\s_])([^_\n]+?)(?<!\s)_(?![\w_])`, // 7: _italic_
  ].join("|"),
  "g",
);

function link(text, href, newTabNote) {
  const url = safeHref(href);
  if (!url) return document.createTextNode(text);
  const a = document.createElement("a");
  a.href = url;
  a.textContent = text;
  if (/^https?:/.test(url) && new URL(url).origin !== window.location.origin) {
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    if (newTabNote) {
      const note = document.createElement("span");
      note.className = "ld-visually-hidden";
      note.textContent = ` (${newTabNote})`;
      a.append(note);
    }
  }
  return a;
}

export function appendInline(parent, text, opts = {}) {
  let last = 0;
  INLINE.lastIndex = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) parent.append(document.createTextNode(text.slice(last, m.index)));
    if (m[1] !== undefined) parent.append(link(m[1], m[2], opts.newTabNote));
    else if (m[3] !== undefined) parent.append(link(m[3].replace(/^mailto:/, ""), m[3], opts.newTabNote));
    else if (m[4] !== undefined || m[5] !== undefined) {
      const strong = document.createElement("strong");
      appendInline(strong, m[4] ?? m[5], opts);
      parent.append(strong);
    } else {
      const em = document.createElement("em");
      em.append(document.createTextNode(m[6] ?? m[7]));
      parent.append(em);
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) parent.append(document.createTextNode(text.slice(last)));
}

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

// Returns a DocumentFragment with <p>, <ul>, <ol> blocks.
export function renderText(text, opts = {}) {
  const frag = document.createDocumentFragment();
  const lines = String(text ?? "").replace(/\r\n?/g, "\n").split("\n");
  let para = null;
  let list = null;
  let listKind = null;
  for (const line of lines) {
    const bullet = line.match(BULLET);
    const numbered = bullet ? null : line.match(NUMBERED);
    if (bullet || numbered) {
      const kind = bullet ? "ul" : "ol";
      if (!list || listKind !== kind) {
        list = document.createElement(kind);
        listKind = kind;
        frag.append(list);
      }
      const li = document.createElement("li");
      appendInline(li, (bullet || numbered)[1], opts);
      list.append(li);
      para = null;
      continue;
    }
    list = null;
    listKind = null;
    if (!line.trim()) {
      para = null;
      continue;
    }
    if (para) para.append(document.createElement("br"));
    else {
      para = document.createElement("p");
      frag.append(para);
    }
    appendInline(para, line, opts);
  }
  return frag;
}
