// The zhubo viewer page: plays a room over WHEP, sends chat and likes as Events.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const video = $('video');
  const statusLine = $('status');
  const chat = $('chat');

  const room = roomFromPath(location.pathname);
  const user = loadUser();
  // window.zhubo exposes the session to tests and tools: the RTCPeerConnection (getStats), the
  // WHEP session URL, and the milliseconds from navigation to the first picture.
  const zhubo = { pc: null, room, user, session: null, firstFrameMs: 0 };
  window.zhubo = zhubo;

  // roomFromPath reads the room from /rooms/{room}; any other path plays "demo".
  function roomFromPath(path) {
    const m = path.match(/^\/rooms\/([^/]+)\/?$/);
    if (!m) return 'demo';
    try { return decodeURIComponent(m[1]); } catch { return 'demo'; }
  }

  function randomHex(bytes) {
    const a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  // loadUser returns the viewer's persistent id and nickname (name is '' until chosen).
  function loadUser() {
    let id = localStorage.getItem('zhubo.user.id');
    if (!id) {
      id = 'web-' + randomHex(8);
      localStorage.setItem('zhubo.user.id', id);
    }
    return { id, name: localStorage.getItem('zhubo.user.name') || '' };
  }

  function setStatus(text, state) {
    statusLine.textContent = text;
    statusLine.dataset.state = state;
  }

  // ---- playback over WHEP ----

  const whepURL = '/whep/' + encodeURIComponent(room);
  let retries = 0;
  let retryTimer = 0;
  let generation = 0;

  function waitGathering(pc, ms) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        if (pc.iceGatheringState !== 'complete') return;
        pc.removeEventListener('icegatheringstatechange', done);
        resolve();
      };
      pc.addEventListener('icegatheringstatechange', done);
      setTimeout(resolve, ms);
    });
  }

  async function connect() {
    const gen = ++generation;
    setStatus(retries ? '重新连接中…' : '连接中…', 'connecting');
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    zhubo.pc = pc;
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    const stream = new MediaStream();
    pc.ontrack = (e) => {
      stream.addTrack(e.track);
      if (video.srcObject !== stream) video.srcObject = stream;
      startPlayback();
    };
    pc.onconnectionstatechange = () => onConnectionState(pc, gen);

    await pc.setLocalDescription(await pc.createOffer());
    await waitGathering(pc, 2000);
    performance.mark('zhubo:offer');
    const res = await fetch(whepURL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp' },
      body: pc.localDescription.sdp,
    });
    if (res.status !== 201) throw await whepError(res);
    zhubo.session = new URL(res.headers.get('Location'), res.url || location.href).href;
    await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
    performance.mark('zhubo:answer');
    watchDTLS(pc, gen);
    // A session whose ICE never completes would sit in "checking" for half a minute.
    setTimeout(() => {
      if (gen === generation && pc.connectionState !== 'connected') scheduleReconnect(null);
    }, 15000);
  }

  // watchDTLS reconnects as soon as the server ends the session (DTLS close_notify), which
  // the connection state would only report after ICE gives up.
  function watchDTLS(pc, gen) {
    const receiver = pc.getReceivers()[0];
    const dtls = receiver && receiver.transport;
    if (!dtls) return;
    dtls.addEventListener('statechange', () => {
      if (gen !== generation) return;
      if (dtls.state === 'closed' || dtls.state === 'failed') scheduleReconnect(null);
    });
  }

  async function whepError(res) {
    let msg = 'HTTP ' + res.status;
    try { msg = (await res.json()).error || msg; } catch { /* not JSON */ }
    const err = new Error(msg);
    err.status = res.status;
    return err;
  }

  function onConnectionState(pc, gen) {
    if (gen !== generation) return;
    switch (pc.connectionState) {
      case 'connected':
        performance.mark('zhubo:connected');
        retries = 0;
        setStatus('直播中', 'live');
        break;
      case 'disconnected':
        // Browsers wait half a minute before "failed"; a live room should not.
        setStatus('网络不稳定…', 'connecting');
        setTimeout(() => {
          if (gen === generation && pc.connectionState === 'disconnected') scheduleReconnect(null);
        }, 8000);
        break;
      case 'failed':
      case 'closed':
        scheduleReconnect(null);
        break;
    }
  }

  // scheduleReconnect drops the current session and tries again with exponential backoff.
  function scheduleReconnect(err) {
    if (retryTimer) return;
    hangUp();
    const delay = Math.min(15000, 1000 * 2 ** retries) + Math.random() * 500;
    retries++;
    setStatus(reconnectMessage(err, delay), 'offline');
    retryTimer = setTimeout(() => {
      retryTimer = 0;
      connect().catch(scheduleReconnect);
    }, delay);
  }

  function reconnectMessage(err, delay) {
    if (err && err.status === 404) return '直播间不存在或已下播';
    const full = err && (err.status === 503 || err.status === 429);
    if (full) return '直播间人数已满，稍后重试';
    return '连接断开，' + Math.round(delay / 1000) + ' 秒后重连';
  }

  // hangUp ends the session on both sides; keepalive lets the DELETE outlive the page.
  function hangUp() {
    generation++;
    if (zhubo.session) {
      fetch(zhubo.session, { method: 'DELETE', keepalive: true }).catch(() => {});
      zhubo.session = null;
    }
    if (zhubo.pc) {
      zhubo.pc.onconnectionstatechange = null;
      zhubo.pc.close();
    }
  }

  // startPlayback tries to play with sound; browsers that block it get muted video and a
  // button that turns the sound on.
  async function startPlayback() {
    if (!video.paused && !video.muted) return;
    video.muted = false;
    try {
      await video.play();
      $('unmute').hidden = true;
    } catch {
      video.muted = true;
      $('unmute').hidden = false;
      try { await video.play(); } catch { /* waits for a tap */ }
    }
  }

  $('unmute').addEventListener('click', () => {
    video.muted = false;
    video.play().catch(() => {});
    $('unmute').hidden = true;
  });

  window.addEventListener('pagehide', hangUp);
  video.addEventListener('playing', () => {
    if (!zhubo.firstFrameMs) zhubo.firstFrameMs = Math.round(performance.now());
  });

  // ---- chat and likes ----

  function event(type, extra) {
    return Object.assign({
      v: 1,
      id: 'w-' + randomHex(8),
      type,
      room,
      ts: new Date().toISOString(),
      user: { id: user.id, name: user.name || '游客' },
      platform: 'web',
    }, extra);
  }

  async function postEvent(ev) {
    const res = await fetch('/api/rooms/' + encodeURIComponent(room) + '/events', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(ev),
    });
    if (!res.ok) throw await whepError(res);
  }

  // addChatLine shows one line; text only ever goes through textContent.
  function addChatLine(name, text, kind) {
    const line = document.createElement('div');
    line.className = 'line ' + (kind || '');
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = name;
    const what = document.createElement('span');
    what.className = 'what';
    what.textContent = text;
    line.append(who, what);
    chat.append(line);
    while (chat.childElementCount > 50) chat.firstElementChild.remove();
    chat.scrollTop = chat.scrollHeight;
  }

  function askName() {
    const dialog = $('name-dialog');
    const input = $('name-input');
    input.value = user.name || '游客' + randomHex(2).toUpperCase();
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => {
        const name = input.value.trim().slice(0, 20);
        if (name) {
          user.name = name;
          localStorage.setItem('zhubo.user.name', name);
        }
        showName();
        resolve();
      }, { once: true });
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.close();
    });
  }

  function showName() {
    $('name-chip').textContent = (user.name || '设置昵称') + ' ✎';
  }

  $('name-chip').addEventListener('click', askName);

  $('chat-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('chat-input');
    const text = input.value.trim();
    if (!text) return;
    if (!user.name) await askName();
    input.value = '';
    addChatLine(user.name || '游客', text, 'mine');
    sent.push(text);
    if (sent.length > 20) sent.shift();
    try {
      await postEvent(event('comment', { text }));
    } catch (err) {
      addChatLine('系统', '发送失败：' + err.message, 'system');
    }
  });

  // Likes are counted locally and sent at most once a second as one Event with a count.
  let pendingLikes = 0;
  let likeTimer = 0;
  $('like').addEventListener('click', () => {
    pendingLikes++;
    floatHeart();
    if (likeTimer) return;
    likeTimer = setTimeout(() => {
      const count = pendingLikes;
      pendingLikes = 0;
      likeTimer = 0;
      postEvent(event('like', { count })).catch(() => {});
    }, 1000);
  });

  function floatHeart() {
    const h = document.createElement('span');
    h.className = 'heart';
    h.textContent = '❤';
    const colors = ['#ff2d55', '#ff9500', '#ffcc00', '#af52de', '#5ac8fa'];
    h.style.color = colors[Math.floor(Math.random() * colors.length)];
    h.style.setProperty('--drift', (Math.random() * 60 - 30) + 'px');
    $('hearts').append(h);
    h.addEventListener('animationend', () => h.remove());
  }

  // ---- live feed: other viewers' comments and the product on air ----

  // sent remembers this page's own recent comments, which the feed echoes back.
  const sent = [];

  function openFeed() {
    const es = new EventSource('/api/rooms/' + encodeURIComponent(room) + '/live');
    es.onmessage = (m) => {
      let it;
      try { it = JSON.parse(m.data); } catch { return; }
      if (it.type === 'comment') {
        const mine = sent.indexOf(it.text);
        if (it.name === user.name && mine >= 0) { sent.splice(mine, 1); return; }
        addChatLine(it.name, it.text);
      } else if (it.type === 'line') {
        showProduct(it);
      }
    };
    // EventSource reconnects by itself; nothing to do on error.
  }

  function showProduct(it) {
    const card = $('product');
    if (!it.product_name) return;
    if (card.dataset.name === it.product_name && card.dataset.price === (it.price || '')) return;
    card.dataset.name = it.product_name;
    card.dataset.price = it.price || '';
    $('product-name').textContent = it.product_name;
    $('product-price').textContent = it.price || '';
    card.hidden = false;
  }

  $('want').addEventListener('click', async () => {
    if (!user.name) await askName();
    const text = '想要';
    addChatLine(user.name || '游客', text, 'mine');
    sent.push(text);
    postEvent(event('comment', { text })).catch(() => {});
  });

  // ---- start ----

  $('room-name').textContent = room;
  document.title = room + ' · 直播间';
  showName();
  addChatLine('系统', '欢迎来到直播间！文明发言，理性消费。', 'system');
  openFeed();
  connect().catch(scheduleReconnect);
})();
