// One checklist item: the prompt, its guidance and legal basis, big answer targets, a note and photos.
// A failed item carries its hazard (opened in the hazard sheet).
import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { answerOf, ensureAnswer, hazardOf, itemProblems, newHazard, outsideLimits, resultOf, setHazard } from '../draft.js';
import { levelLabel, limitsText, modeLabel, resultLabel } from '../labels.js';
import { PhotoStrip } from './photo-strip.js';

export class ItemCard {
  /**
   * @param {{item: object, editor: import('../editor.js').DraftEditor, total: number, compact: boolean,
   *          readOnly: boolean, onHazard: (item: object) => void}} options
   */
  constructor({ item, editor, total, compact, readOnly, onHazard }) {
    this.item = item;
    this.editor = editor;
    this.readOnly = readOnly;
    this.onHazard = onHazard;
    this.photos = new PhotoStrip({
      label: t('Photos'), purpose: 'answer', editor, readOnly,
      list: (draft) => ensureAnswer(draft, item.id).photos,
    });
    this.answerArea = h('div', { class: 'answer-area' });
    this.hazardArea = h('div', { class: 'hazard-area' });
    this.problems = h('ul', { class: 'problems' });
    const answer = answerOf(editor.draft, item.id);
    const noteId = `note-${item.index}`;
    this.note = h('textarea', {
      id: noteId, rows: 2, disabled: readOnly, value: answer.note || '',
      on: { input: () => editor.change((draft) => { ensureAnswer(draft, item.id).note = this.note.value; }, { typing: true }) },
    });
    const help = [item.guidance, item.basis].some(Boolean) ? h('details', { class: 'item-help', open: !compact && Boolean(item.guidance) },
      h('summary', { text: t('Guidance and legal basis') }),
      item.guidance ? h('p', { text: item.guidance }) : null,
      item.basis ? h('p', { class: 'basis' }, h('strong', { text: t('Basis:') }), ' ', item.basis) : null) : null;
    this.el = h('article', { class: ['item-card', compact ? 'compact' : ''], data: { itemId: item.id }, id: `item-${item.index}` },
      h('p', { class: 'item-section', text: `${item.section} · ${item.index + 1}/${total}` }),
      h('h2', { class: 'item-prompt', text: item.prompt }),
      help, this.answerArea, this.hazardArea,
      h('details', { class: 'item-more', open: Boolean(answer.note) || answer.photos.length > 0 || !compact },
        h('summary', { text: t('Note and photos') }),
        h('label', { for: noteId, text: t('Note') }), this.note,
        this.photos.el),
      this.problems);
    this.listener = () => this.refresh();
    editor.addEventListener('change', this.listener);
  }

  async render() {
    replaceChildren(this.answerArea, this.item.kind === 'pass_fail' ? this.resultButtons() : this.valueInput());
    this.refresh();
    await this.photos.render();
  }

  /** Bring the card up to date with the draft without rebuilding inputs (a rebuilt input loses the keyboard). */
  refresh() {
    const answer = answerOf(this.editor.draft, this.item.id);
    const result = resultOf(this.item, answer);
    this.el.dataset.state = result || (answer.value ? 'value' : 'empty');
    for (const button of this.answerArea.querySelectorAll('button[data-result]')) {
      button.setAttribute('aria-pressed', String(result === button.dataset.result));
    }
    if (this.valueField) this.valueField.disabled = this.readOnly || answer.result === 'na';
    // A reading outside the limits fails whatever the button says: the button shows it, and cannot undo it.
    if (this.failButton) this.failButton.disabled = this.readOnly || outsideLimits(this.item, answer.value);
    this.renderHazard(answer);
    // Photos added elsewhere (the hazard sheet shows this item's photos too).
    if (String(answer.photos.length) !== (this.photos.el.dataset.count || '0')) this.photos.render();
    const problems = this.editor.showProblems ? itemProblems(this.editor.draft, this.item) : [];
    replaceChildren(this.problems, problems.map((text) => h('li', { text })));
  }

