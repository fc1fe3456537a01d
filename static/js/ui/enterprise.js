// One enterprise: its look-back list first (回头看: open, overdue and rectified hazards, re-checked from here,
// offline), then inspections in progress and starting an inspection.
import { h, replaceChildren } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { KINDS, newDraft } from '../draft.js';
import { lookbackOrder, notApplied, RECHECKABLE, waitingByHazard } from '../hazards.js';
import { kindLabel } from '../labels.js';
import { knownLocation, startLocating, stopLocating } from '../photos.js';
import { listOpenDrafts, saveDraft } from '../store/drafts.js';
import { getMeta } from '../store/meta.js';
import { listWaitingHazardEvents } from '../store/outbox.js';
import { getEnterprise, listCurrentTemplates, listHazardsAt } from '../store/pulled.js';
import { syncEvents, syncState } from '../sync.js';
import { LookbackList } from './lookback.js';
import { RecheckSheet } from './recheck-sheet.js';

// Who records inspections and re-checks (the server accepts them from these roles only).
const INSPECTING_ROLES = new Set(['inspector', 'supervisor']);

/**
 * The start form's checklists, the one to pre-select first: the checklist suggested for the enterprise's sector
 * (the template's ``sectors``, from the server), else the only one there is; with several and none suggested,
 * nothing is pre-selected, so an inspector never starts on a checklist the phone picked for no reason.
 * @returns {{templates: object[], chosen: object|null, suggested: Set<object>}}
 */
export function suggestTemplate(templates, enterprise) {
  const suggested = templates.filter((template) => (template.sectors || []).includes(enterprise.sector));
  const others = templates.filter((template) => !suggested.includes(template));
  const chosen = suggested[0] || (templates.length === 1 ? templates[0] : null);
  return { templates: [...suggested, ...others], chosen, suggested: new Set(suggested) };
}

function fact(label, value) {
  return value ? [h('dt', { text: label }), h('dd', {}, value)] : [];
}

export class EnterpriseScreen {
  constructor(ctx, { code, via }) {
    this.ctx = ctx;
    this.code = code;
    this.identifiedBy = via === 'qr' ? 'qr' : 'manual';
    this.title = t('Enterprise');
    this.inspecting = INSPECTING_ROLES.has(ctx.user.role);
    this.el = h('div', { class: 'screen enterprise' });
    this.lookback = new LookbackList({
      id: 'lookback', title: t('Look-back list'), empty: t('No open hazards.'),
      actions: (hazard, waiting) => this.actionsFor(hazard, waiting),
    });
    this.sheet = new RecheckSheet({
      user: ctx.user, toast: (message) => ctx.toast(message), onSaved: () => this.showLookback(),
    });
    this.lastSync = syncState().lastSync;
    this.listener = () => {
      // A finished sync may have sent a re-check or brought changed hazards: show the list as the phone holds it now.
      const state = syncState();
      if (state.phase === 'idle' && state.lastSync !== this.lastSync && this.enterprise) {
        this.lastSync = state.lastSync;
        this.showLookback();
      }
    };
    syncEvents.addEventListener('change', this.listener);
  }

  async load() {
    const enterprise = await getEnterprise(this.code);
    if (!enterprise) {
      replaceChildren(this.el,
        h('p', { class: 'notice warn', role: 'alert', text: t('Enterprise %(code)s is not in your area, or has not been downloaded to this phone yet.', { code: this.code }) }),
        h('a', { href: '/app/', class: 'button block' }, t('Back to the start')));
      return;
    }
    startLocating();
    this.enterprise = enterprise;
    this.ctx.setTitle(enterprise.name);
    const [templates, drafts] = await Promise.all([listCurrentTemplates(), listOpenDrafts(this.ctx.user.id)]);
    const here = drafts.filter((draft) => draft.enterprise_code === enterprise.code);
    this.startForm = this.inspecting ? this.startCard(templates) : null;
    replaceChildren(this.el,
      h('section', { class: 'card enterprise-head' },
        h('h2', { class: 'enterprise-name', text: enterprise.name }),
        h('p', { class: 'identified', data: { identifiedBy: this.identifiedBy } },
          this.identifiedBy === 'qr' ? t('Identified by its QR label') : t('Chosen by hand')),
        h('details', { class: 'enterprise-details' },
          h('summary', { text: t('Details and contact') }),
          h('dl', { class: 'facts' },
            fact(t('Code'), enterprise.code),
            fact(t('Address'), enterprise.address),
            fact(t('Sector'), enterprise.sector_label || enterprise.sector),
            fact(t('Supervision class'), enterprise.supervision_class),
            fact(t('Grid'), enterprise.grid_name || enterprise.grid),  // the name; the code for a pull from before names were sent
            fact(t('Contact'), enterprise.contact_person),
            fact(t('Phone'), enterprise.contact_phone
              ? h('a', { href: `tel:${enterprise.contact_phone}`, text: enterprise.contact_phone }) : null)))),
      this.lookback.el,
      here.length ? this.draftsCard(here) : null,
      this.startForm);
    await this.showLookback();
  }

