// The Leert Door chat widget: an accessible chat dialog on the landing page that talks to
// Rasa's socket.io channel (user_uttered / bot_uttered) with sessions the server issues: the
// widget presents the key it was given (session_request) and adopts what the server confirms.
import { io } from "socket.io-client";
import { renderText } from "./format.js";
import { STRINGS } from "./strings.js";
import {
  adoptSession,
  clearTranscript,
  loadSession,
  loadTranscript,
  readSessionId,
  saveTranscript,
  touchSession,
  transcriptKey,
  utmFromUrl,
  utmMaxLength,
} from "./store.js";

const TYPING_TIMEOUT_MS = 30000;
const TYPING_SETTLE_MS = 700;
const MAX_MESSAGE = 1000; // until the server says its limit (session_confirm)

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

// A speech-bubble icon drawn with SVG (no emoji: not every device has an emoji font).
function chatIcon() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "22");
  svg.setAttribute("height", "22");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "ld-launcher-icon");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
  path.setAttribute("fill", "currentColor");
  svg.append(path);
  return svg;
}

function reducedMotion() {
  return window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}

const OUTCOMES = ["pass", "needs_review", "fail"];
const VERDICTS = ["eligible", "needs_review", "not_eligible"];

function str(value, max = 2000) {
  return typeof value === "string" ? value.slice(0, max) : "";
}

// The verdict as the bot sends it to this channel (actions/result.py): the outcome at a glance,
// the reasons under it, then what the resident can do. Only known fields, only text.
function cardOf(msg) {
  if (!VERDICTS.includes(msg.verdict)) return null;
  const list = (v) => (Array.isArray(v) ? v.slice(0, 12) : []);
  return {
    verdict: msg.verdict,
    title: str(msg.title, 300),
    why: str(msg.why, 200),
    reasons: list(msg.reasons)
      .filter((r) => r && OUTCOMES.includes(r.outcome))
      .map((r) => ({ outcome: r.outcome, label: str(r.label, 60), text: str(r.text, 500) })),
    advice: str(msg.advice, 1000),
    stepsTitle: str(msg.steps_title, 100),
    steps: list(msg.steps).map((s) => ({ text: str(s?.text, 500), url: str(s?.url, 500) })),
  };
}

// Normalises what Rasa's socket.io output sends: {text}, {text, quick_replies}, {attachment},
// custom payloads with {text, buttons}, and the bot's own {type: "result_card" | "erased"}.
function normalise(msg) {
  if (!msg || typeof msg !== "object") return null;
  if (msg.type === "erased") return { who: "bot", erased: true };
  if (msg.type === "result_card") {
    const card = cardOf(msg);
    return card ? { who: "bot", card, text: str(msg.text, 4000) } : null;
  }
  const item = { who: "bot", text: typeof msg.text === "string" ? msg.text : "" };
  const replies = msg.quick_replies || msg.buttons || [];
  if (Array.isArray(replies) && replies.length) {
    item.replies = replies
      .filter((r) => r && (r.title || r.payload))
      .map((r) => ({ title: String(r.title ?? r.payload), payload: String(r.payload ?? r.title) }));
  }
  const src = msg.attachment?.payload?.src;
  if (!item.text && typeof src === "string") item.text = src;
  return item.text || item.replies ? item : null;
}

class ChatWidget {
  constructor(root) {
    this.root = root;
    this.lang = document.documentElement.lang === "en" ? "en" : "nl";
    this.s = STRINGS[this.lang];
    this.socketUrl = root.dataset.socketUrl || window.location.origin;
    this.tabId = Math.random().toString(36).slice(2);
    this.maxMessage = MAX_MESSAGE;
    this.utmMaxLength = utmMaxLength(root.dataset.utmMaxLength);
    this.session = loadSession(utmFromUrl(window.location.href, this.utmMaxLength));
    this.rendered = 0;
    this.pinned = null;
    this.socket = null;
    this.confirmed = false;
    this.queue = [];
    this.opener = null;
    this.typingTimer = null;
    this.settleTimer = null;
    this.build();
    this.renderFromStore();
    window.addEventListener("storage", (e) => this.onStorage(e));
  }

