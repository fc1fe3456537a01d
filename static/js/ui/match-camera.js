// Before and after: the camera with the hazard's original photo laid over it, translucent, so the photo of the
// fix is taken from the same place at the same angle. The original comes from the phone's own storage (the
// evidence thumbnails kept for the look-back list): it works offline. One capture per opening.
import { h, ObjectUrls, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';

const JPEG_QUALITY = 0.9;
export const OVERLAY_OPACITY = 0.45;

export class MatchCamera {
  constructor() {
    this.urls = new ObjectUrls();
    this.stream = null;
    this.el = h('dialog', { class: 'sheet match-camera', 'aria-labelledby': 'match-camera-title' });
    this.el.addEventListener('close', () => this.closed());
  }

  /**
   * Show the camera under ``before`` (a Blob) and answer the photo taken (a JPEG Blob), or null when the
   * inspector cancels or the camera cannot be opened here.
   */
  capture(before) {
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.open(before);
    });
  }

  async open(before) {
    this.video = h('video', { class: 'match-video', playsinline: true, muted: true, autoplay: true });
    this.overlay = h('img', { class: 'match-overlay', src: this.urls.for(before), alt: t('The original photo') });
    // Through the CSSOM: the content security policy allows no inline style attributes.
    this.overlay.style.opacity = String(OVERLAY_OPACITY);
    const slider = h('input', { id: 'match-opacity', type: 'range', min: 0, max: 90, value: Math.round(OVERLAY_OPACITY * 100),
      on: { input: () => { this.overlay.style.opacity = String(slider.value / 100); } } });
    this.status = h('p', { class: 'match-status', role: 'status' });
    this.shutter = h('button', { type: 'button', class: 'button primary shutter', disabled: true,
      on: { click: () => this.take() } }, t('Take photo'));
    replaceChildren(this.el, h('div', { class: 'sheet-body' },
      h('h2', { id: 'match-camera-title', text: t('Match the original photo') }),
      h('p', { class: 'muted hint', text: t('Line up the picture with the original shown over it, then take the photo.') }),
      h('div', { class: 'match-frame' }, this.video, this.overlay),
      h('label', { for: 'match-opacity', text: t('Original over the camera') }), slider,
      this.status,
      h('div', { class: 'sheet-actions' },
        h('button', { type: 'button', class: 'button', on: { click: () => this.finish(null) } }, t('Cancel')),
        this.shutter)));
    if (!this.el.isConnected) document.body.append(this.el);
    this.el.showModal();
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1600 }, height: { ideal: 1200 } }, audio: false,
      });
      if (!this.el.open) {
        this.stopCamera();
        return;
      }
      this.video.srcObject = this.stream;
      await this.video.play();
      this.shutter.disabled = false;
    } catch {
      this.el.classList.add('no-camera');
      this.status.textContent = t('The camera cannot be opened here. Close this and use “Add photo”, matching the original by eye.');
    }
  }

  async take() {
    const { videoWidth: width, videoHeight: height } = this.video;
    if (!width || !height) return;
    const canvas = h('canvas', { width, height });
    canvas.getContext('2d').drawImage(this.video, 0, 0, width, height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
    this.finish(blob);
  }

  finish(blob) {
    const resolve = this.resolve;
    this.resolve = null;
    if (this.el.open) this.el.close();
    if (resolve) resolve(blob);
  }

  stopCamera() {
    if (this.stream) this.stream.getTracks().forEach((track) => track.stop());
    this.stream = null;
  }

  closed() {
    this.stopCamera();
    this.urls.revoke();
    if (this.resolve) this.finish(null);
    this.el.remove();
  }
}
