// Photos from the phone's camera: downscaled and re-encoded on the phone, hashed, with the time and place
// recorded beside them (re-encoding drops EXIF). One photo at a time: a 12-megapixel decode is ~48 MB.
import { isoWithOffset, uuid } from './util.js';

export const LONG_EDGE = 1600;
const JPEG_QUALITY = 0.85;
const LOCATION_MAX_AGE_MS = 5 * 60 * 1000;

/** SHA-256 of a Blob's bytes, as lowercase hex (what the server checks in X-Content-SHA256). */
export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function canvasToBlob(canvas, type, quality) {
  if (canvas.convertToBlob) return canvas.convertToBlob({ type, quality });
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('encoding failed'))), type, quality);
  });
}

function makeCanvas(width, height) {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

/**
 * The image as a JPEG whose long edge is at most ``longEdge``, turned upright by its EXIF orientation.
 * @returns {Promise<{blob: Blob, width: number, height: number}>}
 */
/** The decoded image, upright. An <img> where createImageBitmap refuses the file or its options (older Safari). */
async function decode(file) {
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    return { source: bitmap, width: bitmap.width, height: bitmap.height, release: () => bitmap.close() };
  } catch {
    const url = URL.createObjectURL(file);
    const image = new Image();
    image.decoding = 'async';
    image.src = url;
    try {
      await image.decode(); // browsers apply EXIF orientation to <img> (image-orientation: from-image)
    } catch (err) {
      URL.revokeObjectURL(url);
      throw err;
    }
    return {
      source: image,
      width: image.naturalWidth,
      height: image.naturalHeight,
      release: () => { URL.revokeObjectURL(url); image.src = ''; },
    };
  }
}

export async function downscale(file, longEdge = LONG_EDGE) {
  const decoded = await decode(file);
  let canvas = null;
  try {
    const scale = Math.min(1, longEdge / Math.max(decoded.width, decoded.height));
    const width = Math.max(1, Math.round(decoded.width * scale));
    const height = Math.max(1, Math.round(decoded.height * scale));
    canvas = makeCanvas(width, height);
    const context = canvas.getContext('2d');
    context.imageSmoothingQuality = 'high';
    context.drawImage(decoded.source, 0, 0, width, height);
    const blob = await canvasToBlob(canvas, 'image/jpeg', JPEG_QUALITY);
    return { blob, width, height };
  } finally {
    decoded.release();
    // iOS keeps a canvas's backing store until it is shrunk; a few big ones exhaust the page's memory.
    if (canvas) {
      canvas.width = 0;
      canvas.height = 0;
    }
  }
}

let processing = Promise.resolve();
let lastFix = null;
let watchId = null;

/**
 * Follow the phone's position while an enterprise or an inspection is open (GPS: no network needed),
 * so a photo or a new inspection takes the latest fix at once instead of waiting for one.
 */
export function startLocating() {
  if (watchId !== null || !('geolocation' in navigator)) return;
  watchId = navigator.geolocation.watchPosition((position) => {
    lastFix = {
      at: Date.now(),
      location: {
        lat: position.coords.latitude,
        lng: position.coords.longitude,
        accuracy_m: Math.round(position.coords.accuracy),
      },
    };
  }, () => {
    // Refused or unavailable: records simply carry no location.
  }, { enableHighAccuracy: true, maximumAge: LOCATION_MAX_AGE_MS });
}

export function stopLocating() {
  if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  watchId = null;
}

/** The latest position fix if it is recent, else null. @returns {{lat: number, lng: number, accuracy_m: number}|null} */
export function knownLocation() {
  return lastFix && Date.now() - lastFix.at < LOCATION_MAX_AGE_MS ? lastFix.location : null;
}

/**
 * A photo record ready for IndexedDB: the downscaled JPEG, its hash, when and where it was taken.
 * @param {File} file  From <input type=file accept=image/* capture=environment>.
 * @param {{owner: string, purpose: string}} context  The draft it belongs to and what it is evidence of.
 */
export function preparePhoto(file, context) {
  // One photo at a time, whatever the inspector taps: two 12-megapixel decodes at once can end an iOS tab.
  const run = processing.then(() => prepareOne(file, context));
  processing = run.catch(() => {});
  return run;
}

async function prepareOne(file, { owner, purpose }) {
  // The camera just wrote the file; a picked older photo keeps its own time.
  const takenAt = file.lastModified && file.lastModified <= Date.now() ? new Date(file.lastModified) : new Date();
  const location = knownLocation();
  const { blob, width, height } = await downscale(file);
  return {
    uuid: uuid(),
    owner,
    purpose,
    blob,
    content_type: blob.type || 'image/jpeg',
    sha256: await sha256Hex(blob),
    width,
    height,
    taken_at: isoWithOffset(takenAt),
    location,
  };
}

/** A signature drawn on a canvas, as a PNG photo record. */
export async function signaturePhoto(canvas, { owner, purpose }) {
  const blob = await canvasToBlob(canvas, 'image/png');
  return {
    uuid: uuid(),
    owner,
    purpose,
    blob,
    content_type: 'image/png',
    sha256: await sha256Hex(blob),
    width: canvas.width,
    height: canvas.height,
    taken_at: isoWithOffset(),
    location: null,
  };
}
