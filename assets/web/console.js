// The zhubo console: watches a room's live feed and steers its show with cues.
// Everything that came from viewers or the host is written with textContent.
import { $, el, prependCapped, clock, toast } from './console-dom.js';
import { showStatus, statusLost } from './console-status.js';
import { startPreview } from './console-preview.js';

const TOKEN_KEY = 'zhubo.console.token';
const MAX_CHAT = 200;
const MAX_LINES = 50;
const MAX_ACKS = 100;

// ---- room and token ----

function roomFromPath() {
  const m = location.pathname.match(/^\/console\/([^/]+)\/?$/);
  return m ? decodeURIComponent(m[1]) : 'demo';
}

// The token arrives once in ?token=; it is kept for this tab only and taken
// out of the address bar so it is not shared with a screenshot or a link.
function takeToken() {
  const url = new URL(location.href);
  const fromURL = url.searchParams.get('token');
  if (fromURL) {
    sessionStorage.setItem(TOKEN_KEY, fromURL);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromURL;
  }
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

const room = roomFromPath();
const token = takeToken();
$('room').textContent = room;
document.title = 'zhubo console · ' + room;

// ---- connection state ----

function setConn(state, text) {
  const c = $('conn');
  c.dataset.state = state;
  c.textContent = text;
  $('controls').disabled = state !== 'connected';
}

// ---- cues and acks ----

let socket = null;
let allowed = new Set();
const sent = new Map(); // cue id -> { type, what }, for cues this page sent

function newCueID() {
  const b = new Uint8Array(6);
  crypto.getRandomValues(b);
  return 'c-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function sendCue(type, args) {
  const id = newCueID();
  const cue = { type, what: describeCue(type, args) };
  if (!socket || socket.readyState !== WebSocket.OPEN) {
    showAck({ cue: id, ok: false, error: 'not connected: the cue was not sent' }, cue);
    return;
  }
  sent.set(id, cue);
  socket.send(JSON.stringify({ type: 'cue', cue: { id, type, args } }));
  logAck(id, 'pending', cue.what + ' — sent, waiting for the room', type);
}

function describeCue(type, args) {
  const detail = Object.entries(args || {}).map(([k, v]) => k + '=' + v).join(' ');
  return detail ? type + ' ' + detail : type;
}

function logAck(id, state, text, type) {
  const list = $('acks');
  let item = list.querySelector('li[data-cue="' + CSS.escape(id) + '"]');
  if (!item) {
    item = el('li');
    item.dataset.cue = id;
    prependCapped(list, item, MAX_ACKS);
  }
  item.dataset.state = state;
  if (type) item.dataset.type = type;
  item.textContent = clock() + ' ' + text;
}

// showAck logs an Ack; cue names a cue of this page that never reached the room.
function showAck(ack, cue) {
  const mine = cue || sent.get(ack.cue);
  const label = mine ? mine.what : 'cue ' + (ack.cue || '?');
  const verdict = ack.ok ? 'ok' : 'refused: ' + (ack.error || 'no reason given');
  const by = ack.by ? ' (' + ack.by + ')' : '';
  const text = label + ' — ' + verdict + by;
  logAck(ack.cue || newCueID(), ack.ok ? 'ok' : 'error', text, mine && mine.type);
  if (mine) {
    sent.delete(ack.cue);
    toast(text, ack.ok);
  }
}

function formCue(form, type, fields) {
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const args = {};
    for (const name of fields) {
      const v = form.elements[name].value.trim();
      if (v !== '') args[name] = v;
    }
    sendCue(type, args);
    if (type === 'welfare') form.elements.text.value = '';
    else form.reset();
    updateSayCount();
  });
}

function updateSayCount() {
  $('say-count').textContent = [...$('say-text').value].length + ' / 200';
}

