// What the widget keeps in the browser (localStorage, so a reload and a new tab continue the
// same conversation): the session the server issued (its id and the key that proves it, see
// bot/channels/socketio.py) with the campaign's UTM parameters, and the transcript per session id.
// Until the server has confirmed a session, the widget works under a local placeholder id.
//
// Privacy trade-off: Rasa sends nothing back when a socket reconnects, so the only way to show
// the conversation again after a reload is to keep a copy of it in the browser. On a shared
// computer the next person could read it. We limit that: the copy expires after IDLE_HOURS
// without activity, lives only on this device (it is never sent anywhere), and "Start over" and
// "Delete my data" remove it at once (the latter also erases the lead and the conversation on
// our side).
//
// The session itself (a signed id, no conversation text) lasts SESSION_DAYS, longer than an
// appointment lies ahead (at most four weeks): a resident who comes back in this browser
// continues the same conversation, and the assistant shows their appointment (time, way of
// talking, adviser; no name or number) so they can move or cancel it. After IDLE_HOURS the screen
// starts empty and the widget greets again, which is when the assistant looks the appointment up.

const PREFIX = "leertdoor-chat:";
const SESSION_KEY = `${PREFIX}session`;
const IDLE_HOURS = 24;
const SESSION_DAYS = 45;
export const UTM_KEYS = ["source", "medium", "campaign", "content", "term"];

function read(key) {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or blocked: the chat still works, it just won't survive a reload */
  }
}

function remove(key) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    /* ignore */
  }
}

export function transcriptKey(sessionId) {
  return `${PREFIX}transcript:${sessionId}`;
}

const LOCAL = "local-";

// A placeholder until the server issues the session; never sent as proof of anything.
function placeholderId() {
  const bytes = new Uint8Array(8);
  window.crypto.getRandomValues(bytes);
  return LOCAL + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The API owns the limit of a UTM value (api/eligibility/vocabulary.yml, `limits`); the landing
// page passes it as data-utm-max-length. Without it (the widget on another page) this fallback
// applies; the API cuts a longer value to its own limit anyway and never refuses the lead for it.
export const UTM_MAX_LENGTH_FALLBACK = 100;

export function utmMaxLength(value) {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isInteger(n) && n > 0 && n <= 1000 ? n : UTM_MAX_LENGTH_FALLBACK;
}

export function utmFromUrl(href, maxLength = UTM_MAX_LENGTH_FALLBACK) {
  const params = new URL(href).searchParams;
  const utm = {};
  let any = false;
  for (const k of UTM_KEYS) {
    const v = params.get(`utm_${k}`);
    utm[k] = v ? v.slice(0, maxLength) : null;
    if (v) any = true;
  }
  return any ? utm : null;
}

function idleFor(record, hours) {
  return !record || !record.updated || Date.now() - record.updated > hours * 3600 * 1000;
}

// The current session, created when missing or idle longer than SESSION_DAYS; after IDLE_HOURS
// only the copy of the conversation goes. UTM parameters in the page URL are kept for the
// session: the first campaign that brought the resident here counts.
export function loadSession(pageUtm) {
  let session = read(SESSION_KEY);
  if (session?.id && idleFor(session, IDLE_HOURS)) remove(transcriptKey(session.id));
  if (!session || !session.id || idleFor(session, SESSION_DAYS * 24)) {
    session = { id: placeholderId(), key: null, utm: null, updated: Date.now() };
  }
  if (!session.utm && pageUtm) session.utm = pageUtm;
  session.updated = Date.now();
  write(SESSION_KEY, session);
  return session;
}

// Takes the session the server confirmed. The conversation so far moves along when it was only a
// placeholder; when the server replaced a session it no longer accepts (another server secret, an
// old widget's session), the copy of that conversation is dropped: the server starts anew.
// Returns true when the conversation was replaced.
export function adoptSession(session, confirmed) {
  const id = confirmed?.session_id;
  const key = confirmed?.session_key;
  if (typeof id !== "string" || typeof key !== "string") return false;
  const previous = session.id;
  session.key = key;
  if (id === previous) {
    touchSession(session);
    return false;
  }
  const replaced = !previous.startsWith(LOCAL);
  if (!replaced) saveTranscript(id, loadTranscript(previous));
  remove(transcriptKey(previous));
  session.id = id;
  touchSession(session);
  return replaced;
}

export function touchSession(session) {
  session.updated = Date.now();
  write(SESSION_KEY, session);
}

export function readSessionId() {
  return read(SESSION_KEY)?.id ?? null;
}

export function loadTranscript(sessionId) {
  const t = read(transcriptKey(sessionId));
  if (!t || !Array.isArray(t.items)) return { owner: null, greeted: false, items: [] };
  return t;
}

export function saveTranscript(sessionId, transcript) {
  write(transcriptKey(sessionId), transcript);
}

export function clearTranscript(sessionId) {
  remove(transcriptKey(sessionId));
}
