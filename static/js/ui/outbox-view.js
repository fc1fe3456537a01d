// The outbox: every finished inspection and hazard event (re-check, rectification report) still on the phone with
// its state, the server's message when it refused one, and what was sent recently: inspections with their review
// results, hazard events with whether the server applied them (and why not).
import { h, replaceChildren } from '../dom.js';
import { documentTitle } from '../documents.js';
import { formatDate, formatDateTime, t } from '../i18n.js';
import { eventLabel, reviewLabel } from '../labels.js';
import { discardRefused, markNoticeRead, returnToDraft, sendAgain, STATUS, uploadProgress } from '../outbox.js';
import { getMeta } from '../store/meta.js';
import { listOutbox } from '../store/outbox.js';
import { syncEvents, syncNow, syncState } from '../sync.js';
import { returnedInspections } from '../revision.js';
import { amendButton } from './returned-card.js';
import { phaseText } from './sync-card.js';

function statusLabel(status) {
  return {
    [STATUS.PENDING]: t('Waiting to be sent'),
    [STATUS.SENDING]: t('Sending…'),
    [STATUS.WAITING]: t('Not sent yet: will retry'),
    [STATUS.SIGN_IN]: t('Waiting for you to sign in again'),
    [STATUS.ATTENTION]: t('Needs attention'),
  }[status] || status;
}

/** "photos sent n of m", and "signatures sent n of m" when the record has any. */
function progressTexts(record) {
  const { photos, signatures } = uploadProgress(record);
  return [t('photos sent %(sent)s of %(total)s', photos),
    signatures.total ? t('signatures sent %(sent)s of %(total)s', signatures) : null].filter(Boolean);
}

const STATUS_BADGE = {
  [STATUS.PENDING]: 'info', [STATUS.SENDING]: 'info', [STATUS.WAITING]: 'warn', [STATUS.SIGN_IN]: 'warn', [STATUS.ATTENTION]: 'bad',
};

export class OutboxScreen {
  constructor(ctx) {
    this.ctx = ctx;
    this.title = t('Outbox');
    this.el = h('div', { class: 'screen outbox' });
    // The refused record whose "delete?" question is open: a sync finishing meanwhile re-renders the list,
    // and must not close the question under the user's finger.
    this.confirming = null;
    this.listener = () => this.load();
    syncEvents.addEventListener('change', this.listener);
  }

  async load() {
    const user = this.ctx.user;
    const all = await listOutbox();
    const mine = all.filter((record) => record.user_id === user.id);
    const others = all.length - mine.length;
    const sent = (await getMeta('sent')) || [];
    const state = syncState();
    replaceChildren(this.el,
      h('section', { class: 'card' },
        h('p', { class: ['sync-phase', `sync-${state.phase}`], role: 'status', text: phaseText(state) }),
        state.phase === 'sign_in'
          ? h('button', { type: 'button', class: 'button primary block', on: { click: () => this.ctx.signInAgain() } }, t('Sign in again'))
          : h('button', { type: 'button', class: 'button block', disabled: state.phase === 'syncing', on: { click: () => syncNow('manual') } },
            t('Sync now'))),
      h('section', { class: 'card', 'aria-labelledby': 'outbox-title' },
        h('h2', { id: 'outbox-title', text: t('Waiting to be sent: %(count)s', { count: mine.length }) }),
        mine.length ? h('ul', { class: 'list records' }, mine.map((record) => this.row(record)))
          : h('p', { class: 'muted', text: t('Nothing waits: everything has been sent.') }),
        others ? h('p', { class: 'notice', text: t('%(count)s records of another user wait on this phone; they are sent when that user signs in.', { count: others }) }) : null),
      sent.length ? h('section', { class: 'card', 'aria-labelledby': 'sent-title' },
        h('h2', { id: 'sent-title', text: t('Sent recently') }),
        h('ul', { class: 'list' }, sent.map((entry) => (entry.kind === 'hazard_event' ? this.sentEvent(entry) : h('li', { class: 'sent-row', data: { uuid: entry.uuid } },
          h('strong', { text: entry.enterprise_name }),
          h('span', { class: 'muted', text: ` ${entry.template_name} · ${formatDateTime(entry.sent_at)}` }),
          h('span', { class: ['badge', entry.review_state === 'returned' ? 'bad' : entry.review_state === 'approved' ? 'ok' : 'info'],
            text: reviewLabel(entry.review_state) }),
          entry.review_comment ? h('p', { class: 'muted review-comment', text: entry.review_state === 'returned'
            ? t('Returned: %(comment)s', { comment: entry.review_comment }) : entry.review_comment }) : null,
          this.sentDocuments(entry),
          ...this.amendControls(entry)))))) : null);
  }

  /** The documents issued on site with a sent inspection, by the numbers the server stored them under. */
  sentDocuments(entry) {
    const documents = Object.entries(entry.documents || {});
    if (!documents.length) return null;
    return h('ul', { class: 'sent-documents' }, documents.map(([type, { reference, at_sync: atSync }]) => h('li',
      { data: { type } }, atSync
        ? t('%(title)s: numbered at sync, %(number)s (this phone had no number left)', { title: documentTitle(type), number: reference })
        : t('%(title)s: %(number)s', { title: documentTitle(type), number: reference }))));
  }

  amendControls(entry) {
    if (!returnedInspections([entry]).length) return [];
    const status = h('p', { class: 'muted amend-status', role: 'status' });
    return [amendButton(this.ctx, entry, status), status];
  }