formCue($('cue-say'), 'say', ['text']);
formCue($('cue-switch'), 'switch_product', ['product']);
formCue($('cue-welfare'), 'welfare', ['kind', 'seconds', 'text']);
formCue($('cue-block'), 'block_word', ['word']);
formCue($('cue-persona'), 'persona', ['tone', 'speed']);
$('say-text').addEventListener('input', updateSayCount);
for (const type of ['pause', 'resume', 'skip']) {
  $('cue-' + type).addEventListener('click', () => sendCue(type, {}));
}

// ---- the feed ----

function onHello(h) {
  allowed = new Set(h.cues || []);
  const role = $('role');
  role.textContent = h.role;
  role.dataset.role = h.role;
  role.hidden = false;
  $('report').hidden = h.role !== 'operator';
  for (const c of document.querySelectorAll('#controls [data-cue]')) {
    c.hidden = !allowed.has(c.dataset.cue);
  }
  for (const b of document.querySelectorAll('#chat button.ban')) {
    b.hidden = !allowed.has('ban_user');
  }
}

const utterances = new Map(); // id -> utterance, for playout to name the current line
let playoutSeen = false;
let startedEarly = ''; // a line whose playout started before the line itself arrived

function onUtterance(u) {
  utterances.set(u.id, u);
  if (utterances.size > MAX_LINES) utterances.delete(utterances.keys().next().value);
  const item = el('li');
  item.dataset.utterance = u.id;
  const meta = [clock(u.started_at), u.scene, u.theme, u.product_name || u.product];
  item.append(el('span', 'meta', meta.filter(Boolean).join(' · ')));
  item.append(el('span', 'text', u.text));
  prependCapped($('utterances'), item, MAX_LINES);
  if (u.id === startedEarly) showNow(u, 'speaking');
  else if (!playoutSeen) showNow(u, 'queued');
}

function showNow(u, state) {
  $('now-text').textContent = u.text || '—';
  $('now-scene').textContent = u.scene || '—';
  $('now-theme').textContent = u.theme || '—';
  $('now-product').textContent = u.product_name || u.product || '—';
  $('now-state').textContent = state;
}

function onPlayout(p) {
  playoutSeen = true;
  const u = utterances.get(p.utterance);
  if (!u && p.state === 'started') startedEarly = p.utterance;
  if (u && p.state === 'started') showNow(u, 'speaking');
  else if (u && $('now-text').textContent === u.text) $('now-state').textContent = p.state;
}

const badges = new Map(); // event id -> badge element
const earlyIntents = new Map(); // event id -> intent that came before its comment

function onComment(e) {
  const item = el('li', 'comment');
  item.dataset.event = e.id;
  item.append(el('span', 'time', clock(e.ts)));
  const user = e.user || {};
  item.append(el('span', 'user', user.name || user.id || '?'));
  item.append(el('span', 'text', e.text || ''));
  const badge = el('span', 'intent');
  badge.hidden = true;
  item.append(badge);
  item.append(banButton(user));
  badges.set(e.id, badge);
  $('chat').prepend(item);
  trimChat();
  const early = earlyIntents.get(e.id);
  if (early) {
    earlyIntents.delete(e.id);
    setBadge(badge, early);
  }
}

function trimChat() {
  const list = $('chat');
  while (list.children.length > MAX_CHAT) {
    badges.delete(list.lastElementChild.dataset.event);
    list.lastElementChild.remove();
  }
}

// A ban asks for a second click, so a slip of the finger bans nobody.
function banButton(user) {
  const b = el('button', 'ban', 'ban');
  b.type = 'button';
  b.hidden = !allowed.has('ban_user');
  let armed = null;
  b.addEventListener('click', () => {
    if (!user.id) return;
    if (!armed) {
      b.textContent = 'ban ' + (user.name || user.id) + '?';
      b.classList.add('armed');
      armed = setTimeout(() => {
        armed = null;
        b.textContent = 'ban';
        b.classList.remove('armed');
      }, 3000);
      return;
    }
    clearTimeout(armed);
    armed = null;
    b.textContent = 'banned';
    b.disabled = true;
    sendCue('ban_user', { user: user.id });
  });
  return b;
}

