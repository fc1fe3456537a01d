// One enterprise: its look-back list first (回头看: open, overdue and rectified hazards, re-checked from here,
// offline), then inspections in progress and starting an inspection. Opened from one of "my tasks", the start
// form has the campaign's checklist and inspection kind chosen, and the inspection fulfils the task.
import { h, replaceChildren } from '../dom.js';
import { formatDate, formatDateTime, t } from '../i18n.js';
import { KINDS, newDraft } from '../draft.js';
import { uuid } from '../util.js';
import { lookbackOrder, notApplied, RECHECKABLE, waitingByHazard } from '../hazards.js';
import { campaignKindLabel, kindLabel } from '../labels.js';
import { knownLocation, startLocating, stopLocating } from '../photos.js';
import { listOpenDrafts, saveDraft } from '../store/drafts.js';
import { getMeta } from '../store/meta.js';
import { listWaitingHazardEvents } from '../store/outbox.js';
import { campaignsByCode, getEnterprise, getTask, listCurrentTemplates, listHazardsAt, listStaff, listTasks }
  from '../store/pulled.js';
import { syncEvents, syncState } from '../sync.js';
import { memberName, tasksAtEnterprise, taskTeam, taskTemplate } from '../tasks.js';
import { LookbackList } from './lookback.js';
import { taskHref } from './my-tasks.js';
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
  constructor(ctx, { code, via, taskUuid = null }) {
    this.ctx = ctx;
    this.code = code;
    this.taskUuid = taskUuid;
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
    this.missing = false;
    this.listener = () => {
      // A finished sync may have sent a re-check or brought changed hazards: show the list as the phone holds it now.
      // Or it brought the enterprise itself: a QR link opened before the phone's first sync landed.
      const state = syncState();
      if (state.phase !== 'idle' || state.lastSync === this.lastSync) return;
      this.lastSync = state.lastSync;
      if (this.enterprise) this.showLookback();
      else if (this.missing) this.load();
    };
    syncEvents.addEventListener('change', this.listener);
  }

  async load() {
    const enterprise = await getEnterprise(this.code);
    this.missing = !enterprise;
    if (!enterprise) {
      replaceChildren(this.el,
        h('p', { class: 'notice warn', role: 'alert', text: t('Enterprise %(code)s is not in your area, or has not been downloaded to this phone yet.', { code: this.code }) }),
        h('a', { href: '/app/', class: 'button block' }, t('Back to the start')));
      return;
    }
    startLocating();
    this.enterprise = enterprise;
    this.ctx.setTitle(enterprise.name);
    const [templates, drafts, tasks, campaigns, staff] = await Promise.all([
      listCurrentTemplates(), listOpenDrafts(this.ctx.user.id), listTasks(), campaignsByCode(), listStaff()]);
    const here = drafts.filter((draft) => draft.enterprise_code === enterprise.code);
    const task = this.taskUuid ? await getTask(this.taskUuid) : null;
    // A task names its enterprise: one opened at another enterprise (an edited link) is not taken for this one.
    this.task = task && task.enterprise_code === enterprise.code && task.status !== 'done' ? task : null;
    this.campaign = this.task ? campaigns.get(this.task.campaign.code) || this.task.campaign : null;
    this.staff = staff;
    const tasksHere = tasks.filter((other) => other.enterprise_code === enterprise.code && other.status !== 'done');
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
      this.task ? this.taskCard() : null,
      !this.task && tasksHere.length && this.inspecting ? this.tasksHereCard(tasksHere) : null,
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

  /** The task this inspection is for: its campaign, due day and assigned team. */
  taskCard() {
    const team = taskTeam(this.task, this.ctx.user, this.staff);
    return h('section', { class: 'card task-card', data: { task: this.task.uuid } },
      h('h2', { text: t('Task: %(campaign)s', { campaign: this.campaign.name }) }),
      h('p', { class: 'muted' }, [campaignKindLabel(this.campaign.kind),
        t('Due %(date)s', { date: formatDate(this.task.due_on) })].filter(Boolean).join(' · ')),
      h('p', { text: t('Team: %(names)s', { names: team.map(memberName).join('、') }) }),
      this.campaign.enforcement
        ? h('p', { class: 'badge info', text: t('Enforcement check: two inspectors or more') }) : null);
  }

  /**
   * Opened without a task where the user has some: each starts the inspection that fulfils it. Those overdue
   * and the next of each campaign show; a plan's further visits fold away, so the look-back list stays in sight.
   */
  tasksHereCard(tasks) {
    const { now, later } = tasksAtEnterprise(tasks);
    const list = (shown) => h('ul', { class: 'list' }, shown.map((task) => h('li', { data: { uuid: task.uuid } },
      h('a', { href: taskHref(task), class: 'list-link' },
        h('strong', { text: task.campaign.name }),
        h('span', { class: 'muted', text: t('Due %(date)s', { date: formatDate(task.due_on) }) })))));
    return h('section', { class: 'card tasks-here' },
      h('h2', { text: t('Your tasks here') }),
      list(now),
      later.length ? h('details', { class: 'later-tasks' },
        h('summary', { text: t('Later tasks here (%(count)s)', { count: later.length }) }),
        list(later)) : null);
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
    const forTask = this.task ? taskTemplate(this.task, templates) : null;
    const { templates: ordered, chosen, suggested } = forTask
      ? { templates: [forTask, ...templates.filter((template) => template !== forTask)], chosen: forTask, suggested: new Set() }
      : suggestTemplate(templates, this.enterprise);
    // Checkboxes: a visit may need several checklists (the fire and the hazardous-chemicals one).
    const templateChoices = ordered.map((template) => h('label', { class: 'choice' },
      h('input', {
        type: 'checkbox', name: 'template', value: `${template.id}:${template.version}`, checked: template === chosen,
        on: { change: (event) => event.target.form.querySelector('input[name="template"]').setCustomValidity('') },
      }),
      h('span', { text: template.name }),
      suggested.has(template) ? h('span', { class: 'badge ok suggested', text: t('Suggested for this sector') }) : null));
    const suspended = this.enterprise.status === 'suspended';
    const kind = this.task ? this.task.inspection_kind || this.campaign.inspection_kind || 'campaign'
      : suspended ? 'restart' : KINDS[0];
    const offered = KINDS.filter((value) => value !== 'restart' || suspended);
    const kindChoices = offered.map((value) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name: 'kind', value, checked: value === kind }),
      h('span', { text: kindLabel(value) })));
    return h('form', { class: 'card start-inspection', on: { submit: (event) => this.start(event, templates) } },
      h('h2', { text: t('Start an inspection') }),
      h('fieldset', {}, h('legend', { text: t('Checklists') }),
        h('p', { class: 'muted hint', text: t('Choose one, or several for one visit.') }), templateChoices),
      h('fieldset', { class: 'choices-2' }, h('legend', { text: t('Kind of inspection') }), kindChoices),
      h('button', { type: 'submit', class: 'button primary block' }, t('Start inspection')));
  }

  async start(event, templates) {
    event.preventDefault();
    const form = new FormData(event.target);
    const wanted = new Set(form.getAll('template'));
    const chosen = templates.filter((tpl) => wanted.has(`${tpl.id}:${tpl.version}`));
    if (!chosen.length) {
      const first = event.target.querySelector('input[name="template"]');
      first.setCustomValidity(t('Choose at least one checklist.'));
      first.reportValidity();
      return;
    }
    // One inspection per checklist (the document names one template), grouped by the visit's UUID.
    const visitUuid = chosen.length > 1 ? uuid() : null;
    const task = this.task ? {
      uuid: this.task.uuid, campaign_code: this.campaign.code, campaign_name: this.campaign.name,
      enforcement: Boolean(this.campaign.enforcement),
    } : null;
    const drafts = chosen.map((template, position) => ({
      ...newDraft({
        user: this.ctx.user, enterprise: this.enterprise, template, kind: form.get('kind'),
        identifiedBy: this.identifiedBy, location: knownLocation(), visitUuid,
        task, team: this.task ? taskTeam(this.task, this.ctx.user, this.staff) : null,
      }),
      ...(visitUuid ? { visit_position: position } : {}),
    }));
    for (const draft of drafts) await saveDraft(draft);
    this.ctx.go(`/app/inspect/${drafts[0].uuid}`);
  }

  destroy() {
    stopLocating();
    syncEvents.removeEventListener('change', this.listener);
    this.lookback.destroy();
    this.sheet.destroy();
  }
}