  sentEvent(entry) {
    const reason = entry.reason || t('no reason given');
    return h('li', { class: 'sent-row sent-event', data: { uuid: entry.uuid, applied: String(entry.applied) } },
      h('strong', { text: entry.enterprise_name }),
      h('span', { class: 'muted', text: ` ${eventLabel(entry.event_type)} · ${formatDateTime(entry.sent_at)}` }),
      h('p', { text: entry.description }),
      entry.applied
        ? h('span', { class: 'badge ok', text: t('Applied') })
        : h('p', { class: 'record-error bad', role: entry.read ? null : 'alert',
          text: t('Stored but not applied: %(reason)s', { reason }) }),
      entry.applied || entry.read ? null : h('button', {
        type: 'button', class: 'button small', on: { click: () => this.noticeRead(entry.uuid) },
      }, t('Understood')));
  }

  async noticeRead(uuid) {
    await markNoticeRead(uuid);
    await this.load();
  }

  /** The second tap before a refused record leaves the phone: what is lost, said plainly. */
  confirmDiscard(record, question) {
    return h('div', { class: 'sign-out-warning', role: 'alert', hidden: this.confirming !== record.uuid },
      h('p', { text: question }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button', on: { click: (event) => { this.confirming = null; event.target.closest('.sign-out-warning').hidden = true; } } }, t('Cancel')),
        h('button', { type: 'button', class: 'button danger', on: { click: () => this.discard(record) } }, t('Delete'))));
  }

  askDiscard(record) {
    return h('button', { type: 'button', class: 'button danger small', on: { click: (event) => {
      this.confirming = record.uuid;
      event.target.closest('.record').querySelector('.sign-out-warning').hidden = false;
    } } }, t('Delete…'));
  }

  row(record) {
    if (record.type === 'hazard_event') return this.eventRow(record);
    const refused = record.status === STATUS.ATTENTION;
    // Its documents' numbers go back to the office as void once it is deleted (store/numbers.js).
    const question = record.inspection_stored
      ? t('The server has stored this inspection but not its documents. Delete the documents from the phone? Their numbers are released as void at the next sync. This cannot be undone.')
      : t('Delete this inspection with its photos and documents from the phone? The server has not stored it; the numbers of its documents are released as void at the next sync. This cannot be undone.');
    return h('li', { class: 'record', data: { uuid: record.uuid, status: record.status } },
      h('p', {}, h('strong', { text: record.summary.enterprise_name }),
        h('span', { class: 'muted', text: ` ${record.summary.template_name}` })),
      h('p', { class: 'muted upload-progress', text: [
        t('Finished %(time)s · %(hazards)s hazards', {
          time: formatDateTime(record.document.finished_at), hazards: record.summary.hazards }),
        ...progressTexts(record),
      ].join(' · ') }),
      h('p', {}, h('span', { class: ['badge', STATUS_BADGE[record.status] || 'info', 'record-status'], text: statusLabel(record.status) })),
      record.error && record.status !== STATUS.PENDING
        ? h('p', { class: ['record-error', record.status === STATUS.ATTENTION ? 'bad' : 'warn'], role: record.status === STATUS.ATTENTION ? 'alert' : null,
          text: record.error.message }) : null,
      refused ? h('div', { class: 'actions' },
        record.inspection_stored ? null : h('button', {
          type: 'button', class: 'button primary small', on: { click: () => this.correct(record.uuid) },
        }, t('Open and correct')),
        this.askDiscard(record)) : null,
      refused ? this.confirmDiscard(record, question) : null);
  }

  eventRow(record) {
    const doc = record.document;
    const refused = record.status === STATUS.ATTENTION;
    return h('li', { class: 'record record-event', data: { uuid: record.uuid, status: record.status, eventType: doc.type } },
      h('p', {}, h('strong', { text: record.summary.enterprise_name }),
        h('span', { class: 'muted', text: ` ${eventLabel(doc.type)}` })),
      h('p', { text: record.summary.description }),
      h('p', { class: 'muted upload-progress', text: [
        t('Recorded %(time)s', { time: formatDateTime(doc.at) }),
        ...progressTexts(record),
        doc.new_deadline ? t('New deadline %(date)s', { date: formatDate(doc.new_deadline) }) : '',
      ].filter(Boolean).join(' · ') }),
      h('p', {}, h('span', { class: ['badge', STATUS_BADGE[record.status] || 'info', 'record-status'], text: statusLabel(record.status) })),
      record.error && record.status !== STATUS.PENDING
        ? h('p', { class: ['record-error', refused ? 'bad' : 'warn'], role: refused ? 'alert' : null, text: record.error.message }) : null,
      refused ? h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button primary small', on: { click: () => this.retry(record) } }, t('Send again')),
        this.askDiscard(record)) : null,
      refused ? this.confirmDiscard(record, t('Delete this record with its photos from the phone? The server has not stored it. This cannot be undone.')) : null);
  }

  async retry(record) {
    await sendAgain(record);
    syncNow('manual');
    await this.load();
  }

  async discard(record) {
    this.confirming = null;
    await discardRefused(record);
    await this.load();
  }

  async correct(uuid) {
    await returnToDraft(uuid);
    this.ctx.go(`/app/inspect/${uuid}`);
  }

  destroy() {
    syncEvents.removeEventListener('change', this.listener);
  }
}
