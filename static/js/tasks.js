// "My tasks": the campaign tasks the last pull brought, as the phone sees them now, and an inspection's team.
// No DOM and no storage here.
import { t } from './i18n.js';
import { taskStatusLabel } from './labels.js';
import { addDays, localDate } from './util.js';

const WEEK_DAYS = 7;

/**
 * @typedef {Object} Task  One of the user's tasks, as `pull` sends it (DESIGN.md "Plans, campaigns and tasks").
 * @property {string} uuid
 * @property {{code: string, name: string, kind: string}} campaign
 * @property {string} enterprise_code
 * @property {string} [enterprise_name]
 * @property {string} due_on  YYYY-MM-DD.
 * @property {number[]} template_ids  The campaign's checklists.
 * @property {string[]} team  Usernames of the assigned inspectors.
 * @property {'pending'|'done'|'overdue'} status  As of the pull.
 * @property {string} [inspection_kind]  The inspection kind a task of this campaign sets.
 */

/**
 * A member of an inspection's team: the office's staff by username, outside participants (专家, another
 * department on a joint check 联合检查) by name and organisation.
 * @typedef {{username: string, display_name?: string}
 *   |{name: string, organisation: string, role: 'expert'|'department'}} TeamMember
 */

// The roles an outside participant may have (the server's safety/campaigns/vocabulary.py OUTSIDE_ROLES).
export const OUTSIDE_ROLES = ['expert', 'department'];
// 执法人员不少于两人: an enforcement check needs at least this many of the office's own staff.
export const ENFORCEMENT_MINIMUM = 2;

/**
 * What a task is on this phone now: the server's status, unless the inspection for it is being done here
 * (``in_progress``: a draft; ``queued``: in the outbox) or the pull's ``pending`` has since passed its day.
 * @param {Task} task
 * @param {{drafts: Set<string>, queued: Set<string>}} local  Task UUIDs of open drafts and queued inspections.
 */
export function taskState(task, local, today = localDate()) {
  if (task.status === 'done') return 'done';
  if (local.queued.has(task.uuid)) return 'queued';
  if (local.drafts.has(task.uuid)) return 'in_progress';
  return task.due_on < today ? 'overdue' : 'pending';
}

export function taskStateLabel(state) {
  if (state === 'queued') return t('Waiting in the outbox');
  if (state === 'in_progress') return t('Inspection in progress');
  return taskStatusLabel(state);
}

/** Badge colour of a state (field.css). */
export function taskStateBadge(state) {
  return { overdue: 'bad', done: 'ok', queued: 'info', in_progress: 'warn' }[state] || '';
}

/**
 * The tasks the home screen lists: overdue ones, and those due within the week, soonest first.
 * @returns {{overdue: Task[], thisWeek: Task[]}}
 */
export function tasksDueSoon(tasks, local, today = localDate()) {
  const horizon = addDays(WEEK_DAYS, new Date(`${today}T12:00:00`));
  const open = tasks
    .filter((task) => !['done', 'queued'].includes(taskState(task, local, today)))
    .sort(byDueDay);
  return {
    overdue: open.filter((task) => task.due_on < today),
    thisWeek: open.filter((task) => task.due_on >= today && task.due_on <= horizon),
  };
}

/**
 * The tasks at one enterprise its screen lists: those overdue and the next of each campaign (``now``); the
 * campaign's further ones (an annual plan's monthly visits) are ``later``, soonest first. The pull's tasks are
 * used as they are: none of them is done.
 * @returns {{now: Task[], later: Task[]}}
 */
export function tasksAtEnterprise(tasks, today = localDate()) {
  const now = [];
  const later = [];
  const campaignsWithNext = new Set();
  for (const task of [...tasks].sort(byDueDay)) {
    if (task.due_on < today) {
      now.push(task);
    } else if (!campaignsWithNext.has(task.campaign.code)) {
      campaignsWithNext.add(task.campaign.code);
      now.push(task);
    } else {
      later.push(task);
    }
  }
  return { now, later };
}

function byDueDay(a, b) {
  return a.due_on.localeCompare(b.due_on) || (a.enterprise_name || a.enterprise_code)
    .localeCompare(b.enterprise_name || b.enterprise_code);
}

/** Tasks grouped by campaign, the campaign ending soonest first: [{campaign, tasks}]. */
export function tasksByCampaign(tasks, campaigns) {
  const groups = new Map();
  for (const task of [...tasks].sort(byDueDay)) {
    const code = task.campaign.code;
    if (!groups.has(code)) groups.set(code, { campaign: { ...task.campaign, ...(campaigns.get(code) || {}) }, tasks: [] });
    groups.get(code).tasks.push(task);
  }
  return [...groups.values()].sort((a, b) => (a.campaign.ends_on || '').localeCompare(b.campaign.ends_on || '')
    || a.campaign.code.localeCompare(b.campaign.code));
}

/** The checklist a task's inspection starts on: the first of its campaign's checklists this phone holds. */
export function taskTemplate(task, templates) {
  for (const id of task.template_ids || []) {
    const template = templates.find((candidate) => candidate.id === id);
    if (template) return template;
  }
  return null;
}

/** The office's staff on a team (the signed-in inspector included). */
export function staffCount(team) {
  return team.filter((member) => member.username).length;
}

/**
 * A team to start a task's inspection with: the signed-in inspector, then the task's other assigned inspectors.
 * @param {Task} task
 * @param {{username: string, name: string}} user
 * @param {{username: string, display_name: string}[]} staff
 * @returns {TeamMember[]}
 */
export function taskTeam(task, user, staff) {
  const names = new Map(staff.map((member) => [member.username, member.display_name]));
  const others = (task ? task.team : []).filter((username) => username !== user.username);
  return [{ username: user.username, display_name: user.name },
    ...others.map((username) => ({ username, display_name: names.get(username) || username }))];
}

/** How a team member is named on screen. */
export function memberName(member) {
  if (member.username) return member.display_name || member.username;
  return `${member.name}（${member.organisation}）`;
}

/** The team as the inspection document carries it. */
export function teamDocument(team) {
  return team.map((member) => (member.username ? { username: member.username }
    : { name: member.name.trim(), organisation: member.organisation.trim(), role: member.role }));
}