function onIntent(i) {
  const ids = i.events && i.events.length ? i.events : [i.event];
  for (const id of ids) {
    const badge = badges.get(id);
    if (badge) setBadge(badge, i);
    else if (earlyIntents.size < MAX_CHAT) earlyIntents.set(id, i);
  }
}

function setBadge(badge, i) {
  badge.textContent = i.intent;
  badge.dataset.intent = String(i.intent).split('.')[0];
  badge.title = 'confidence ' + Number(i.confidence || 0).toFixed(2);
  badge.hidden = false;
}

const handlers = {
  hello: onHello,
  ack: (a) => showAck(a),
  utterance: onUtterance,
  playout: onPlayout,
  event: onComment,
  intent: onIntent,
  status: showStatus,
};

// ---- websocket with reconnect ----

let backoff = 500;

function connect() {
  if (!token) {
    setConn('error', 'no token: open the console link printed by zhubo serve');
    return;
  }
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const url = scheme + location.host + '/ws/console/' + encodeURIComponent(room) +
    '?token=' + encodeURIComponent(token);
  setConn('connecting', 'connecting…');
  const ws = new WebSocket(url);
  socket = ws;
  let opened = false;
  ws.onopen = () => {
    opened = true;
    backoff = 500;
    setConn('connected', 'connected');
  };
  ws.onmessage = (ev) => {
    let m;
    try { m = JSON.parse(ev.data); } catch { return; }
    const h = handlers[m && m.type];
    if (h && m.data) h(m.data);
  };
  ws.onclose = (ev) => {
    socket = null;
    statusLost();
    for (const [id, cue] of sent) {
      showAck({ cue: id, ok: false,
        error: 'connection lost before the room answered; check whether it took effect' },
      cue);
    }
    const wait = Math.round(backoff * (0.75 + Math.random() / 2));
    const why = opened ? 'disconnected' + (ev.reason ? ' (' + ev.reason + ')' : '')
      : 'cannot connect (wrong token, unknown room or server down)';
    setConn('disconnected', why + ' — retrying in ' + Math.ceil(wait / 1000) + ' s');
    backoff = Math.min(backoff * 2, 15000);
    setTimeout(connect, wait);
  };
}

// ---- post-show report ----

// makeReport asks the server for the report of the room's last show and opens
// it in a new tab. The tab is opened at the click, before the report is
// written, so that no popup blocker refuses it.
async function makeReport() {
  const btn = $('report');
  btn.disabled = true;
  btn.textContent = 'writing report…';
  const tab = window.open('', '_blank');
  if (tab) {
    tab.opener = null;
    tab.document.title = 'report · ' + room;
    tab.document.body.textContent = 'writing the report of ' + room + '…';
  }
  try {
    const href = await requestReport();
    const link = $('report-link');
    link.href = href;
    link.textContent = 'report ' + clock();
    link.hidden = false;
    if (tab) tab.location.href = href;
    toast('post-show report written', true);
  } catch (err) {
    if (tab) tab.close();
    toast('report: ' + err.message, false);
  } finally {
    btn.disabled = false;
    btn.textContent = 'post-show report';
  }
}

async function requestReport() {
  const res = await fetch('/api/rooms/' + encodeURIComponent(room) + '/report', {
    method: 'POST', headers: { Authorization: 'Bearer ' + token },
  });
  const body = await res.json().catch(() => ({}));
  if (res.status !== 201) throw new Error(body.error || 'server answered ' + res.status);
  if (typeof body.html !== 'string' || !body.html.startsWith('/reports/')) {
    throw new Error('server named no report page');
  }
  return new URL(body.html, location.href).href;
}

$('report').addEventListener('click', makeReport);

connect();
startPreview(room);
