// Editing a draft: every change is written to IndexedDB at once (typing shortly after), in order,
// so a reload, a crash or a dead battery loses nothing. No DOM here.
import { knownLocation, preparePhoto } from './photos.js';
import { deletePhotoWithDraft, getPhoto, saveDraft, savePhotoWithDraft } from './store/drafts.js';
import { debounce, isoWithOffset } from './util.js';

const TYPING_DELAY_MS = 300;

export class DraftEditor extends EventTarget {
  constructor(draft, template) {
    super();
    this.draft = draft;
    this.template = template;
    this.writes = Promise.resolve();
    this.typing = debounce(() => this.save(), TYPING_DELAY_MS);
    // The page going away (app switched, screen locked) must not keep the last keystrokes in memory only.
    this.onHide = () => { this.typing.flush(); };
    window.addEventListener('pagehide', this.onHide);
    document.addEventListener('visibilitychange', this.onHide);
  }

  touch() {
    this.draft.updated_at = isoWithOffset();
    if (!this.draft.location) this.draft.location = knownLocation();
  }

  /**
   * Run ``write`` after the writes before it. The chain survives a failed write (storage full),
   * which is reported as an ``error`` event; the caller's promise rejects.
   */
  enqueue(write) {
    const result = this.writes.then(write);
    this.writes = result.catch((err) => this.dispatchEvent(new CustomEvent('error', { detail: err })));
    return result;
  }

  /** Queue a write of the draft as it is now; resolves when it is on disk. */
  save() {
    return this.enqueue(() => saveDraft(this.draft));
  }

  /** Apply ``mutate(draft)`` and save; ``typing`` waits for a pause in typing first. */
  change(mutate, { typing = false } = {}) {
    mutate(this.draft);
    this.touch();
    let written = this.writes;
    if (typing) {
      this.typing();
    } else {
      this.typing.flush();
      written = this.save();
    }
    this.dispatchEvent(new Event('change'));
    return written;
  }

  /**
   * Downscale, hash and store a photo, and attach it with ``attach(draft, uuid)`` in the same transaction.
   * @returns {Promise<object>} the photo record
   */
  async addPhoto(file, purpose, attach) {
    const photo = await preparePhoto(file, { owner: this.draft.uuid, purpose });
    return this.addPreparedPhoto(photo, attach);
  }

  async addPreparedPhoto(photo, attach) {
    this.typing.flush();
    await this.writes;
    attach(this.draft, photo.uuid);
    this.touch();
    await this.enqueue(() => savePhotoWithDraft(photo, this.draft));
    this.dispatchEvent(new Event('change'));
    return photo;
  }

  /** A photo of this draft (the record with its Blob). */
  getPhoto(photoUuid) {
    return getPhoto(photoUuid);
  }

  /** Remove a photo and ``detach(draft, uuid)`` it in one transaction. */
  async removePhoto(photoUuid, detach) {
    this.typing.flush();
    await this.writes;
    detach(this.draft, photoUuid);
    this.touch();
    await this.enqueue(() => deletePhotoWithDraft(photoUuid, this.draft));
    this.dispatchEvent(new Event('change'));
  }

  /** Write anything pending now (before leaving the screen or reloading). */
  flush() {
    this.typing.flush();
    return this.writes;
  }

  close() {
    window.removeEventListener('pagehide', this.onHide);
    document.removeEventListener('visibilitychange', this.onHide);
    return this.flush();
  }
}
