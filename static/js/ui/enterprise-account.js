// The enterprise's own account (role "enterprise"): its hazards, open and overdue first, with the deadline, the
// responsible person, the measures asked for and the inspector's photos; it reports rectification from here.
// It closes and re-checks nothing, and has no scanner and no inspections. Below: the documents addressed to it,
// each with its PDF kept on the phone (document-files.js), to show with no network.
import { documentTitle } from '../documents.js';
import { h, replaceChildren } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { lookbackOrder, notApplied, waitingByHazard } from '../hazards.js';
import { getMeta } from '../store/meta.js';
import { listWaitingHazardEvents } from '../store/outbox.js';
import { getDocumentFile, getEnterprise, listDocuments, listHazards } from '../store/pulled.js';
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
    this.documents = h('section', { class: 'card our-documents', 'aria-labelledby': 'our-documents-title' });
    this.fileUrls = [];
    this.el = h('div', { class: 'screen enterprise-account' },
      this.heading,
      h('p', { class: 'notice', text: t('Report each rectification here with photos and the signature of the person who rectified it. The inspector then re-checks it on site.') }),
      this.list.el, this.documents, this.syncCard.el);
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
    await Promise.all([this.showList(), this.showDocuments(), this.syncCard.update()]);
  }

  /** The documents the office issued to the enterprise, newest first, each with its PDF when on the phone. */
  async showDocuments() {
    const documents = await listDocuments();
    const files = await Promise.all(documents.map((doc) => getDocumentFile(doc.id)));
    this.revokeFiles();
    const rows = documents.map((doc, index) => {
      const file = files[index];
      const href = file ? URL.createObjectURL(file.blob) : doc.pdf_url;
      if (file) this.fileUrls.push(href);
      return h('li', { class: 'document', data: { document: String(doc.id), type: doc.type, offline: String(Boolean(file)) } },
        h('p', {}, h('strong', { class: 'document-number', text: doc.number }),
          doc.superseded ? h('span', { class: 'badge warn', text: t('Superseded by a correction') }) : null),
        h('p', { class: 'muted', text: `${documentTitle(doc.type)} · ${formatDate(doc.issued_on)}` }),
        // No ``download``: with it a tap in WebKit (every iPhone browser) opened no tab; without it the PDF shows in
        // the browser's own viewer, with no network.
        h('a', { class: 'button small document-pdf', href, target: '_blank', rel: 'noopener' },
          file ? t('PDF (on this phone)') : t('PDF (needs the network)')));
    });
    replaceChildren(this.documents,
      h('h2', { id: 'our-documents-title', text: t('Our enforcement documents') }),
      rows.length ? h('ul', { class: 'list' }, rows) : h('p', { class: 'muted', text: t('No documents yet.') }));
  }

  revokeFiles() {
    for (const url of this.fileUrls) URL.revokeObjectURL(url);
    this.fileUrls = [];
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
    this.revokeFiles();
    this.stopFollowing();
    this.syncCard.destroy();
    this.list.destroy();
    this.sheet.destroy();
  }
}
