// Settings: language, the signed-in user and signing out (never discarding the outbox), storage health.
import { h, replaceChildren } from '../dom.js';
import { getLocale, LOCALES, t } from '../i18n.js';
import { counts } from '../outbox.js';
import { syncState } from '../sync.js';
import { StorageHealth } from './storage-health.js';

const LANGUAGE_NAMES = { zh_CN: '中文', en: 'English' };

export class SettingsScreen {
  constructor(ctx) {
    this.ctx = ctx;
    this.title = t('Settings');
    this.storage = new StorageHealth();
    this.warning = h('div', { class: 'sign-out-warning', role: 'alert', hidden: true });
    this.el = h('div', { class: 'screen settings' },
      h('section', { class: 'card' },
        h('fieldset', { class: 'choices-2' }, h('legend', { text: t('Language') }),
          LOCALES.map((code) => h('label', { class: 'choice', lang: code === 'zh_CN' ? 'zh-CN' : 'en' },
            h('input', { type: 'radio', name: 'locale', value: code, checked: code === getLocale(),
              on: { change: () => this.ctx.changeLocale(code) } }),
            h('span', { text: LANGUAGE_NAMES[code] }))))),
      h('section', { class: 'card' },
        h('h2', { text: t('Signed in as') }),
        h('p', { text: `${ctx.user.name} (${ctx.user.username})` }),
        h('button', { type: 'button', class: 'button danger block', on: { click: () => this.askSignOut() } }, t('Sign out')),
        this.warning),
      this.storage.el);
  }

  async load() {
    const { total } = await counts(this.ctx.user.id);
    this.pending = total;
    await this.storage.update({ pending: total, lastSync: syncState().lastSync });
  }

  async askSignOut() {
    const { total } = await counts(this.ctx.user.id);
    if (!total) {
      await this.ctx.signOut();
      return;
    }
    replaceChildren(this.warning,
      h('p', { text: t('%(count)s finished inspections have not been sent yet. They stay on this phone and are sent when you sign in again.', { count: total }) }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button', on: { click: () => { this.warning.hidden = true; } } }, t('Cancel')),
        h('button', { type: 'button', class: 'button danger', on: { click: () => this.ctx.signOut() } }, t('Sign out anyway'))));
    this.warning.hidden = false;
  }
}
