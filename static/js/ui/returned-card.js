// Inspections the reviewer returned: each with the reviewer's comment and "Amend and resubmit".
import { h, replaceChildren } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { amendReturned, returnedInspections } from '../revision.js';

/** The button that opens a returned inspection as a pre-filled draft; ``status`` shows why it could not. */
export function amendButton(ctx, entry, status) {
  const button = h('button', { type: 'button', class: 'button primary small amend-button' }, t('Amend and resubmit'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = '';
    try {
      const draftUuid = await amendReturned(ctx.user, entry);
      ctx.go(`/app/inspect/${draftUuid}`);
    } catch (err) {
      button.disabled = false;
      status.textContent = err.status === 0
        ? t('Amending needs a network connection to fetch the inspection from the server. Try again when online.')
        : err.message === 'template_missing'
          ? t('The checklist of this inspection is no longer on this phone. Sync, then try again.')
          : t('The inspection could not be fetched: %(message)s', { message: err.message });
    }
  });
  return button;
}

export class ReturnedCard {
  constructor(ctx) {
    this.ctx = ctx;
    this.el = h('section', { class: 'card returned-card', 'aria-labelledby': 'returned-title', hidden: true });
  }

  /** ``sent``: the phone's sent history; ``pulled``: the returned inspections pull delivered. */
  render(sent, pulled) {
    const returned = returnedInspections(sent, pulled);
    this.el.hidden = returned.length === 0;
    replaceChildren(this.el,
      h('h2', { id: 'returned-title', text: t('Returned for amendment') }),
      h('ul', { class: 'list' }, returned.map((entry) => {
        const status = h('p', { class: 'muted amend-status', role: 'status' });
        return h('li', { class: 'returned-row', data: { uuid: entry.uuid } },
          h('strong', { text: entry.enterprise_name }),
          h('span', { class: 'muted', text: ` ${entry.template_name} · ${formatDateTime(entry.finished_at)}` }),
          h('p', { class: 'review-comment', text: t('Returned: %(comment)s', { comment: entry.review_comment }) }),
          amendButton(this.ctx, entry, status), status);
      })));
  }
}
