// One enterprise: its details, its open hazards (the look-back list) and starting an inspection.
import { getEnterprise, listCurrentTemplates, listHazardsAt, listOpenDrafts, saveDraft } from '../db.js';
import { h, replaceChildren } from '../dom.js';
import { formatDate, formatDateTime, t } from '../i18n.js';
import { KINDS, newDraft } from '../draft.js';
import { hazardStatusLabel, kindLabel, levelLabel } from '../labels.js';
import { knownLocation, startLocating, stopLocating } from '../photos.js';
import { localDate } from '../util.js';

// Who records inspections (the server accepts them from these roles only).
const INSPECTING_ROLES = new Set(['inspector', 'supervisor']);

function fact(label, value) {
  return value ? [h('dt', { text: label }), h('dd', {}, value)] : [];
}

export class EnterpriseScreen {
  constructor(ctx, { code, via }) {
    this.ctx = ctx;
    this.code = code;
    this.identifiedBy = via === 'qr' ? 'qr' : 'manual';
    this.title = t('Enterprise');
    this.el = h('div', { class: 'screen enterprise' });
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
    const [hazards, templates, drafts] = await Promise.all([
      listHazardsAt(enterprise.code), listCurrentTemplates(), listOpenDrafts(this.ctx.user.id)]);
    const here = drafts.filter((draft) => draft.enterprise_code === enterprise.code);
    replaceChildren(this.el,
      h('section', { class: 'card' },
        h('h2', { class: 'enterprise-name', text: enterprise.name }),
        h('p', { class: 'identified', data: { identifiedBy: this.identifiedBy } },
          this.identifiedBy === 'qr' ? t('Identified by its QR label') : t('Chosen by hand')),
        h('dl', { class: 'facts' },
          fact(t('Code'), enterprise.code),
          fact(t('Address'), enterprise.address),
          fact(t('Sector'), enterprise.sector_label || enterprise.sector),
          fact(t('Supervision class'), enterprise.supervision_class),
          fact(t('Grid'), enterprise.grid),
          fact(t('Contact'), enterprise.contact_person),
          fact(t('Phone'), enterprise.contact_phone
            ? h('a', { href: `tel:${enterprise.contact_phone}`, text: enterprise.contact_phone }) : null))),
      here.length ? this.draftsCard(here) : null,
      INSPECTING_ROLES.has(this.ctx.user.role) ? this.startCard(templates) : null,
      this.hazardsCard(hazards));
  }

  draftsCard(drafts) {
    return h('section', { class: 'card' },
      h('h2', { text: t('Inspections in progress here') }),
      h('ul', { class: 'list' }, drafts.map((draft) => h('li', {},
        h('a', { href: `/app/inspect/${draft.uuid}`, class: 'list-link draft-link' },
          h('strong', { text: draft.template_name }),
          h('span', { class: 'muted', text: ` ${formatDateTime(draft.updated_at)}` }))))));
  }

  hazardsCard(hazards) {
    const today = localDate();
    const rows = hazards.sort((a, b) => (a.deadline || '9999').localeCompare(b.deadline || '9999'));
    return h('section', { class: 'card hazards-here', 'aria-labelledby': 'hazards-here-title' },
      h('h2', { id: 'hazards-here-title', text: t('Open hazards (look-back list)') }),
      rows.length ? h('ul', { class: 'list' }, rows.map((hazard) => {
        const overdue = hazard.status === 'open' && hazard.deadline && hazard.deadline < today;
        return h('li', { class: 'hazard-row' },
          h('p', { text: hazard.description }),
          h('p', { class: 'badges' },
            h('span', { class: ['badge', hazard.level === 'major' ? 'bad' : 'info'], text: levelLabel(hazard.level) }),
            h('span', { class: 'badge', text: hazardStatusLabel(hazard.status) }),
            hazard.deadline ? h('span', { class: ['badge', overdue ? 'bad' : ''], text: overdue
              ? t('Overdue since %(date)s', { date: formatDate(hazard.deadline) })
              : t('Deadline %(date)s', { date: formatDate(hazard.deadline) }) }) : null));
      })) : h('p', { class: 'muted', text: t('No open hazards.') }));
  }

  startCard(templates) {
    if (!templates.length) {
      return h('section', { class: 'card' },
        h('p', { class: 'notice', text: t('No checklists on this phone yet. Sync with a network connection first.') }));
    }
    const templateChoices = templates.map((template, index) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name: 'template', value: `${template.id}:${template.version}`, checked: index === 0 }),
      h('span', { text: template.name })));
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
  }
}
