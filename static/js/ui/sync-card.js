// The sync state on the home screen: what waits in the outbox, the last sync, and "sync now".
import { h, replaceChildren } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { counts } from '../outbox.js';
import { syncEvents, syncNow, syncState } from '../sync.js';

export function phaseText(state) {
  switch (state.phase) {
    case 'syncing': return t('Syncing…');
    case 'offline': return t('Offline: records stay on this phone until there is a network.');
    case 'waiting': return t('The server could not be reached; retrying automatically.');
    case 'sign_in': return t('Your session has expired. Sign in again to send your records.');
    case 'error': return t('Sync failed: %(message)s', { message: state.message || '' });
    default: return state.lastSync ? t('Up to date.') : t('Not synced yet.');
  }
}

export class SyncCard {
  constructor({ user, onSignIn }) {
    this.user = user;
    this.onSignIn = onSignIn;
    this.el = h('section', { class: 'card sync-card', 'aria-labelledby': 'sync-card-title' });
    this.listener = () => this.update();
    syncEvents.addEventListener('change', this.listener);
  }

  async update() {
    const state = syncState();
    const { total, attention } = await counts(this.user.id);
    const button = state.phase === 'sign_in'
      ? h('button', { type: 'button', class: 'button primary', on: { click: () => this.onSignIn() } }, t('Sign in again'))
      : h('button', {
        type: 'button', class: 'button', disabled: state.phase === 'syncing',
        on: { click: () => syncNow('manual') },
      }, t('Sync now'));
    replaceChildren(this.el,
      h('h2', { id: 'sync-card-title', text: t('Sync') }),
      h('p', { class: ['sync-phase', `sync-${state.phase}`], role: 'status', text: phaseText(state) }),
      h('p', {},
        h('a', { href: '/app/outbox', class: 'outbox-link' },
          t('Outbox: %(count)s waiting', { count: total })),
        attention ? h('span', { class: 'badge bad', text: t('%(count)s need attention', { count: attention }) }) : null),
      h('p', { class: 'muted', text: state.lastSync
        ? t('Last successful sync: %(time)s', { time: formatDateTime(state.lastSync) })
        : t('Not synced yet.') }),
      button);
  }

  destroy() {
    syncEvents.removeEventListener('change', this.listener);
  }
}
