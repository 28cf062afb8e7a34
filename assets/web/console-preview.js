// The console's live preview: the room's own stream over WHEP, retried with
// backoff when it fails.
import { $ } from './console-dom.js';

let whepURL = '';
let preview = null; // { pc, location }
let previewBackoff = 2000;
let previewTimer = 0;

function previewState(text, failed) {
  $('preview-state').textContent = 'preview: ' + text;
  $('preview-state').hidden = text === 'playing';
  $('preview-retry').hidden = !failed;
}

function gathered(pc, ms) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { clearTimeout(timer); resolve(); };
    const timer = setTimeout(done, ms);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') done();
    });
  });
}

async function connectPreview() {
  stopPreview();
  previewState('connecting…', false);
  const pc = new RTCPeerConnection();
  preview = { pc, location: null };
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  const stream = new MediaStream();
  pc.ontrack = (ev) => {
    stream.addTrack(ev.track);
    $('preview').srcObject = stream;
  };
  pc.onconnectionstatechange = () => {
    if (preview && preview.pc !== pc) return;
    if (pc.connectionState === 'connected') {
      previewBackoff = 2000;
      previewState('playing', false);
    } else if (pc.connectionState === 'failed') {
      retryPreview('connection failed');
    }
  };
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc, 2000);
  const res = await fetch(whepURL, {
    method: 'POST', headers: { 'Content-Type': 'application/sdp' },
    body: pc.localDescription.sdp,
  });
  if (res.status !== 201) throw new Error('server answered ' + res.status);
  const loc = res.headers.get('Location');
  if (loc) preview.location = new URL(loc, location.href).href;
  await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
}

function stopPreview() {
  if (!preview) return;
  preview.pc.close();
  if (preview.location) {
    fetch(preview.location, { method: 'DELETE', keepalive: true }).catch(() => {});
  }
  preview = null;
}

function retryPreview(why) {
  stopPreview();
  const wait = previewBackoff;
  previewBackoff = Math.min(previewBackoff * 2, 60000);
  previewState(why + ' — retrying in ' + Math.round(wait / 1000) + ' s', true);
  clearTimeout(previewTimer);
  previewTimer = setTimeout(runPreview, wait);
}

function runPreview() {
  clearTimeout(previewTimer);
  connectPreview().catch((err) => retryPreview('unavailable (' + err.message + ')'));
}

// startPreview plays room's stream in the preview and keeps it playing.
export function startPreview(room) {
  whepURL = '/whep/' + encodeURIComponent(room);
  $('preview-retry').addEventListener('click', () => {
    previewBackoff = 2000;
    runPreview();
  });
  window.addEventListener('pagehide', stopPreview);
  runPreview();
}
