// Storage health: whether the browser promised to keep our data, how much is used, what waits to be sent.
import { h, replaceChildren } from '../dom.js';
import { formatBytes, formatDateTime, t } from '../i18n.js';

/** Ask the browser not to evict our data under storage pressure (granted silently to installed apps). */
export async function askPersistence() {
  if (!navigator.storage || !navigator.storage.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}

export class StorageHealth {
  constructor() {
    this.el = h('section', { class: 'card storage-health', 'aria-labelledby': 'storage-health-title' });
  }

  /** @param {{pending: number, lastSync: string|null}} figures */
  async update({ pending, lastSync }) {
    const persisted = navigator.storage && navigator.storage.persisted ? await navigator.storage.persisted() : false;
    const estimate = navigator.storage && navigator.storage.estimate ? await navigator.storage.estimate() : {};
    // WebKit without a StorageManager (navigator.storage undefined) can be neither asked nor measured: no button
    // that does nothing, no "? of ?".
    const canAsk = Boolean(navigator.storage && navigator.storage.persist);
    const measured = Number.isFinite(estimate.usage) && Number.isFinite(estimate.quota);
    const ask = persisted || !canAsk ? null : h('button', {
      type: 'button',
      class: 'button small',
      on: { click: async () => { await askPersistence(); this.update({ pending, lastSync }); } },
    }, t('Keep data on this phone'));
    replaceChildren(this.el,
      h('h2', { id: 'storage-health-title', text: t('Storage on this phone') }),
      h('dl', { class: 'facts' },
        h('dt', { text: t('Protected from clean-up') }),
        h('dd', { class: persisted ? 'ok' : 'warn', data: { persisted: String(persisted) } },
          persisted ? t('Yes') : t('No: the browser may delete data when space runs low'), ask),
        measured ? h('dt', { text: t('Used') }) : null,
        measured ? h('dd', { text: t('%(usage)s of %(quota)s', { usage: formatBytes(estimate.usage), quota: formatBytes(estimate.quota) }) }) : null,
        h('dt', { text: t('Waiting to be sent') }),
        h('dd', { class: pending ? 'warn' : 'ok', data: { pending: String(pending) }, text: String(pending) }),
        h('dt', { text: t('Last successful sync') }),
        h('dd', { text: lastSync ? formatDateTime(lastSync) : t('Never synced') })));
  }
}
