// The bar at the top of every screen: back, the screen's title, and the sync state with the outbox count.
import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';

export class TopBar {
  constructor(el, { onBack }) {
    this.el = el;
    this.back = h('button', { type: 'button', class: 'topbar-back', 'aria-label': t('Back'), on: { click: onBack } }, '‹');
    this.title = h('h1', { class: 'topbar-title' });
    this.sync = h('a', { href: '/app/outbox', class: 'topbar-sync', 'aria-label': t('Outbox') });
    replaceChildren(this.el, this.back, this.title, this.sync);
  }

  setScreen({ title, canGoBack }) {
    this.title.textContent = title || t('Safety inspections');
    this.back.hidden = !canGoBack;
    document.title = title ? `${title} · ${t('Safety inspections')}` : t('Safety inspections');
  }

  /** Show the sync phase and how many records wait in the outbox. */
  setSync({ phase, pending, attention }) {
    const labels = {
      idle: t('Synced'),
      syncing: t('Syncing…'),
      offline: t('Offline'),
      waiting: t('Will retry'),
      sign_in: t('Sign in again'),
      error: t('Sync failed'),
    };
    this.sync.className = ['topbar-sync', `sync-${phase}`, attention ? 'has-attention' : ''].filter(Boolean).join(' ');
    replaceChildren(this.sync,
      h('span', { class: 'sync-dot', 'aria-hidden': 'true' }),
      h('span', { class: 'sync-label', text: labels[phase] || phase }),
      pending ? h('span', { class: 'sync-count', text: String(pending), title: t('Records waiting to be sent') }) : null);
  }
}
