// Photos of one answer or hazard: thumbnails, remove, and "add photo" through the phone's camera.
import { h, ObjectUrls, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { carriedPhoto } from '../revision.js';
import { MatchCamera } from './match-camera.js';

let stripCount = 0;

export class PhotoStrip {
  /**
   * @param {{label: string, purpose: string,
   *          editor: import('../editor.js').DraftEditor|import('../event-draft.js').EventDraft,
   *          list: (draft) => string[], readOnly?: boolean,
   *          befores?: () => Promise<{uuid: string, blob: Blob}[]>}} options
   *   ``list(draft)`` returns the array of photo UUIDs this strip shows and changes. ``befores``: the hazard's
   *   original photos on this phone, each offered under the camera to take the matching "after" photo.
   */
  constructor({ label, purpose, editor, list, readOnly = false, befores = null }) {
    this.editor = editor;
    this.befores = befores;
    this.purpose = purpose;
    this.list = list;
    this.readOnly = readOnly;
    this.urls = new ObjectUrls();
    stripCount += 1;
    const inputId = `photo-input-${stripCount}`;
    this.input = h('input', {
      id: inputId, type: 'file', accept: 'image/*', capture: 'environment', class: 'visually-hidden',
      on: { change: () => this.added() },
    });
    this.status = h('span', { class: 'photo-status', role: 'status' });
    this.thumbs = h('ul', { class: 'thumbs' });
    this.matches = h('div', { class: 'match-originals' });
    this.el = h('div', { class: 'photo-strip', data: { purpose } },
      h('div', { class: 'photo-strip-head' },
        h('span', { class: 'photo-strip-label', text: label }),
        readOnly ? null : h('label', { for: inputId, class: 'button small add-photo' }, t('Add photo')),
        this.input),
      this.matches, this.thumbs, this.status);
  }

  /** "Match the original": one button per original photo on the phone, each opening the overlay camera. */
  async renderMatches() {
    if (this.readOnly || !this.befores) return;
    const originals = await this.befores();
    replaceChildren(this.matches, originals.length ? [
      h('p', { class: 'muted hint', text: t('Take the photo of the fix from where the original was taken:') }),
      h('ul', { class: 'thumbs originals' }, originals.map((original, index) => h('li', { class: 'thumb original' },
        h('button', { type: 'button', class: 'match-original', data: { before: original.uuid },
          'aria-label': t('Match original photo %(n)s', { n: index + 1 }), on: { click: () => this.match(original) } },
          h('img', { src: this.urls.for(original.blob), alt: '', width: 72, height: 72 }),
          h('span', { class: 'match-label', text: t('Match') }))))),
    ] : []);
  }

  /** Take a photo under ``original`` and keep it as the "after" that answers it. */
  async match(original) {
    const blob = await new MatchCamera().capture(original.blob);
    if (!blob) return;
    this.status.textContent = t('Processing photo…');
    try {
      await this.editor.addPhoto(blob, this.purpose, (draft, uuid) => {
        this.list(draft).push(uuid);
        draft.pairs = { ...(draft.pairs || {}), [uuid]: original.uuid };
      });
      this.status.textContent = '';
    } catch {
      this.status.textContent = t('This photo could not be read or stored. Try again or take another one.');
    }
    await this.render();
  }

  async render() {
    this.urls.revoke();
    await this.renderMatches();
    const uuids = [...this.list(this.editor.draft)];
    // A photo carried over from a returned inspection is not among the draft's own (revision.js).
    const carried = new Set(this.editor.draft.carried_photos || []);
    const photos = await Promise.all(uuids.map(async (uuid) => (await this.editor.getPhoto(uuid))
      || (carried.has(uuid) ? carriedPhoto(uuid, 'thumb') : null)));
    const pairs = this.editor.draft.pairs || {};
    replaceChildren(this.thumbs, photos.filter(Boolean).map((photo, index) => h('li', {
      class: ['thumb', pairs[photo.uuid] ? 'paired' : ''], data: pairs[photo.uuid] ? { before: pairs[photo.uuid] } : {},
      title: pairs[photo.uuid] ? t('Taken to match the original') : null },
      h('img', { src: photo.blob ? this.urls.for(photo.blob) : photo.src, alt: t('Photo %(n)s', { n: index + 1 }), width: 72, height: 72 }),
      this.readOnly ? null : h('button', {
        type: 'button', class: 'thumb-remove', 'aria-label': t('Remove photo %(n)s', { n: index + 1 }),
        on: { click: () => this.remove(photo.uuid) },
      }, '×'))));
    this.el.dataset.count = String(photos.filter(Boolean).length);
  }

  async added() {
    const [file] = this.input.files;
    this.input.value = '';
    if (!file) return;
    this.status.textContent = t('Processing photo…');
    this.el.classList.add('busy');
    try {
      await this.editor.addPhoto(file, this.purpose, (draft, uuid) => this.list(draft).push(uuid));
      this.status.textContent = '';
    } catch {
      this.status.textContent = t('This photo could not be read or stored. Try again or take another one.');
    } finally {
      this.el.classList.remove('busy');
    }
    await this.render();
  }

  async remove(uuid) {
    await this.editor.removePhoto(uuid, (draft, removed) => {
      const photos = this.list(draft);
      const index = photos.indexOf(removed);
      if (index >= 0) photos.splice(index, 1);
      if (draft.pairs) delete draft.pairs[removed];
    });
    await this.render();
  }

  destroy() {
    this.urls.revoke();
  }
}
