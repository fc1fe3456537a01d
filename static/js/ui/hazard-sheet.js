// The hazard sheet for a failed item: description, level, and either rectified on the spot (with a photo
// of the rectification) or by a deadline with the "three fixes" (三定: responsible person, measures, deadline).
import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { answerOf, DEADLINE_DAYS, ensureAnswer, hazardOf, outsideLimits } from '../draft.js';
import { levelLabel, limitsText, modeLabel } from '../labels.js';
import { MEASURES, measureLabel } from '../documents.js';
import { addDays } from '../util.js';
import { PhotoStrip } from './photo-strip.js';

export class HazardSheet {
  /** @param {{editor: import('../editor.js').DraftEditor}} options */
  constructor({ editor }) {
    this.editor = editor;
    this.el = h('dialog', { class: 'sheet hazard-sheet', 'aria-labelledby': 'hazard-sheet-title' });
    this.el.addEventListener('close', () => this.closed());
    this.strips = [];
  }

  hazard() {
    return hazardOf(this.editor.draft, this.item.id);
  }

  change(mutate, typing = false) {
    this.editor.change((draft) => mutate(hazardOf(draft, this.item.id)), { typing });
  }

  /** Open the sheet for ``item``'s hazard. */
  async open(item) {
    this.item = item;
    const hazard = this.hazard();
    const description = h('textarea', {
      id: 'hazard-description', rows: 3, value: hazard.description,
      on: { input: () => this.change((hz) => { hz.description = description.value; }, true) },
    });
    const radios = (name, options, current, onPick) => options.map(([value, label]) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name, value, checked: value === current, on: { change: () => onPick(value) } }),
      h('span', { text: label })));
    this.deadlineFields = this.deadlinePart(hazard);
    this.rectification = new PhotoStrip({
      label: t('Photo of the rectification'), purpose: 'rectification', editor: this.editor,
      list: (draft) => hazardOf(draft, item.id).rectification_photos,
    });
    // The item's own photos: the server takes them as the hazard's evidence as well.
    this.evidence = new PhotoStrip({
      label: t('Photos of the hazard'), purpose: 'answer', editor: this.editor,
      list: (draft) => ensureAnswer(draft, item.id).photos,
    });
    this.strips = [this.rectification, this.evidence];
    this.onTheSpot = h('div', { class: 'mode-on-the-spot' }, this.rectification.el);
    replaceChildren(this.el,
      h('form', { method: 'dialog', class: 'sheet-body' },
        h('h2', { id: 'hazard-sheet-title', text: t('Hazard found') }),
        h('p', { class: 'muted', text: item.prompt }),
        this.readingLine(item),
        h('label', { for: 'hazard-description', text: t('Description of the hazard') }), description,
        h('fieldset', { class: 'choices-2' }, h('legend', { text: t('Level') }),
          radios('hazard-level', [['general', levelLabel('general')], ['major', levelLabel('major')]], hazard.level,
            (level) => this.setLevel(level))),
        h('fieldset', { class: 'choices-2' }, h('legend', { text: t('Rectification') }),
          radios('hazard-mode', [['on_the_spot', modeLabel('on_the_spot')], ['deadline', modeLabel('deadline')]],
            hazard.mode, (mode) => this.setMode(mode))),
        this.onTheSpot, this.deadlineFields, this.measurePart(item, hazard), this.evidence.el,
        h('button', { type: 'submit', class: 'button primary block', value: 'done' }, t('Done'))));
    this.showMode();
    if (!this.el.isConnected) document.body.append(this.el);
    await Promise.all(this.strips.map((strip) => strip.render()));
    this.el.showModal();
  }

  /** Why a number item failed: its reading against its limits. */
  readingLine(item) {
    const { value } = answerOf(this.editor.draft, item.id);
    if (!outsideLimits(item, value)) return null;
    return h('p', { class: 'reading-outside', role: 'status' }, t('Reading %(value)s is outside the limits (%(limits)s).', {
      value: `${String(value).trim()} ${item.unit || ''}`.trim(), limits: limitsText(item) }));
  }

  deadlinePart(hazard) {
    const person = h('input', {
      id: 'hazard-person', autocomplete: 'name', value: hazard.responsible_person,
      on: { input: () => this.change((hz) => { hz.responsible_person = person.value; }, true) },
    });
    const measures = h('textarea', {
      id: 'hazard-measures', rows: 2, value: hazard.measures,
      on: { input: () => this.change((hz) => { hz.measures = measures.value; }, true) },
    });
    this.deadline = h('input', {
      id: 'hazard-deadline', type: 'date', value: hazard.deadline || '',
      on: { change: () => this.change((hz) => { hz.deadline = this.deadline.value || null; }) },
    });
    return h('div', { class: 'mode-deadline' },
      h('label', { for: 'hazard-person', text: t('Responsible person') }), person,
      h('label', { for: 'hazard-measures', text: t('Rectification measures') }), measures,
      h('label', { for: 'hazard-deadline', text: t('Deadline') }), this.deadline);
  }

  /**
   * 现场处理措施: a hazard too serious to wait, the inspector orders on the spot to stop using equipment, stop
   * work in an area or withdraw people; with the place and the legal basis it makes the 现场处理措施决定书.
   */
  measurePart(item, hazard) {
    const current = hazard.onsite_measure;
    const place = h('input', {
      id: 'measure-place', autocomplete: 'off', value: current ? current.place : '',
      on: { input: () => this.change((hz) => { hz.onsite_measure.place = place.value; }, true) },
    });
    const basis = h('textarea', {
      id: 'measure-basis', rows: 2, value: current ? current.legal_basis : '',
      on: { input: () => this.change((hz) => { hz.onsite_measure.legal_basis = basis.value; }, true) },
    });
    const fields = h('div', { class: 'measure-fields', hidden: !current },
      h('label', { for: 'measure-place', text: t('Where (equipment, area or site)') }), place,
      h('label', { for: 'measure-basis', text: t('Legal basis of the measure') }), basis);
    const pick = (measure) => {
      this.change((hz) => {
        if (!measure) hz.onsite_measure = null;
        // The item's own legal basis to start from: the inspector cites the article that allows the measure.
        else hz.onsite_measure = { place: '', legal_basis: item.basis || '', ...(hz.onsite_measure || {}), measure };
      });
      const chosen = this.hazard().onsite_measure;
      fields.hidden = !chosen;
      if (chosen) {
        place.value = chosen.place;
        basis.value = chosen.legal_basis;
      }
    };
    const options = [['', t('None')], ...MEASURES.map((measure) => [measure, measureLabel(measure)])];
    return h('fieldset', { class: 'onsite-measure' }, h('legend', { text: t('On-site measure') }),
      options.map(([value, label]) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: 'onsite-measure', value, checked: value === (current ? current.measure : ''),
          on: { change: () => pick(value) } }),
        h('span', { text: label }))),
      fields);
  }

  setLevel(level) {
    this.change((hz) => {
      // Move the deadline with the level unless the inspector chose one of their own.
      if (hz.deadline === addDays(DEADLINE_DAYS[hz.level])) hz.deadline = addDays(DEADLINE_DAYS[level]);
      hz.level = level;
    });
    this.deadline.value = this.hazard().deadline || '';
  }

  setMode(mode) {
    this.change((hz) => {
      hz.mode = mode;
      if (mode === 'deadline' && !hz.deadline) hz.deadline = addDays(DEADLINE_DAYS[hz.level]);
    });
    this.deadline.value = this.hazard().deadline || '';
    this.showMode();
  }

  showMode() {
    const onTheSpot = this.hazard().mode === 'on_the_spot';
    this.onTheSpot.hidden = !onTheSpot;
    this.deadlineFields.hidden = onTheSpot;
  }

  closed() {
    this.editor.flush();
    this.strips.forEach((strip) => strip.destroy());
    this.strips = [];
    this.editor.dispatchEvent(new Event('change'));
  }

  destroy() {
    if (this.el.open) this.el.close();
    this.el.remove();
  }
}
