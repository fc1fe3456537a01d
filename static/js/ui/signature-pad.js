// A signature on a canvas (pointer events: finger, stylus or mouse), saved as a PNG photo once confirmed.
import { h, ObjectUrls, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { signaturePhoto } from '../photos.js';
import { carriedPhoto } from '../revision.js';

export class SignaturePad {
  /**
   * @param {{id: string, label: string, purpose: string,
   *          editor: import('../editor.js').DraftEditor|import('../event-draft.js').EventDraft,
   *          role: 'inspector'|'representative'|'rectifier', readOnly: boolean,
   *          slot?: {get: (draft) => string|null, set: (draft, uuid: string|null) => void}}} options
   *   ``slot`` says where the signature's photo UUID is kept when not in ``draft.signatures[role]`` (a document's
   *   own signature, documents.js).
   */
  constructor({ id, label, purpose, editor, role, readOnly, slot = null }) {
    this.editor = editor;
    this.purpose = purpose;
    this.role = role;
    this.readOnly = readOnly;
    this.slot = slot || { get: (draft) => draft.signatures[role], set: (draft, uuid) => { draft.signatures[role] = uuid; } };
    this.urls = new ObjectUrls();
    this.strokes = 0;
    this.el = h('section', { class: 'signature', id, 'aria-label': label, data: { role } },
      h('h3', { text: label }));
    this.body = h('div', { class: 'signature-body' });
    this.el.append(this.body);
  }

  async render() {
    this.urls.revoke();
    const saved = this.slot.get(this.editor.draft);
    const own = saved ? await this.editor.getPhoto(saved) : null;
    // A signature carried over from a returned inspection is not among the draft's own (revision.js).
    const photo = own || (saved && (this.editor.draft.carried_photos || []).includes(saved)
      ? await carriedPhoto(saved, 'display') : null);
    if (photo) {
      const src = photo.blob ? this.urls.for(photo.blob) : photo.src;
      replaceChildren(this.body,
        h('img', { class: 'signature-image', src, alt: t('Signature saved') }),
        h('p', { class: 'ok signature-state', text: t('Signed') }),
        this.readOnly ? null : h('button', { type: 'button', class: 'button small', on: { click: () => this.reset() } },
          t('Sign again')));
      this.el.dataset.signed = 'true';
      return;
    }
    this.el.dataset.signed = 'false';
    if (this.readOnly) {
      replaceChildren(this.body, h('p', { class: 'muted', text: t('Not signed') }));
      return;
    }
    this.canvas = h('canvas', { class: 'signature-canvas', 'aria-label': t('Sign here with your finger') });
    this.confirm = h('button', { type: 'button', class: 'button primary small', disabled: true, on: { click: () => this.save() } },
      t('Confirm signature'));
    replaceChildren(this.body, this.canvas,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button small', on: { click: () => this.clear() } }, t('Clear')),
        this.confirm));
    this.prepareCanvas();
  }

  prepareCanvas() {
    const { canvas } = this;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 320;
    const height = canvas.clientHeight || 160;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const context = canvas.getContext('2d');
    context.scale(ratio, ratio);
    context.lineWidth = 2.5;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.strokeStyle = '#111';
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    this.strokes = 0;
    let last = null;
    const point = (event) => {
      const box = canvas.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    };
    canvas.addEventListener('pointerdown', (event) => {
      canvas.setPointerCapture(event.pointerId);
      last = point(event);
      context.beginPath();
      context.arc(last.x, last.y, 1, 0, Math.PI * 2);
      context.fillStyle = '#111';
      context.fill();
    });
    canvas.addEventListener('pointermove', (event) => {
      if (!last) return;
      const next = point(event);
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(next.x, next.y);
      context.stroke();
      last = next;
    });
    const end = () => {
      if (!last) return;
      last = null;
      this.strokes += 1;
      this.confirm.disabled = false;
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  clear() {
    this.prepareCanvas();
    this.confirm.disabled = true;
  }

  async save() {
    if (!this.strokes) return;
    this.confirm.disabled = true;
    const photo = await signaturePhoto(this.canvas, { owner: this.editor.draft.uuid, purpose: this.purpose });
    const previous = this.slot.get(this.editor.draft);
    await this.editor.addPreparedPhoto(photo, (draft, uuid) => this.slot.set(draft, uuid));
    if (previous) await this.editor.removePhoto(previous, () => {});
    await this.render();
  }

  async reset() {
    const previous = this.slot.get(this.editor.draft);
    await this.editor.removePhoto(previous, (draft) => this.slot.set(draft, null));
    await this.render();
  }

  destroy() {
    this.urls.revoke();
  }
}
