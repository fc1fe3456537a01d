// Home: find the enterprise (scan or search), drafts in progress, returned inspections, my tasks, re-checks due
// this week, sync and storage health.
import { h, replaceChildren } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { notApplied, waitingByHazard } from '../hazards.js';
import { counts } from '../outbox.js';
import { listOpenDrafts } from '../store/drafts.js';
import { getMeta } from '../store/meta.js';
import { listWaitingHazardEvents } from '../store/outbox.js';
import { listEnterprises, listHazards, listReturned } from '../store/pulled.js';
import { syncEvents, syncState } from '../sync.js';
import { DueList } from './due-list.js';
import { MyTasksCard } from './my-tasks.js';
import { ReturnedCard } from './returned-card.js';
import { StorageHealth } from './storage-health.js';
import { SyncCard } from './sync-card.js';

// A phone screen's worth: more than this and the inspector types more of the code or name.
const SHOWN_RESULTS = 10;

/**
 * Enterprises whose code or name contains ``query`` (case-insensitive): the exact code first, then codes that
 * start with it, then the rest, each by code (the order of the office's register and of its QR labels).
 */
export function searchEnterprises(enterprises, query) {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const rank = (e) => {
    const code = e.code.toLowerCase();
    return code === needle ? 0 : code.startsWith(needle) ? 1 : 2;
  };
  const hits = enterprises.filter((e) => e.code.toLowerCase().includes(needle) || e.name.toLowerCase().includes(needle));
  return hits.sort((a, b) => rank(a) - rank(b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export class HomeScreen {
  constructor(ctx) {
    this.ctx = ctx;
    this.title = t('Safety inspections');
    this.enterprises = [];
    this.results = h('ul', { class: 'list results', 'aria-live': 'polite' });
    this.search = h('input', {
      id: 'enterprise-search', type: 'search', autocomplete: 'off', enterkeyhint: 'search',
      placeholder: t('Code or name'), on: { input: () => this.showResults() },
    });
    this.drafts = h('section', { class: 'card drafts', 'aria-labelledby': 'drafts-title' });
    this.due = new DueList();
    this.tasks = new MyTasksCard(ctx.user);
    this.returned = new ReturnedCard(ctx);
    this.notApplied = h('div', { class: 'not-applied-home' });
    this.syncCard = new SyncCard({ user: ctx.user, onSignIn: () => ctx.signInAgain() });
    this.storage = new StorageHealth();
    this.empty = h('p', { class: 'notice', hidden: true, text: t('No enterprises on this phone yet. Sync with a network connection to download the enterprises of your grids.') });
    this.el = h('div', { class: 'screen home' },
      h('p', { class: 'greeting', text: t('Hello, %(name)s', { name: ctx.user.name }) }),
      h('a', { href: '/app/scan', class: 'button primary block scan-button' },
        h('span', { class: 'icon-qr', 'aria-hidden': 'true' }), t('Scan QR code')),
      h('form', { class: 'card search', role: 'search', on: { submit: (event) => this.openFirst(event) } },
        h('label', { for: 'enterprise-search', text: t('Find an enterprise by code or name') }),
        this.search, this.results),
      // The inspection in progress first: it is what the inspector came back to the app for.
      this.empty, this.drafts, this.returned.el, this.notApplied, this.tasks.el, this.due.el, this.syncCard.el,
      this.storage.el);
    this.listener = () => this.refreshFigures();
    syncEvents.addEventListener('change', this.listener);
  }

  async load() {
    this.enterprises = await listEnterprises();
    this.empty.hidden = this.enterprises.length > 0;
    await Promise.all([this.showDrafts(), this.syncCard.update(), this.showDue(), this.tasks.update(),
      this.refreshFigures()]);
  }

  async showDue() {
    const [hazards, waiting, sent, returned] = await Promise.all([listHazards(), listWaitingHazardEvents(),
      getMeta('sent'), listReturned()]);
    const mine = waiting.filter((record) => record.user_id === this.ctx.user.id);
    this.due.render({
      hazards, waiting: waitingByHazard(mine), enterprises: new Map(this.enterprises.map((e) => [e.code, e])),
    });
    this.returned.render(sent || [], returned);
    const refused = notApplied(sent || []).length;
    replaceChildren(this.notApplied, refused ? h('p', { class: 'notice warn', role: 'alert' },
      t('%(count)s of your re-checks or reports were stored by the server but not applied.', { count: refused }), ' ',
      h('a', { href: '/app/outbox', text: t('See why in the outbox') })) : null);
  }

  async refreshFigures() {
    const { total } = await counts(this.ctx.user.id);
    await this.storage.update({ pending: total, lastSync: syncState().lastSync });
    if (syncState().phase === 'idle') {
      // A pull may have brought enterprises (or taken some away): search what the phone holds now.
      this.enterprises = await listEnterprises();
      this.empty.hidden = this.enterprises.length > 0;
      if (this.search.value) this.showResults();
      await Promise.all([this.showDue(), this.tasks.update()]);
    }
  }

  showResults() {
    const hits = searchEnterprises(this.enterprises, this.search.value);
    const query = this.search.value.trim();
    const more = hits.length - SHOWN_RESULTS;
    replaceChildren(this.results, hits.slice(0, SHOWN_RESULTS).map((e) => h('li', {},
      h('a', { href: `/app/enterprise/${encodeURIComponent(e.code)}`, class: 'list-link' },
        h('strong', { text: e.name }), h('span', { class: 'muted', text: ` ${e.code}` })))),
    query && !hits.length ? h('li', { class: 'muted', text: t('No enterprise in your area matches “%(query)s”.', { query }) }) : null,
    more > 0 ? h('li', { class: 'muted more-results', text: t('%(count)s more match: type more of the code or name.', { count: more }) }) : null);
  }

  openFirst(event) {
    event.preventDefault();
    const [first] = searchEnterprises(this.enterprises, this.search.value);
    if (first) this.ctx.go(`/app/enterprise/${encodeURIComponent(first.code)}`);
  }

  async showDrafts() {
    const drafts = await listOpenDrafts(this.ctx.user.id);
    replaceChildren(this.drafts,
      h('h2', { id: 'drafts-title', text: t('Inspections in progress') }),
      drafts.length
        ? h('ul', { class: 'list' }, drafts.map((draft) => h('li', {},
          h('a', { href: `/app/inspect/${draft.uuid}`, class: 'list-link draft-link' },
            h('strong', { text: draft.enterprise_name }),
            h('span', { class: 'muted', text: `${draft.template_name} · ${formatDateTime(draft.updated_at)}` })))))
        : h('p', { class: 'muted', text: t('None. Scan or search an enterprise to start one.') }));
  }

  destroy() {
    syncEvents.removeEventListener('change', this.listener);
    this.syncCard.destroy();
  }
}