  // ---- DOM -------------------------------------------------------------------------------
  build() {
    const s = this.s;
    this.launcher = h(
      "button",
      { type: "button", class: "ld-launcher", "aria-haspopup": "dialog", onclick: (e) => this.open(e.currentTarget) },
      chatIcon(),
      h("span", { class: "ld-launcher-text", text: s.launcher }),
    );
    this.title = h("h2", { id: "ld-chat-title", class: "ld-title", text: this.root.dataset.title || s.title });
    this.closeBtn = h(
      "button",
      { type: "button", class: "ld-icon-btn ld-close", "aria-label": s.close, onclick: () => this.close() },
      h("span", { "aria-hidden": "true", text: "×" }),
    );
    const tools = h(
      "div",
      { class: "ld-tools" },
      h("button", { type: "button", class: "ld-tool", "data-action": "restart", text: s.restart, onclick: () => this.restart() }),
      h("button", { type: "button", class: "ld-tool", "data-action": "erase", text: s.erase, onclick: () => this.erase() }),
    );
    const header = h(
      "div",
      { class: "ld-header" },
      h("div", { class: "ld-heading" }, this.title, h("p", { id: "ld-chat-desc", class: "ld-subtitle", text: s.subtitle })),
      this.closeBtn,
      tools,
    );
    this.status = h("p", { class: "ld-status", role: "status" });
    this.list = h("ol", { class: "ld-messages" });
    this.typing = h(
      "div",
      { class: "ld-typing", hidden: true },
      h("span", { class: "ld-dots", "aria-hidden": "true" }, h("span"), h("span"), h("span")),
      h("span", { class: "ld-typing-text", text: s.typing }),
    );
    this.log = h(
      "section",
      { class: "ld-log", "aria-label": s.conversation, tabindex: "0" },
      this.list,
      this.typing,
    );
    // New bot messages are announced from here (polite), so restoring the history or echoing
    // the resident's own words is not read out again.
    this.live = h("div", { class: "ld-visually-hidden", "aria-live": "polite", "data-live": "" });
    this.input = h("input", {
      id: "ld-chat-input",
      class: "ld-input",
      type: "text",
      autocomplete: "off",
      enterkeyhint: "send",
      maxlength: String(MAX_MESSAGE),
      placeholder: s.placeholder,
    });
    this.form = h(
      "form",
      { class: "ld-form", onsubmit: (e) => this.onSubmit(e) },
      h("label", { for: "ld-chat-input", class: "ld-visually-hidden", text: s.inputLabel }),
      this.input,
      h("button", { type: "submit", class: "ld-send", text: s.send }),
    );
    this.dialog = h(
      "dialog",
      { class: "ld-dialog", "aria-labelledby": "ld-chat-title", "aria-describedby": "ld-chat-desc" },
      header,
      this.status,
      this.log,
      this.form,
      this.live,
    );
    this.dialog.addEventListener("close", () => this.onClosed());
    this.root.append(this.launcher, this.dialog);
    for (const btn of document.querySelectorAll("[data-chat-open]")) {
      btn.hidden = false;
      btn.setAttribute("aria-haspopup", "dialog");
      btn.addEventListener("click", (e) => this.open(e.currentTarget));
    }
  }

  cardNode(card, index) {
    const s = this.s;
    const titleId = `ld-card-${index}`;
    const mark = { pass: "✓", needs_review: "?", fail: "✗" };
    const section = h(
      "section",
      { class: `ld-card ld-card-${card.verdict}`, "aria-labelledby": titleId },
      h(
        "h3",
        { id: titleId, class: "ld-card-title" },
        h("span", { class: "ld-card-icon", "aria-hidden": "true", text: mark[{ eligible: "pass", not_eligible: "fail" }[card.verdict] || "needs_review"] }),
        h("span", { text: card.title }),
      ),
    );
    if (card.reasons.length) {
      if (card.why) section.append(h("p", { class: "ld-card-why", text: card.why }));
      const ul = h("ul", { class: "ld-card-reasons" });
      for (const r of card.reasons) {
        ul.append(
          h(
            "li",
            { class: `ld-reason ld-reason-${r.outcome}` },
            h("span", { class: "ld-mark", "aria-hidden": "true", text: mark[r.outcome] }),
            h("span", { class: "ld-visually-hidden", text: `${r.label}: ` }),
            h("span", { text: r.text }),
          ),
        );
      }
      section.append(ul);
    }
    if (card.advice) {
      const p = h("div", { class: "ld-card-advice" });
      p.append(renderText(card.advice, { newTabNote: s.newTab }));
      section.append(p);
    }
    if (card.steps.length) {
      section.append(h("h4", { class: "ld-card-steps-title", text: card.stepsTitle }));
      const ul = h("ul", { class: "ld-card-steps" });
      for (const step of card.steps) {
        const li = h("li");
        li.append(renderText(step.url ? `${step.text} ${step.url}` : step.text, { newTabNote: s.newTab }));
        ul.append(li);
      }
      section.append(ul);
    }
    return section;
  }

