// The re-check sheet (复查, from the look-back list): the hazard found fixed ("passed", with at least one photo)
// or still not fixed ("failed", with a new deadline that is not in the past). Saved into the outbox with its
// photos, offline like everything else.
import { h, replaceChildren } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { DEADLINE_DAYS } from '../draft.js';
import { EventDraft } from '../event-draft.js';
import { levelLabel } from '../labels.js';
import { addDays, localDate } from '../util.js';
import { originalPhotos } from '../thumbs.js';
import { PhotoStrip } from './photo-strip.js';
import { queueEventFromSheet } from './queue-event.js';

/** What keeps a re-check from being saved, as messages for the inspector. */
export function recheckProblems({ result, photos, newDeadline }, today = localDate()) {
  const problems = [];
  if (result === 'passed' && !photos.length) problems.push(t('A passed re-check needs at least one photo.'));
  if (result === 'failed') {
    if (!newDeadline) problems.push(t('A failed re-check needs a new deadline.'));
    else if (newDeadline < today) problems.push(t('The new deadline cannot be in the past.'));
  }
  return problems;
}

export class RecheckSheet {
  /** @param {{user: object, onSaved: () => void, toast: (message: string) => void}} options */
  constructor({ user, onSaved, toast }) {
    this.user = user;
    this.onSaved = onSaved;
    this.toast = toast;
    this.strip = null;
    this.el = h('dialog', { class: 'sheet recheck-sheet', 'aria-labelledby': 'recheck-sheet-title' });
    this.el.addEventListener('close', () => this.closed());
  }

  /** Open the sheet for ``hazard`` with ``result`` ('passed' or 'failed') chosen. */
  async open(hazard, result, enterpriseName) {
    this.hazard = hazard;
    this.enterpriseName = enterpriseName;
    this.event = new EventDraft();
    this.strip = new PhotoStrip({
      label: t('Photos of the re-check'), purpose: 'recheck', editor: this.event, list: (draft) => draft.photos,
      befores: () => originalPhotos(hazard),
    });
    this.note = h('textarea', { id: 'recheck-note', rows: 3 });
    this.deadline = h('input', {
      id: 'recheck-deadline', type: 'date', min: localDate(), value: addDays(DEADLINE_DAYS[hazard.level] || DEADLINE_DAYS.general),
    });
    this.deadlinePart = h('div', { class: 'recheck-deadline' },
      h('label', { for: 'recheck-deadline', text: t('New deadline') }), this.deadline);
    this.majorHint = h('p', { class: 'muted hint', text: t('A major hazard is struck off only after a supervisor verifies it.') });
    this.problems = h('ul', { class: 'problems', role: 'alert' });
    this.saveButton = h('button', { type: 'submit', class: 'button primary' }, t('Save re-check'));
    const choice = (value, label) => h('label', { class: ['choice', `result-${value}`] },
      h('input', { type: 'radio', name: 'recheck-result', value, checked: value === result,
        on: { change: () => this.choose(value) } }),
      h('span', { text: label }));
    replaceChildren(this.el,
      h('form', { method: 'dialog', class: 'sheet-body', novalidate: true, on: { submit: (event) => this.save(event) } },
        h('h2', { id: 'recheck-sheet-title', text: t('Re-check') }),
        h('p', { class: 'hazard-description', text: hazard.description }),
        h('p', { class: 'muted', text: [levelLabel(hazard.level),
          hazard.deadline ? t('Deadline %(date)s', { date: formatDate(hazard.deadline) }) : ''].filter(Boolean).join(' · ') }),
        h('fieldset', { class: 'choices-2 recheck-result' }, h('legend', { text: t('Result') }),
          choice('passed', t('Passed: fixed')), choice('failed', t('Failed: not fixed'))),
        this.strip.el,
        h('label', { for: 'recheck-note', text: t('Note') }), this.note,
        this.deadlinePart, this.majorHint, this.problems,
        h('div', { class: 'sheet-actions' },
          h('button', { type: 'button', class: 'button', on: { click: () => this.el.close() } }, t('Cancel')),
          this.saveButton)));
    this.choose(result);
    if (!this.el.isConnected) document.body.append(this.el);
    await this.strip.render();
    this.el.showModal();
  }

  choose(result) {
    this.result = result;
    this.deadlinePart.hidden = result !== 'failed';
    this.majorHint.hidden = !(result === 'passed' && this.hazard.level === 'major');
    replaceChildren(this.problems);
  }

  async save(event) {
    event.preventDefault();
    const photos = [...this.event.draft.photos];
    const newDeadline = this.result === 'failed' ? this.deadline.value : null;
    const problems = recheckProblems({ result: this.result, photos, newDeadline });
    replaceChildren(this.problems, problems.map((text) => h('li', { text })));
    if (problems.length) return;
    const type = this.result === 'passed' ? 'recheck_passed' : 'recheck_failed';
    await queueEventFromSheet(this, { type, photos, new_deadline: newDeadline },
      t('Re-check saved in the outbox. It is sent as soon as there is a network.'));
  }

  closed() {
    if (this.strip) this.strip.destroy();
    this.strip = null;
  }

  destroy() {
    if (this.el.open) this.el.close();
    this.el.remove();
  }
}