  resultButtons() {
    return h('div', { class: 'result-buttons', role: 'group', 'aria-label': t('Your answer') },
      ['pass', 'fail', 'na'].map((result) => h('button', {
        type: 'button', class: ['result', `result-${result}`], data: { result }, 'aria-pressed': 'false',
        disabled: this.readOnly, on: { click: () => this.choose(result) },
      }, resultLabel(result))));
  }

  valueInput() {
    const { item } = this;
    const number = item.kind === 'number';
    const id = `value-${item.index}`;
    const answer = answerOf(this.editor.draft, item.id);
    const input = h('input', {
      id, type: number ? 'number' : 'text', inputmode: number ? 'decimal' : null,
      step: 'any', value: answer.value ?? '',
      on: {
        input: () => this.editor.change((draft) => { ensureAnswer(draft, item.id).value = input.value; }, { typing: true }),
        // Judged when the reading is complete (Enter or leaving the field), not at each keystroke: typing
        // 20.9 passes through 2, which lies below an oxygen reading's lower limit.
        change: () => this.readingDone(),
      },
    });
    this.valueField = input;
    const toggle = (result) => h('button', {
      type: 'button', class: ['result', `result-${result}`], data: { result }, 'aria-pressed': 'false',
      disabled: this.readOnly,
      on: { click: () => this.choose(answerOf(this.editor.draft, item.id).result === result ? null : result) },
    }, resultLabel(result));
    this.failButton = number ? toggle('fail') : null;
    const limits = number ? limitsText(item) : '';
    return h('div', { class: ['value-answer', number ? 'number-answer' : ''] },
      h('label', { for: id, text: number ? t('Value') : t('Your answer') }),
      h('span', { class: 'value-field' }, input, item.unit ? h('span', { class: 'unit', text: item.unit }) : null),
      this.failButton, toggle('na'),
      limits ? h('small', { class: 'limits', text: t('Passes at %(limits)s', { limits }) }) : null);
  }

  /** A reading outside the limits fails the item: it gets its hazard, and the hazard sheet opens. */
  readingDone() {
    const { item } = this;
    const value = this.valueField.value;
    if (!outsideLimits(item, value)) return;
    this.editor.change((draft) => {
      ensureAnswer(draft, item.id).value = value;
      if (!hazardOf(draft, item.id)) setHazard(draft, item.id, newHazard(item));
    });
    this.onHazard(item);
  }

  choose(result) {
    const { item } = this;
    this.editor.change((draft) => {
      ensureAnswer(draft, item.id).result = result;
      // A failed item always carries its hazard; a mis-tap back to pass keeps what was typed for it.
      if (result === 'fail' && !hazardOf(draft, item.id)) setHazard(draft, item.id, newHazard(item));
    });
    if (result === 'fail') this.onHazard(item);
  }

  renderHazard(answer) {
    const hazard = hazardOf(this.editor.draft, this.item.id);
    if (resultOf(this.item, answer) !== 'fail' || !hazard) {
      replaceChildren(this.hazardArea);
      return;
    }
    const mode = hazard.mode === 'on_the_spot' ? modeLabel('on_the_spot') : t('Rectify by %(date)s', { date: hazard.deadline || '?' });
    replaceChildren(this.hazardArea, h('div', { class: ['hazard-summary', hazard.level] },
      h('p', {}, h('strong', { text: levelLabel(hazard.level) }), ' · ', mode),
      h('p', { class: 'hazard-description', text: hazard.description }),
      h('button', { type: 'button', class: 'button small', disabled: this.readOnly, on: { click: () => this.onHazard(this.item) } },
        t('Edit hazard'))));
  }

  destroy() {
    this.editor.removeEventListener('change', this.listener);
    this.photos.destroy();
  }
}
