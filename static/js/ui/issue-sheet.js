// Issuing one document on site: the text for the enterprise's representative to read on the phone, their
// signature or the team's record of a refusal to sign (拒签, with a photo), who received it, then a number from
// the phone's block (store/numbers.js). Once issued it is shown as issued and no longer changes.
import { h, replaceChildren } from '../dom.js';
import { formatDate, formatDateTime, t } from '../i18n.js';
import {
  documentBody, documentProblems, documentTitle, formatReference, issue, measureLabel, newFieldDocument,
  ONSITE_MEASURES, RECTIFICATION_ORDER, serviceMethodLabel,
} from '../documents.js';
import { levelLabel, resultLabel } from '../labels.js';
import { takeNumber } from '../store/numbers.js';
import { getEnterprise } from '../store/pulled.js';
import { PhotoStrip } from './photo-strip.js';
import { SignaturePad } from './signature-pad.js';

export class IssueSheet {
  /** @param {{editor: import('../editor.js').DraftEditor, onIssued: () => void}} options */
  constructor({ editor, onIssued }) {
    this.editor = editor;
    this.onIssued = onIssued;
    this.parts = [];
    this.el = h('dialog', { class: 'sheet issue-sheet', 'aria-labelledby': 'issue-sheet-title' });
    this.el.addEventListener('close', () => this.closed());
  }

  doc() {
    return this.editor.draft.documents[this.type];
  }

  change(mutate, typing = false) {
    return this.editor.change((draft) => mutate(draft.documents[this.type]), { typing });
  }

  async open(type) {
    this.type = type;
    const { draft, template } = this.editor;
    if (!draft.documents) draft.documents = {};
    if (!draft.documents[type]) await this.editor.change((d) => { d.documents[type] = newFieldDocument(type); });
    const doc = this.doc();
    const issued = Boolean(doc.issued_at);
    const body = documentBody(type, draft, template, await getEnterprise(draft.enterprise_code));
    this.problems = h('div', { class: 'issue-problems', role: 'alert' });
    replaceChildren(this.el, h('form', { method: 'dialog', class: 'sheet-body' },
      doc.number && doc.number.office ? h('p', { class: 'document-office', text: doc.number.office }) : null,
      h('h2', { id: 'issue-sheet-title', text: documentTitle(type) }),
      h('p', { class: 'document-number', text: issued
        ? (formatReference(doc.number) || t('Numbered at the next sync: this phone had no number left.'))
        : t('The number is given when the document is issued.') }),
      this.textPart(type, body),
      issued ? this.issuedPart(doc) : this.receiptPart(doc),
      this.problems,
      issued ? h('button', { type: 'submit', class: 'button block', value: 'close' }, t('Close'))
        : h('div', { class: 'actions' },
          h('button', { type: 'submit', class: 'button', value: 'close' }, t('Later')),
          h('button', { type: 'button', class: 'button primary issue-now', on: { click: () => this.issueNow() } },
            t('Issue the document')))));
    if (!this.el.isConnected) document.body.append(this.el);
    await Promise.all(this.parts.map((part) => part.render()));
    this.el.showModal();
    this.el.scrollTop = 0;
  }

  /** The document's text as the representative reads it. */
  textPart(type, body) {
    const line = (label, value) => (value ? h('p', {}, h('strong', { text: label }), '：', value) : null);
    const rows = [
      line(t('Enterprise'), body.enterprise.name),
      line(t('Address'), body.enterprise.address),
      line(t('Time of the inspection'), formatDateTime(body.started_at)),
      line(t('Inspectors'), body.team.join('、')),
    ];
    let list;
    if (type === RECTIFICATION_ORDER) {
      list = h('ol', { class: 'document-hazards' }, body.hazards.map((hz) => h('li', {},
        h('p', { text: hz.description }),
        h('p', { class: 'muted', text: t('Responsible: %(person)s · measures: %(measures)s · by %(date)s', {
          person: hz.responsible_person, measures: hz.measures, date: formatDate(hz.deadline) }) }),
        hz.basis ? h('p', { class: 'muted', text: t('Basis: %(basis)s', { basis: hz.basis }) }) : null)));
    } else if (type === ONSITE_MEASURES) {
      list = h('ol', { class: 'document-hazards' }, body.hazards.map((hz) => h('li', {},
        h('p', { text: hz.description }),
        h('p', { class: 'measure-line', text: `${measureLabel(hz.measure)} · ${hz.place}` }),
        h('p', { class: 'muted', text: t('Basis: %(basis)s', { basis: hz.legal_basis }) }))));
    } else {
      list = h('div', {},
        line(t('Checklist'), body.checklist),
        h('ul', { class: 'document-checked' }, body.checked.map((row) => h('li', {},
          `${row.item} — ${row.result ? resultLabel(row.result) : ''}`))),
        h('p', { text: t('Hazards found: %(count)s', { count: body.hazards.length }) }),
        h('ol', {}, body.hazards.map((hz) => h('li', { text: `${hz.description} (${levelLabel(hz.level)})` }))),
        body.notes ? h('p', { text: body.notes }) : null);
    }
    return h('section', { class: 'document-text' }, rows, list);
  }

