// A hazard event being recorded on a sheet (a re-check, a rectification report). No DOM here.
// Its photos stay in memory until the sheet is saved; then the event and its photos enter the outbox in one
// transaction (outbox.enqueueHazardEvent), so the phone never holds an event without its photos, nor photos of
// an event that was cancelled. The sheet is one short act on site; an inspection, hours long, is a DraftEditor
// writing every change instead. Both offer the same photo interface to the photo strip and the signature pad.
import { preparePhoto } from './photos.js';
import { uuid } from './util.js';

export class EventDraft extends EventTarget {
  constructor() {
    super();
    /** ``uuid`` is the event's: its photos are owned by it on the phone. */
    /** ``pairs``: before and after, the original photo (by UUID) each photo of the event was taken to match. */
    this.draft = { uuid: uuid(), photos: [], signatures: { rectifier: null }, pairs: {} };
    this.records = new Map();
  }

  /** Downscale and hash a photo from the camera, and ``attach(draft, uuid)`` it. */
  async addPhoto(file, purpose, attach) {
    const photo = await preparePhoto(file, { owner: this.draft.uuid, purpose });
    return this.addPreparedPhoto(photo, attach);
  }

  async addPreparedPhoto(photo, attach) {
    this.records.set(photo.uuid, photo);
    attach(this.draft, photo.uuid);
    this.dispatchEvent(new Event('change'));
    return photo;
  }

  async removePhoto(photoUuid, detach) {
    this.records.delete(photoUuid);
    detach(this.draft, photoUuid);
    this.dispatchEvent(new Event('change'));
  }

  async getPhoto(photoUuid) {
    return this.records.get(photoUuid) || null;
  }

  /** The photo records the event refers to (its photos and its signature), for the outbox. */
  photoRecords() {
    const wanted = [...this.draft.photos, this.draft.signatures.rectifier].filter(Boolean);
    return wanted.map((photoUuid) => this.records.get(photoUuid)).filter(Boolean);
  }

  /** The contract's ``photo_pairs``: ``[{photo, before}]`` for the event's photos taken over an original. */
  photoPairs() {
    return this.draft.photos.filter((photoUuid) => this.draft.pairs[photoUuid])
      .map((photoUuid) => ({ photo: photoUuid, before: this.draft.pairs[photoUuid] }));
  }

  flush() {
    return Promise.resolve();
  }
}
