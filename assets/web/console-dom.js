// Small DOM helpers shared by the console's modules. Text is only ever set with
// textContent, so nothing a viewer or the host wrote becomes markup.

export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function prependCapped(list, item, max) {
  list.prepend(item);
  while (list.children.length > max) list.lastElementChild.remove();
}

export function clock(ts) {
  const d = ts ? new Date(ts) : new Date();
  return isNaN(d) ? '' : d.toLocaleTimeString([], { hour12: false });
}

// Toasts beyond this many go at once, oldest first, so a burst of cues does
// not bury the page; the acks list keeps every answer.
const MAX_TOASTS = 3;

export function toast(text, ok) {
  const t = el('div', 'toast ' + (ok ? 'ok' : 'error'), text);
  t.setAttribute('role', ok ? 'status' : 'alert');
  const box = $('toasts');
  box.append(t);
  while (box.children.length > MAX_TOASTS) box.firstElementChild.remove();
  setTimeout(() => t.remove(), ok ? 3000 : 8000);
}