  /** The representative signs, or the team records the refusal with a photo; and who received it. */
  receiptPart(doc) {
    const pad = new SignaturePad({
      id: `signature-${this.type}`, label: t('Signature of the enterprise representative'), purpose: 'document_signature',
      role: 'representative', editor: this.editor, readOnly: false,
      slot: { get: (draft) => draft.documents[this.type].signature,
        set: (draft, uuid) => { draft.documents[this.type].signature = uuid; } },
    });
    const refusalPhotos = new PhotoStrip({
      label: t('Photo of the refusal (the document shown on site)'), purpose: 'refusal', editor: this.editor,
      list: (draft) => draft.documents[this.type].refusal.photos,
    });
    this.parts = [pad];
    const note = h('textarea', { id: 'refusal-note', rows: 2, value: doc.refusal ? doc.refusal.note : '',
      on: { input: () => this.change((d) => { d.refusal.note = note.value; }, true) } });
    const refusalPart = h('div', { class: 'refusal-part' },
      h('label', { for: 'refusal-note', text: t('What the representative said (optional)') }), note, refusalPhotos.el);
    const refused = h('input', { type: 'checkbox', id: 'refused', checked: Boolean(doc.refusal),
      on: { change: () => this.setRefused(refused.checked, pad, refusalPhotos, refusalPart) } });
    const recipient = h('input', { id: 'service-recipient', autocomplete: 'name',
      value: doc.service.recipient || this.editor.draft.representative_name || '',
      on: { input: () => this.change((d) => { d.service.recipient = recipient.value; }, true) } });
    if (!doc.service.recipient && recipient.value) this.change((d) => { d.service.recipient = recipient.value; });
    this.showRefused(Boolean(doc.refusal), pad, refusalPhotos, refusalPart);
    return h('section', { class: 'receipt' },
      h('label', { for: 'service-recipient', text: t('Received by (name)') }), recipient,
      pad.el,
      h('label', { class: 'choice refused-choice' }, refused, h('span', { text: t('The representative refuses to sign (拒签)') })),
      refusalPart);
  }

  async setRefused(on, pad, strip, part) {
    await this.change((d) => { d.refusal = on ? { photos: [], note: '' } : null; });
    this.showRefused(on, pad, strip, part);
    await Promise.all(this.parts.map((p) => p.render()));
  }

  showRefused(on, pad, strip, part) {
    pad.el.hidden = on;
    part.hidden = !on;
    this.parts = on ? [strip] : [pad];
  }

  /** Proof of service as recorded: who, when, how. */
  issuedPart(doc) {
    return h('section', { class: 'receipt issued' },
      h('p', { class: 'ok', text: t('Issued %(when)s', { when: formatDateTime(doc.issued_at) }) }),
      h('p', { text: t('Served: %(method)s, to %(who)s, %(when)s', {
        method: serviceMethodLabel(doc.service.method), who: doc.service.recipient,
        when: formatDateTime(doc.service.at) }) }),
      doc.refusal ? h('p', { class: 'notice warn', text: t('Refused to sign: recorded with a photo.') }) : null);
  }

  async issueNow() {
    await this.editor.flush();
    const problems = documentProblems(this.doc());
    if (problems.length) {
      replaceChildren(this.problems, h('ul', {}, problems.map((text) => h('li', { class: 'notice warn', text }))));
      return;
    }
    const { draft, template } = this.editor;
    // A document signed again after a change keeps the number it was given.
    const number = this.doc().number || await takeNumber(this.type, draft.uuid);
    const body = documentBody(this.type, draft, template, await getEnterprise(draft.enterprise_code));
    await this.change((d) => issue(d, number, body));
    this.onIssued(this.type);
    await this.open(this.type);
  }

  closed() {
    this.editor.flush();
    this.parts.forEach((part) => part.destroy());
    this.parts = [];
    this.editor.dispatchEvent(new Event('change'));
  }

  destroy() {
    if (this.el.open) this.el.close();
    this.el.remove();
  }
}