  messageNode(item, index, items) {
    const s = this.s;
    const li = h("li", { class: `ld-msg ld-${item.who}${item.card ? " ld-card-msg" : ""}` });
    li.append(h("span", { class: "ld-visually-hidden", text: `${item.who === "user" ? s.you : s.bot} ` }));
    if (item.card) {
      li.append(this.cardNode(item.card, index));
      return li;
    }
    const body = h("div", { class: "ld-bubble" });
    body.append(renderText(item.text, { newTabNote: s.newTab }));
    li.append(body);
    const answered = items.slice(index + 1).some((it) => it.who === "user");
    if (item.who === "bot" && item.replies?.length && !answered) {
      const group = h("div", { class: "ld-replies", role: "group", "aria-label": s.repliesLabel });
      for (const r of item.replies) {
        group.append(
          h("button", {
            type: "button",
            class: "ld-reply",
            text: r.title,
            onclick: () => this.sendUser(r.title, r.payload),
          }),
        );
      }
      li.append(group);
    }
    return li;
  }

  // Renders the stored transcript; only what is new is appended (and announced if asked).
  renderFromStore(announce = false) {
    const t = loadTranscript(this.session.id);
    const items = t.items;
    if (items.length < this.rendered) {
      this.list.replaceChildren();
      this.rendered = 0;
    }
    // Quick replies of earlier messages go once the resident has answered.
    if (items.slice(this.rendered).some((it) => it.who === "user")) {
      for (const g of this.list.querySelectorAll(".ld-replies")) g.remove();
    }
    // The last rendered bot message may get replies hidden/shown: re-render from the last
    // message that carries replies, simpler than patching.
    for (let i = this.rendered; i < items.length; i++) {
      const node = this.messageNode(items[i], i, items);
      this.list.append(node);
      if (items[i].card) this.pinned = { node, index: i };
      if (announce && items[i].who === "bot") this.announce(items[i].card ? items[i].text || items[i].card.title : items[i].text);
    }
    this.rendered = items.length;
    this.scrollToEnd();
    return t;
  }

  announce(text) {
    const p = h("p", { text: `${this.s.bot} ${text}` });
    this.live.append(p);
    while (this.live.childElementCount > 6) this.live.firstElementChild.remove();
  }

  // To the newest message; but a verdict that just came stays in view from its heading on (on a
  // phone the question after it would otherwise push the outcome out of sight).
  scrollToEnd() {
    let top = this.log.scrollHeight;
    const items = this.list.children.length;
    if (this.pinned && this.pinned.node.isConnected && items - this.pinned.index <= 3) {
      top = Math.min(top, this.pinned.node.offsetTop - 8);
    }
    this.log.scrollTo({ top, behavior: reducedMotion() ? "auto" : "smooth" });
  }

  setStatus(text) {
    this.status.textContent = text || "";
    this.status.classList.toggle("ld-status-on", Boolean(text));
  }

  showTyping(on) {
    clearTimeout(this.typingTimer);
    this.typing.hidden = !on;
    if (on) {
      this.typingTimer = setTimeout(() => {
        this.typing.hidden = true;
        this.setStatus(this.s.noAnswer);
      }, TYPING_TIMEOUT_MS);
      this.scrollToEnd();
    }
  }

