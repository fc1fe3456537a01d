// The enterprise reports a rectification (整改完成): photos of the fix, a note, who rectified and their signature
// drawn on the phone (the second signature of the closure chain: 谁治理谁签名). Queued in the outbox, offline too.
// It closes nothing: the inspector's re-check does.
import { h, replaceChildren } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { EventDraft } from '../event-draft.js';
import { originalPhotos } from '../thumbs.js';
import { PhotoStrip } from './photo-strip.js';
import { queueEventFromSheet } from './queue-event.js';
import { SignaturePad } from './signature-pad.js';

/** What keeps a rectification report from being saved. */
export function rectificationProblems({ photos, signedBy, signature }) {
  const problems = [];
  if (!photos.length) problems.push(t('A rectification report needs at least one photo of the fix.'));
  if (!signedBy.trim()) problems.push(t('Enter who rectified the hazard.'));
  if (!signature) problems.push(t('The person who rectified has not signed.'));
  return problems;
}

export class RectifySheet {
  /** @param {{user: object, onSaved: () => void, toast: (message: string) => void}} options */
  constructor({ user, onSaved, toast }) {
    this.user = user;
    this.onSaved = onSaved;
    this.toast = toast;
    this.parts = [];
    this.el = h('dialog', { class: 'sheet rectify-sheet', 'aria-labelledby': 'rectify-sheet-title' });
    this.el.addEventListener('close', () => this.closed());
  }

  async open(hazard, enterpriseName) {
    this.hazard = hazard;
    this.enterpriseName = enterpriseName;
    this.event = new EventDraft();
    this.strip = new PhotoStrip({
      label: t('Photos of the rectification'), purpose: 'rectification', editor: this.event, list: (draft) => draft.photos,
      befores: () => originalPhotos(hazard),
    });
    this.pad = new SignaturePad({
      id: 'signature-rectifier', label: t('Signature of the person who rectified'), purpose: 'rectifier_signature',
      role: 'rectifier', editor: this.event, readOnly: false,
    });
    this.parts = [this.strip, this.pad];
    this.note = h('textarea', { id: 'rectify-note', rows: 3 });
    this.signedBy = h('input', { id: 'rectify-signed-by', autocomplete: 'name', value: this.user.name || '' });
    this.problems = h('ul', { class: 'problems', role: 'alert' });
    this.saveButton = h('button', { type: 'submit', class: 'button primary' }, t('Send report'));
    replaceChildren(this.el,
      h('form', { method: 'dialog', class: 'sheet-body', novalidate: true, on: { submit: (event) => this.save(event) } },
        h('h2', { id: 'rectify-sheet-title', text: t('Report rectification') }),
        h('p', { class: 'hazard-description', text: hazard.description }),
        hazard.measures ? h('p', { class: 'muted', text: t('Measures asked for: %(measures)s', { measures: hazard.measures }) }) : null,
        hazard.deadline ? h('p', { class: 'muted', text: t('Deadline %(date)s', { date: formatDate(hazard.deadline) }) }) : null,
        this.strip.el,
        h('label', { for: 'rectify-note', text: t('What was done') }), this.note,
        h('label', { for: 'rectify-signed-by', text: t('Rectified by') }), this.signedBy,
        this.pad.el, this.problems,
        h('div', { class: 'sheet-actions' },
          h('button', { type: 'button', class: 'button', on: { click: () => this.el.close() } }, t('Cancel')),
          this.saveButton)));
    if (!this.el.isConnected) document.body.append(this.el);
    this.el.showModal();
    // The pad sizes its canvas from its laid-out width: render it once the sheet is showing.
    await Promise.all(this.parts.map((part) => part.render()));
  }

  async save(event) {
    event.preventDefault();
    const photos = [...this.event.draft.photos];
    const signature = this.event.draft.signatures.rectifier;
    const signedBy = this.signedBy.value;
    const problems = rectificationProblems({ photos, signedBy, signature });
    replaceChildren(this.problems, problems.map((text) => h('li', { text })));
    if (problems.length) return;
    await queueEventFromSheet(this, {
      type: 'rectification_reported', photos, new_deadline: null, signed_by: signedBy.trim(), signature,
    },
      t('Report saved in the outbox. It is sent as soon as there is a network.'));
  }

  closed() {
    this.parts.forEach((part) => part.destroy());
    this.parts = [];
  }

  destroy() {
    if (this.el.open) this.el.close();
    this.el.remove();
  }
}
