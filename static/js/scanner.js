// The QR scanner, an adapter: start(video, onCode) / stop() / torch. The browser's BarcodeDetector where it
// exists; otherwise the vendored ZXing decoder, imported only now, its WebAssembly served (and precached) by us.

const DECODER_MODULE = '/static/vendor/barcode-detector/ponyfill.js';
const WASM_FOLDER = '/static/vendor/zxing-wasm/';
const SCAN_INTERVAL_MS = 150;

let stream = null;
let timer = null;
let active = false;
let detectorPromise = null;

async function nativeDetector() {
  if (!('BarcodeDetector' in window)) return null;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    return formats.includes('qr_code') ? new window.BarcodeDetector({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

async function vendoredDetector() {
  const module = await import(DECODER_MODULE);
  module.prepareZXingModule({
    overrides: {
      locateFile: (path, prefix) => (path.endsWith('.wasm') ? WASM_FOLDER + path : prefix + path),
    },
  });
  return new module.BarcodeDetector({ formats: ['qr_code'] });
}

/** A QR detector, made once per page. */
export function detector() {
  if (!detectorPromise) {
    detectorPromise = nativeDetector().then((found) => found || vendoredDetector());
    detectorPromise.catch(() => {
      detectorPromise = null;
    });
  }
  return detectorPromise;
}

/**
 * Open the rear camera into ``video`` and call ``onCode(text)`` for every QR code read until stop().
 * Rejects when there is no camera or the user refuses it (the caller offers manual entry).
 */
export async function start(video, onCode) {
  stop();
  active = true;
  stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    audio: false,
  });
  if (!active) {
    stop();
    return;
  }
  video.srcObject = stream;
  video.setAttribute('playsinline', '');
  video.muted = true;
  await video.play();
  const reader = await detector();
  const tick = async () => {
    if (!active) return;
    try {
      if (video.readyState >= 2) {
        const codes = await reader.detect(video);
        if (active && codes.length) onCode(codes[0].rawValue);
      }
    } catch {
      // A frame that cannot be read (camera still warming up): try the next one.
    }
    if (active) timer = setTimeout(tick, SCAN_INTERVAL_MS);
  };
  tick();
}

/** Stop reading and release the camera. */
export function stop() {
  active = false;
  clearTimeout(timer);
  timer = null;
  if (stream) stream.getTracks().forEach((track) => track.stop());
  stream = null;
}

function videoTrack() {
  return stream ? stream.getVideoTracks()[0] : null;
}

/** Whether the camera has a torch the page may switch. */
export function torchSupported() {
  const track = videoTrack();
  if (!track || !track.getCapabilities) return false;
  return Boolean(track.getCapabilities().torch);
}

/** Switch the torch on or off; resolves to the new state. */
export async function setTorch(on) {
  const track = videoTrack();
  if (!track) return false;
  await track.applyConstraints({ advanced: [{ torch: Boolean(on) }] });
  return Boolean(on);
}

/**
 * The enterprise code in a scanned text if it is one of our labels (<this origin>/e/<code>), else null.
 * Labels printed for another server are not ours, even if their path looks the same.
 */
export function enterpriseCodeFrom(text, origin = window.location.origin) {
  let url;
  try {
    url = new URL(String(text).trim());
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  const match = url.pathname.match(/^\/e\/([^/]+)\/?$/);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}
