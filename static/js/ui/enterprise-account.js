// The enterprise's own account (role "enterprise"): its hazards, open and overdue first, with the deadline, the
// responsible person, the measures asked for and the inspector's photos; it reports rectification from here.
// It closes and re-checks nothing, and has no scanner and no inspections.
import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { lookbackOrder, notApplied, waitingByHazard } from '../hazards.js';
import { getMeta } from '../store/meta.js';
import { listWaitingHazardEvents } from '../store/outbox.js';
import { getEnterprise, listHazards } from '../store/pulled.js';
import { afterEachSync } from '../sync.js';
import { LookbackList } from './lookback.js';
import { RectifySheet } from './rectify-sheet.js';
import { SyncCard } from './sync-card.js';

export class EnterpriseAccountScreen {
  constructor(ctx) {
    this.ctx = ctx;
    this.title = t('Our hazards');
    this.list = new LookbackList({
      id: 'our-hazards', title: t('Hazards to rectify'), empty: t('No open hazards. Thank you for keeping the site safe.'),
      actions: (hazard, waiting) => this.actionsFor(hazard, waiting),
    });
    this.sheet = new RectifySheet({ user: ctx.user, toast: (message) => ctx.toast(message), onSaved: () => this.showList() });
    this.syncCard = new SyncCard({ user: ctx.user, onSignIn: () => ctx.signInAgain() });
    this.heading = h('div', { class: 'account-head' });
    this.el = h('div', { class: 'screen enterprise-account' },
      this.heading,
      h('p', { class: 'notice', text: t('Report each rectification here with photos and the signature of the person who rectified it. The inspector then re-checks it on site.') }),
      this.list.el, this.syncCard.el);
    // The first pull after signing in brings the enterprise itself: show its name and hazards once it is here.
    this.stopFollowing = afterEachSync(() => this.load());
  }

  async load() {
    const code = this.ctx.user.enterprise_code;
    this.enterprise = code ? await getEnterprise(code) : null;
    const name = this.enterprise ? this.enterprise.name : '';
    if (name) this.ctx.setTitle(name);
    replaceChildren(this.heading,
      h('p', { class: 'greeting', text: t('Hello, %(name)s', { name: this.ctx.user.name }) }),
      name ? h('h2', { class: 'enterprise-name', text: name }) : null);
    await Promise.all([this.showList(), this.syncCard.update()]);
  }

  async showList() {
    const [hazards, waiting, sent] = await Promise.all([listHazards(), listWaitingHazardEvents(), getMeta('sent')]);
    const code = this.ctx.user.enterprise_code;
    const own = hazards.filter((hazard) => hazard.enterprise_code === code);
    await this.list.render({
      hazards: lookbackOrder(own),
      waiting: waitingByHazard(waiting.filter((record) => record.user_id === this.ctx.user.id)),
      notices: notApplied(sent || []).filter((entry) => entry.enterprise_code === code),
    });
  }

  actionsFor(hazard, waiting) {
    if (waiting) return [h('a', { href: '/app/outbox', class: 'button small' }, t('Open the outbox'))];
    // The life cycle takes a rectification report for an open hazard only.
    if (hazard.status !== 'open') return [];
    const name = this.enterprise ? this.enterprise.name : hazard.enterprise_code;
    return [h('button', { type: 'button', class: 'button small primary report-rectification',
      on: { click: () => this.sheet.open(hazard, name) } }, t('Report rectification'))];
  }

  destroy() {
    this.stopFollowing();
    this.syncCard.destroy();
    this.list.destroy();
    this.sheet.destroy();
  }
}