  async showLookback() {
    const [hazards, waiting, sent] = await Promise.all([
      listHazardsAt(this.enterprise.code), listWaitingHazardEvents(), getMeta('sent')]);
    const mine = waiting.filter((record) => record.user_id === this.ctx.user.id);
    const notices = notApplied(sent || []).filter((entry) => entry.enterprise_code === this.enterprise.code);
    const canStart = this.startForm && this.startForm.classList.contains('start-inspection');
    await this.lookback.render({
      hazards: lookbackOrder(hazards),
      waiting: waitingByHazard(mine),
      notices,
      footer: canStart && hazards.length ? h('button', {
        type: 'button', class: 'button block lookback-start', on: { click: () => this.startLookbackVisit() },
      }, t('Record this visit as a look-back inspection')) : null,
    });
  }

  actionsFor(hazard, waiting) {
    if (waiting) {
      return [h('a', { href: '/app/outbox', class: 'button small' }, t('Open the outbox'))];
    }
    if (!this.inspecting || !RECHECKABLE.has(hazard.status)) return [];
    const name = this.enterprise.name;
    return [
      h('button', { type: 'button', class: 'button small recheck-pass', on: { click: () => this.sheet.open(hazard, 'passed', name) } },
        t('Re-check: passed')),
      h('button', { type: 'button', class: 'button small danger recheck-fail', on: { click: () => this.sheet.open(hazard, 'failed', name) } },
        t('Re-check: failed')),
    ];
  }

  /** From the look-back list: the start form below with the kind "look-back" chosen. */
  startLookbackVisit() {
    const radio = this.startForm.querySelector('input[name="kind"][value="lookback"]');
    radio.checked = true;
    this.startForm.scrollIntoView({ block: 'start', behavior: 'smooth' });
    this.startForm.querySelector('button[type="submit"]').focus({ preventScroll: true });
  }

  draftsCard(drafts) {
    return h('section', { class: 'card' },
      h('h2', { text: t('Inspections in progress here') }),
      h('ul', { class: 'list' }, drafts.map((draft) => h('li', {},
        h('a', { href: `/app/inspect/${draft.uuid}`, class: 'list-link draft-link' },
          h('strong', { text: draft.template_name }),
          h('span', { class: 'muted', text: ` ${formatDateTime(draft.updated_at)}` }))))));
  }

  startCard(templates) {
    if (!templates.length) {
      return h('section', { class: 'card' },
        h('p', { class: 'notice', text: t('No checklists on this phone yet. Sync with a network connection first.') }));
    }
    const { templates: ordered, chosen, suggested } = suggestTemplate(templates, this.enterprise);
    const templateChoices = ordered.map((template) => h('label', { class: 'choice' },
      h('input', {
        type: 'radio', name: 'template', value: `${template.id}:${template.version}`, checked: template === chosen,
        required: true,
      }),
      h('span', { text: template.name }),
      suggested.has(template) ? h('span', { class: 'badge ok suggested', text: t('Suggested for this sector') }) : null));
    const kindChoices = KINDS.map((kind, index) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name: 'kind', value: kind, checked: index === 0 }),
      h('span', { text: kindLabel(kind) })));
    return h('form', { class: 'card start-inspection', on: { submit: (event) => this.start(event, templates) } },
      h('h2', { text: t('Start an inspection') }),
      h('fieldset', {}, h('legend', { text: t('Checklist') }), templateChoices),
      h('fieldset', { class: 'choices-2' }, h('legend', { text: t('Kind of inspection') }), kindChoices),
      h('button', { type: 'submit', class: 'button primary block' }, t('Start inspection')));
  }

  async start(event, templates) {
    event.preventDefault();
    const form = new FormData(event.target);
    const template = templates.find((tpl) => `${tpl.id}:${tpl.version}` === form.get('template'));
    const draft = newDraft({
      user: this.ctx.user, enterprise: this.enterprise, template, kind: form.get('kind'),
      identifiedBy: this.identifiedBy, location: knownLocation(),
    });
    await saveDraft(draft);
    this.ctx.go(`/app/inspect/${draft.uuid}`);
  }

  destroy() {
    stopLocating();
    syncEvents.removeEventListener('change', this.listener);
    this.lookback.destroy();
    this.sheet.destroy();
  }
}
