// The room at a glance, from the status message the room sends about once a
// second: on air or paused, the product on screen, the live numbers, the lines
// the script plans next and the comments waiting for an answer.
import { $, el } from './console-dom.js';

const MAX_NEXT = 8;
const MAX_REPLIES = 20;
// A status older than this is shown as stale: the room stopped reporting.
const STALE_MS = 4000;
// Dead air this long is flagged.
const DEAD_AIR_WARN_S = 2;

let staleTimer = 0;

export function showStatus(st) {
  $('status').dataset.state = 'live';
  showAir(st);
  const n = st.stats || {};
  setNumber('st-viewers', n.viewers, 0);
  setNumber('st-chat', n.chat_per_min, 1);
  setNumber('st-likes', n.likes_per_min, 1);
  setNumber('st-fps', n.fps, 1);
  setNumber('st-dead', n.dead_air_seconds, 1, ' s');
  setNumber('st-lines', n.utterances, 0);
  setNumber('st-replies', n.replies, 0);
  $('st-dead').parentElement.dataset.warn = Number(n.dead_air_seconds) >= DEAD_AIR_WARN_S;
  showNext(Array.isArray(st.next) ? st.next : []);
  showReplies(Array.isArray(st.replies) ? st.replies : []);
  clearTimeout(staleTimer);
  staleTimer = setTimeout(statusLost, STALE_MS);
}

// statusLost keeps the last numbers on screen but says they are old.
export function statusLost() {
  clearTimeout(staleTimer);
  if ($('status').dataset.state !== 'live') return;
  $('status').dataset.state = 'stale';
  setAir('stale', 'no status');
}

function showAir(st) {
  if (st.paused) setAir('paused', 'paused');
  else if (st.on_air) setAir('on-air', 'on air');
  else setAir('silent', 'silent');
  $('st-product').textContent = st.product_name || st.product || '';
}

function setAir(state, text) {
  const a = $('st-air');
  a.dataset.state = state;
  a.textContent = text;
}

function setNumber(id, v, digits, unit) {
  const x = Number(v);
  $(id).textContent = v === undefined || v === null || !isFinite(x) ? '—'
    : x.toFixed(digits) + (unit || '');
}

function showNext(lines) {
  const items = lines.slice(0, MAX_NEXT).map((l) => {
    const item = el('li');
    item.append(el('span', 'meta', [l.scene, l.theme, l.product].filter(Boolean).join(' · ')));
    item.append(el('span', 'text', l.text || ''));
    return item;
  });
  if (!items.length) items.push(el('li', 'empty', 'no planned lines'));
  $('next').replaceChildren(...items);
}

function showReplies(replies) {
  const items = replies.slice(0, MAX_REPLIES).map((r) => {
    const item = el('li', 'reply');
    const badge = el('span', 'intent', r.intent || 'other');
    badge.dataset.intent = String(r.intent || 'other').split('.')[0];
    item.append(badge);
    item.append(el('span', 'user', r.viewer || '?'));
    const count = Number(r.count) || 1;
    item.append(el('span', 'count', count > 1 ? '×' + count : ''));
    item.append(el('span', 'text', r.text || ''));
    return item;
  });
  if (!items.length) items.push(el('li', 'empty', 'nobody waiting'));
  $('replies').replaceChildren(...items);
}