  // ---- dialog ----------------------------------------------------------------------------
  open(opener) {
    if (this.dialog.open) return;
    this.opener = opener || document.activeElement;
    this.dialog.showModal();
    document.documentElement.classList.add("ld-chat-open");
    this.connect();
    this.renderFromStore();
    this.input.focus();
    const t = loadTranscript(this.session.id);
    // This tab now stores the bot's answers (see onBotMessage), also after a reload.
    t.owner = this.tabId;
    saveTranscript(this.session.id, t);
    if (!t.items.length && !t.greeted) {
      // A new conversation: the bot opens it (says it is a digital assistant, asks consent).
      saveTranscript(this.session.id, { ...t, greeted: true, owner: this.tabId });
      this.emitMessage("/greet");
      this.showTyping(true);
    }
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  onClosed() {
    document.documentElement.classList.remove("ld-chat-open");
    const back = this.opener && document.contains(this.opener) ? this.opener : this.launcher;
    back.focus();
  }

  // ---- socket ------------------------------------------------------------------------------
  connect() {
    if (this.socket) return;
    this.setStatus(this.s.connecting);
    this.socket = io(this.socketUrl, {
      // WebSocket only: no long-polling requests across origins (and no CORS to configure).
      transports: ["websocket"],
      reconnection: true,
      reconnectionDelayMax: 10000,
    });
    this.socket.on("connect", () => {
      this.confirmed = false;
      this.requestSession();
    });
    this.socket.on("session_confirm", (confirmed) => {
      if (adoptSession(this.session, confirmed)) this.onSessionReplaced();
      const max = Number(confirmed?.max_message_chars);
      if (Number.isInteger(max) && max > 0) {
        this.maxMessage = max;
        this.input.maxLength = max;
      }
      this.confirmed = true;
      this.setStatus("");
      for (const msg of this.queue.splice(0)) this.socket.emit("user_uttered", msg);
    });
    this.socket.on("bot_uttered", (msg) => this.onBotMessage(msg));
    this.socket.on("disconnect", () => {
      this.confirmed = false;
      this.setStatus(this.s.offline);
    });
    this.socket.on("connect_error", () => this.setStatus(this.s.offline));
  }

  // The key this browser was given is its only proof of the session (never the id).
  requestSession() {
    this.socket.emit("session_request", this.session.key ? { session_key: this.session.key } : {});
  }

  onSessionReplaced() {
    this.rendered = 0;
    this.list.replaceChildren();
    this.renderFromStore();
    if (this.dialog.open) {
      saveTranscript(this.session.id, { owner: this.tabId, greeted: true, items: [] });
      this.queue = this.queue.filter((m) => m.message !== "/greet");
      this.queue.unshift({ message: "/greet", session_id: this.session.id, metadata: this.metadata() });
    }
  }

  metadata() {
    return {
      language: this.lang,
      utm: this.session.utm || { source: null, medium: null, campaign: null, content: null, term: null },
      channel: "socketio",
    };
  }

  emitMessage(text) {
    const msg = { message: text, session_id: this.session.id, metadata: this.metadata() };
    touchSession(this.session);
    if (this.socket && this.confirmed) this.socket.emit("user_uttered", msg);
    else this.queue.push(msg);
  }

  onBotMessage(raw) {
    const item = normalise(raw);
    if (!item) return;
    if (item.erased) {
      this.onErased();
      return;
    }
    const t = loadTranscript(this.session.id);
    // Every tab of this session gets the bot's messages (Rasa sends them to the session's
    // room). The tab the resident last wrote from stores them; the others follow through the
    // storage event, so nothing is stored twice.
    if (t.owner && t.owner !== this.tabId) return;
    t.items.push(item);
    saveTranscript(this.session.id, t);
    this.setStatus("");
    this.renderFromStore(true);
    clearTimeout(this.settleTimer);
    this.showTyping(true);
    this.settleTimer = setTimeout(() => this.showTyping(false), TYPING_SETTLE_MS);
  }

  onStorage(e) {
    if (e.key === null) {
      this.rendered = 0;
      this.list.replaceChildren();
      return;
    }
    if (e.key === "leertdoor-chat:session") {
      const id = readSessionId();
      if (id && id !== this.session.id) {
        this.session = loadSession(null);
        this.rendered = 0;
        this.list.replaceChildren();
        this.renderFromStore();
        if (this.socket) this.requestSession();
      }
      return;
    }
    if (e.key === transcriptKey(this.session.id)) {
      const before = this.rendered;
      this.renderFromStore(this.dialog.open);
      if (this.rendered > before) this.showTyping(false);
    }
  }

  // ---- resident's actions ----------------------------------------------------------------
  sendUser(title, payload) {
    const text = String(title).trim().slice(0, this.maxMessage);
    if (!text) return;
    const t = loadTranscript(this.session.id);
    t.items.push({ who: "user", text });
    t.owner = this.tabId;
    saveTranscript(this.session.id, t);
    this.setStatus("");
    this.renderFromStore();
    this.emitMessage(payload ?? text);
    this.showTyping(true);
    this.input.focus();
  }

  onSubmit(e) {
    e.preventDefault();
    const text = this.input.value.trim();
    if (!text) {
      this.input.focus();
      return;
    }
    this.input.value = "";
    this.sendUser(text);
  }

  startFresh() {
    clearTranscript(this.session.id);
    saveTranscript(this.session.id, { owner: this.tabId, greeted: true, items: [] });
    this.list.replaceChildren();
    this.rendered = 0;
  }

  restart() {
    this.startFresh();
    this.emitMessage("/restart");
    this.showTyping(true);
    this.input.focus();
  }

  // "Delete my data": the bot asks for confirmation first (the same question as when typed).
  erase() {
    this.sendUser(this.s.erase, "/delete_data");
  }

  // The bot erased the conversation: nothing of it stays on the screen or in this browser
  // (also after a reload); what follows is the bot's "erased" message in a fresh transcript.
  onErased() {
    const t = loadTranscript(this.session.id);
    if (t.owner && t.owner !== this.tabId) return;
    this.startFresh();
    this.live.replaceChildren();
  }
}

function start() {
  const root = document.getElementById("leertdoor-chat");
  if (root && !root.dataset.ready) {
    root.dataset.ready = "1";
    window.leertdoorChat = new ChatWidget(root);
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
