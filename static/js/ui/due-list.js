// "My re-checks due this week" on the home screen: open or rectified hazards in the inspector's scope whose
// deadline is within the next seven days or already past, nearest to today first (hazards.js says why), each
// leading to its enterprise.
import { h, replaceChildren } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { dueThisWeek, isOverdue } from '../hazards.js';
import { hazardStatusLabel, levelLabel } from '../labels.js';
import { localDate } from '../util.js';
import { waitingText } from './lookback.js';

const SHOWN = 30;

export class DueList {
  constructor() {
    this.el = h('section', { class: 'card due-list', 'aria-labelledby': 'due-list-title' });
  }

  /**
   * @param {{hazards: import('../wire.js').Hazard[], enterprises: Map<string, {name: string}>,
   *          waiting: Map<string, object>}} content
   */
  render({ hazards, enterprises, waiting }) {
    const today = localDate();
    const due = dueThisWeek(hazards, today);
    const name = (hazard) => (enterprises.get(hazard.enterprise_code) || {}).name || hazard.enterprise_name || hazard.enterprise_code;
    replaceChildren(this.el,
      h('h2', { id: 'due-list-title' }, t('My re-checks due this week'), ' ', h('span', { class: 'count', text: String(due.length) })),
      due.length ? h('ul', { class: 'list' }, due.slice(0, SHOWN).map((hazard) => {
        const overdue = isOverdue(hazard, today);
        const pending = waiting.get(hazard.uuid);
        return h('li', { class: ['due-row', overdue ? 'overdue' : ''], data: { uuid: hazard.uuid } },
          h('a', { href: `/app/enterprise/${encodeURIComponent(hazard.enterprise_code)}`, class: 'list-link' },
            h('strong', { text: name(hazard) }),
            h('span', { text: hazard.description }),
            h('span', { class: 'badges' },
              h('span', { class: ['badge', overdue ? 'bad' : hazard.deadline === today ? 'warn' : ''], text: overdue
                ? t('Overdue since %(date)s', { date: formatDate(hazard.deadline) })
                : t('Deadline %(date)s', { date: formatDate(hazard.deadline) }) }),
              hazard.level === 'major' ? h('span', { class: 'badge bad', text: levelLabel('major') }) : null,
              hazard.status === 'rectified' ? h('span', { class: 'badge ok', text: hazardStatusLabel('rectified') }) : null),
            pending ? h('span', { class: 'waiting', text: waitingText(pending) }) : null));
      })) : h('p', { class: 'muted', text: t('No re-checks due in the next seven days.') }),
      due.length > SHOWN ? h('p', { class: 'muted', text: t('And %(count)s more.', { count: due.length - SHOWN }) }) : null);
  }
}
