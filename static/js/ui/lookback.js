// A list of hazards as the look-back list shows them (回头看): level, status, deadline or overdue, the three fixes,
// the evidence thumbnails from the phone's own storage (so they show offline), what waits in the outbox for each,
// and the buttons the screen offers (re-check for inspectors, rectification report for the enterprise).
import { h, ObjectUrls, replaceChildren } from '../dom.js';
import { formatDate, formatDateTime, t } from '../i18n.js';
import { isOverdue } from '../hazards.js';
import { eventLabel, hazardStatusLabel, levelLabel } from '../labels.js';
import { STATUS } from '../outbox.js';
import { listThumbsOf } from '../store/pulled.js';
import { localDate } from '../util.js';

/** What the list says about a hazard event still in the outbox. */
export function waitingText(record) {
  if (record.status === STATUS.ATTENTION) {
    return t('Not accepted by the server: %(message)s', { message: record.error ? record.error.message : '' });
  }
  switch (record.document.type) {
    case 'recheck_passed': return t('Re-check passed — waiting to send');
    case 'recheck_failed':
      return t('Re-check failed, new deadline %(date)s — waiting to send', { date: formatDate(record.document.new_deadline) });
    case 'rectification_reported': return t('Rectification reported — waiting to send');
    default: return t('Waiting to be sent');
  }
}

/** The server stored an event of this phone without applying it: say so, with its reason. */
export function notAppliedText(entry) {
  const reason = entry.reason || t('no reason given');
  return t('Your “%(event)s” for “%(hazard)s” was stored but not applied: %(reason)s', {
    event: eventLabel(entry.event_type), hazard: entry.description, reason,
  });
}

function deadlineBadge(hazard, today) {
  if (!hazard.deadline) return null;
  if (isOverdue(hazard, today)) {
    return h('span', { class: 'badge bad overdue-badge', text: t('Overdue since %(date)s', { date: formatDate(hazard.deadline) }) });
  }
  return h('span', { class: 'badge', text: t('Deadline %(date)s', { date: formatDate(hazard.deadline) }) });
}

function fact(label, value) {
  return value ? [h('dt', { text: label }), h('dd', { text: value })] : [];
}

export class LookbackList {
  /**
   * @param {{id: string, title: string, empty: string,
   *          actions: (hazard: import('../wire.js').Hazard, waiting: object|undefined) => (Node|null)[],
   *          showEnterprise?: boolean}} options
   */
  constructor({ id, title, empty, actions, showEnterprise = false }) {
    this.id = id;
    this.title = title;
    this.empty = empty;
    this.actions = actions;
    this.showEnterprise = showEnterprise;
    this.urls = new ObjectUrls();
    this.el = h('section', { class: 'card lookback', id, 'aria-labelledby': `${id}-title` });
  }

  /**
   * @param {{hazards: import('../wire.js').Hazard[], waiting: Map<string, object>, notices?: object[],
   *          footer?: Node|null}} content  Hazards in the order to show; ``notices``: sent events not applied.
   */
  async render({ hazards, waiting, notices = [], footer = null }) {
    const today = localDate();
    const thumbs = await Promise.all(hazards.map((hazard) => listThumbsOf(hazard.uuid)));
    this.urls.revoke();
    const overdue = hazards.filter((hazard) => isOverdue(hazard, today)).length;
    replaceChildren(this.el,
      h('h2', { id: `${this.id}-title` }, this.title, ' ', h('span', { class: 'count', text: String(hazards.length) })),
      overdue ? h('p', { class: 'overdue-summary', text: t('%(count)s overdue', { count: overdue }) }) : null,
      notices.map((entry) => h('p', { class: 'notice warn not-applied', role: 'alert', data: { uuid: entry.uuid } },
        notAppliedText(entry))),
      hazards.length
        ? h('ul', { class: 'list lookback-hazards' },
          hazards.map((hazard, index) => this.row(hazard, thumbs[index], waiting.get(hazard.uuid), today)))
        : h('p', { class: 'muted', text: this.empty }),
      footer);
  }

  row(hazard, thumbs, waiting, today) {
    const overdue = isOverdue(hazard, today);
    const major = hazard.level === 'major';
    const byPhoto = new Map(thumbs.map((thumb) => [thumb.uuid, thumb]));
    const shown = (hazard.photos || []).map((photo) => byPhoto.get(photo.uuid)).filter(Boolean);
    // The latest step, unless it says no more than "found" above, or the server did not apply it.
    const last = hazard.last_event && hazard.last_event.type !== 'found' && hazard.last_event.applied !== false
      ? hazard.last_event : null;
    const actions = this.actions(hazard, waiting).filter(Boolean);
    return h('li', {
      class: ['hazard-row', overdue ? 'overdue' : '', major ? 'major' : ''],
      data: { uuid: hazard.uuid, status: hazard.status, overdue: String(overdue) },
    },
    this.showEnterprise ? h('p', { class: 'hazard-enterprise', text: hazard.enterprise_name || hazard.enterprise_code }) : null,
    h('p', { class: 'hazard-description', text: hazard.description }),
    h('p', { class: 'badges' },
      h('span', { class: ['badge', major ? 'bad major-badge' : 'info'], text: levelLabel(hazard.level) }),
      h('span', { class: ['badge', hazard.status === 'rectified' ? 'ok' : ''], text: hazardStatusLabel(hazard.status) }),
      deadlineBadge(hazard, today),
      hazard.failed_recheck_count ? h('span', { class: 'badge warn',
        text: t('Failed re-checks: %(count)s', { count: hazard.failed_recheck_count }) }) : null,
      hazard.recurring ? h('span', { class: 'badge warn', text: t('Recurring') }) : null,
      hazard.escalated ? h('span', { class: 'badge bad', text: t('Escalated') }) : null),
    h('dl', { class: 'facts hazard-facts' },
      fact(t('Hazard number'), hazard.number),
      fact(t('Responsible person'), hazard.responsible_person),
      fact(t('Measures'), hazard.measures),
      fact(t('Found'), hazard.found_at ? [formatDateTime(hazard.found_at), hazard.found_by].filter(Boolean).join(' · ') : ''),
      fact(t('Last step'), last ? [eventLabel(last.type), last.actor, last.note].filter(Boolean).join(' · ') : '')),
    shown.length ? h('ul', { class: 'thumbs evidence' }, shown.map((thumb, index) => h('li', { class: 'thumb' },
      h('img', { src: this.urls.for(thumb.blob), alt: t('Evidence photo %(n)s', { n: index + 1 }), width: 72, height: 72 }))))
      : (hazard.photos || []).length ? h('p', { class: 'muted hint', text: t('Photos are not on this phone yet.') }) : null,
    waiting ? h('p', { class: ['waiting', waiting.status === STATUS.ATTENTION ? 'bad' : ''],
      role: 'status', data: { eventType: waiting.document.type } }, waitingText(waiting)) : null,
    actions.length ? h('div', { class: 'actions' }, actions) : null);
  }

  destroy() {
    this.urls.revoke();
  }
}
