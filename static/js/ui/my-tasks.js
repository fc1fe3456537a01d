// "My tasks" (我的任务): the campaign tasks the last pull brought, offline. The home screen's card lists the
// overdue ones and those due this week; the tasks screen lists them all by campaign. A task opens its
// enterprise with the campaign's checklist and inspection kind chosen.
import { h, replaceChildren } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { campaignKindLabel } from '../labels.js';
import { taskState, taskStateBadge, taskStateLabel, tasksByCampaign, tasksDueSoon } from '../tasks.js';
import { taskWorkInHand } from '../store/drafts.js';
import { campaignsByCode, listEnterprises, listTasks } from '../store/pulled.js';
import { afterEachSync } from '../sync.js';
import { localDate } from '../util.js';

const SHOWN_ON_HOME = 10;

/** Where a task leads: its enterprise, with the task chosen. */
export function taskHref(task) {
  return `/app/enterprise/${encodeURIComponent(task.enterprise_code)}?task=${encodeURIComponent(task.uuid)}`;
}

/** Everything a task list shows, read once: the tasks, their campaigns, names and what is in hand here. */
async function readTasks(userId) {
  const [tasks, campaigns, enterprises, local] = await Promise.all([
    listTasks(), campaignsByCode(), listEnterprises(), taskWorkInHand(userId)]);
  const names = new Map(enterprises.map((enterprise) => [enterprise.code, enterprise.name]));
  const named = tasks.map((task) => ({
    ...task, enterprise_name: names.get(task.enterprise_code) || task.enterprise_name || task.enterprise_code,
  }));
  return { tasks: named, campaigns, local, today: localDate() };
}

function taskRow(task, local, today, { showCampaign }) {
  const state = taskState(task, local, today);
  const overdue = state === 'overdue';
  return h('li', { class: ['task-row', state], data: { uuid: task.uuid, state } },
    h('a', { href: taskHref(task), class: 'list-link' },
      h('strong', { text: task.enterprise_name }),
      showCampaign ? h('span', { class: 'muted', text: task.campaign.name }) : null,
      h('span', { class: 'badges' },
        h('span', { class: ['badge', overdue ? 'bad' : task.due_on === today ? 'warn' : ''], text: overdue
          ? t('Overdue since %(date)s', { date: formatDate(task.due_on) })
          : t('Due %(date)s', { date: formatDate(task.due_on) }) }),
        state === 'overdue' ? null
          : h('span', { class: ['badge', 'task-state', taskStateBadge(state)], text: taskStateLabel(state) }))));
}

/** The home screen's card: overdue tasks and those due within seven days, with a link to all of them. */
export class MyTasksCard {
  constructor(user) {
    this.user = user;
    this.el = h('section', { class: 'card my-tasks', 'aria-labelledby': 'my-tasks-title', hidden: true });
  }

  async update() {
    const { tasks, local, today } = await readTasks(this.user.id);
    this.el.hidden = tasks.length === 0;
    const { overdue, thisWeek } = tasksDueSoon(tasks, local, today);
    const soon = [...overdue, ...thisWeek];
    replaceChildren(this.el,
      h('h2', { id: 'my-tasks-title' }, t('My tasks'), ' ', h('span', { class: 'count', text: String(soon.length) })),
      soon.length
        ? h('ul', { class: 'list' }, soon.slice(0, SHOWN_ON_HOME).map((task) => taskRow(task, local, today, { showCampaign: true })))
        : h('p', { class: 'muted', text: t('No tasks overdue or due in the next seven days.') }),
      h('a', { href: '/app/tasks', class: 'button block all-tasks' }, t('All my tasks (%(count)s)', { count: tasks.length })));
  }
}

/** All the user's tasks by campaign: overdue first within each, then by due day. */
export class TasksScreen {
  constructor(ctx) {
    this.ctx = ctx;
    this.title = t('My tasks');
    this.el = h('div', { class: 'screen tasks' });
    // A finished sync may have brought tasks, or a task done: show them as the phone holds them now.
    this.stopFollowing = afterEachSync(() => this.load());
  }

  async load() {
    const { tasks, campaigns, local, today } = await readTasks(this.ctx.user.id);
    if (!tasks.length) {
      replaceChildren(this.el, h('p', { class: 'notice', text: t('No campaign tasks on this phone. Sync with a network connection to download yours.') }));
      return;
    }
    const { overdue, thisWeek } = tasksDueSoon(tasks, local, today);
    replaceChildren(this.el,
      h('p', { class: 'task-summary' },
        h('span', { class: ['badge', overdue.length ? 'bad' : ''], text: t('Overdue: %(count)s', { count: overdue.length }) }), ' ',
        h('span', { class: 'badge warn', text: t('Due this week: %(count)s', { count: thisWeek.length }) })),
      tasksByCampaign(tasks, campaigns).map(({ campaign, tasks: ofCampaign }) => {
        const done = ofCampaign.filter((task) => taskState(task, local, today) === 'done').length;
        return h('section', { class: 'card campaign-tasks', data: { campaign: campaign.code } },
          h('h2', { text: campaign.name }),
          h('p', { class: 'muted' },
            [campaignKindLabel(campaign.kind), campaign.ends_on ? t('until %(date)s', { date: formatDate(campaign.ends_on) }) : null,
              t('%(done)s of %(count)s done', { done, count: ofCampaign.length })].filter(Boolean).join(' · ')),
          campaign.enforcement ? h('p', { class: 'badge info', text: t('Enforcement check: two inspectors or more') }) : null,
          h('ul', { class: 'list' }, ofCampaign.map((task) => taskRow(task, local, today, { showCampaign: false }))));
      }));
  }

  destroy() {
    this.stopFollowing();
  }
}
