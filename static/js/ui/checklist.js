// The checklist of a draft, rendered from its template version: one item at a time, or a compact list.
import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { flatItems, progress, visitSiblings } from '../draft.js';
import { DraftEditor } from '../editor.js';
import { startLocating, stopLocating } from '../photos.js';
import { getOwnDraft, listOpenDrafts } from '../store/drafts.js';
import { HazardSheet } from './hazard-sheet.js';
import { ItemCard } from './item-card.js';

export class ChecklistScreen {
  constructor(ctx, { uuid, itemId }) {
    this.ctx = ctx;
    this.uuid = uuid;
    this.jumpTo = itemId || null;
    this.title = t('Checklist');
    this.cards = [];
    this.el = h('div', { class: 'screen checklist' });
  }

  async load() {
    const own = await getOwnDraft(this.uuid, this.ctx.user.id);
    if (!own) {
      replaceChildren(this.el, h('p', { class: 'notice warn', role: 'alert', text: t('This inspection is not on this phone.') }),
        h('a', { href: '/app/', class: 'button block' }, t('Back to the start')));
      return;
    }
    const { draft, template } = own;
    startLocating();
    this.editor = new DraftEditor(draft, template);
    this.editor.addEventListener('error', () => this.ctx.toast(t('Could not save on this phone: the storage may be full.'), 'error'));
    this.readOnly = draft.state !== 'editing';
    this.items = flatItems(template);
    if (this.jumpTo) {
      const target = this.items.find((item) => item.id === this.jumpTo);
      if (target) draft.position = target.index;
      this.editor.showProblems = true;
    }
    this.ctx.setTitle(draft.enterprise_name);
    this.sheet = new HazardSheet({ editor: this.editor });
    this.progressBar = h('progress', { max: String(this.items.length), value: '0' });
    this.progressText = h('span', { class: 'progress-text' });
    this.layoutButton = h('button', { type: 'button', class: 'button small', on: { click: () => this.toggleLayout() } });
    this.body = h('div', { class: 'checklist-body' });
    this.nav = h('nav', { class: 'bottom-bar', 'aria-label': t('Checklist navigation') });
    const siblings = visitSiblings(draft, await listOpenDrafts(this.ctx.user.id));
    replaceChildren(this.el,
      h('header', { class: 'checklist-head' },
        h('p', { class: 'muted', text: draft.template_name }),
        siblings.length ? h('nav', { class: 'visit-checklists', 'aria-label': t('This visit') },
          h('span', { class: 'muted', text: t('Also in this visit:') }), ' ',
          siblings.map((other) => h('a', { href: `/app/inspect/${other.uuid}`, class: 'badge visit-link', text: other.template_name }))) : null,
        h('div', { class: 'progress-row' }, this.progressBar, this.progressText, this.layoutButton)),
      draft.server_error ? h('p', { class: 'notice warn', role: 'alert' },
        t('The server refused this inspection: %(message)s', { message: draft.server_error.message })) : null,
      this.readOnly ? h('p', { class: 'notice', role: 'status' },
        t('This inspection is finished and waits in the outbox.'), ' ',
        h('a', { href: '/app/outbox', text: t('Open the outbox') })) : null,
      this.body, this.nav);
    this.editor.addEventListener('change', () => this.updateProgress());
    await this.renderItems();
  }

  updateProgress() {
    const { done, total } = progress(this.editor.draft, this.editor.template);
    this.progressBar.value = done;
    this.progressText.textContent = t('%(done)s of %(total)s answered', { done, total });
    this.layoutButton.textContent = this.editor.draft.layout === 'list' ? t('One at a time') : t('List view');
  }

  clearCards() {
    this.cards.forEach((card) => card.destroy());
    this.cards = [];
  }

  card(item) {
    const card = new ItemCard({
      item, editor: this.editor, total: this.items.length, compact: this.editor.draft.layout === 'list',
      readOnly: this.readOnly, onHazard: (it) => this.sheet.open(it),
    });
    this.cards.push(card);
    return card;
  }

  async renderItems() {
    this.clearCards();
    const { draft } = this.editor;
    const position = Math.min(Math.max(draft.position || 0, 0), this.items.length - 1);
    const shown = draft.layout === 'list' ? this.items : [this.items[position]];
    const cards = shown.map((item) => this.card(item));
    replaceChildren(this.body, cards.map((card) => card.el));
    await Promise.all(cards.map((card) => card.render()));
    if (draft.layout === 'list' && this.jumpTo) {
      const target = this.body.querySelector(`[data-item-id="${CSS.escape(this.jumpTo)}"]`);
      if (target) target.scrollIntoView({ block: 'start' });
    }
    this.renderNav(position);
    this.updateProgress();
  }

  renderNav(position) {
    const single = this.editor.draft.layout !== 'list';
    const last = position >= this.items.length - 1;
    const finish = h('a', { href: `/app/inspect/${this.uuid}/finish`, class: 'button primary' },
      this.readOnly ? t('Inspection summary') : t('Finish inspection'));
    replaceChildren(this.nav,
      single ? h('button', { type: 'button', class: 'button', disabled: position === 0, on: { click: () => this.move(-1) } },
        t('Previous item')) : null,
      single && !last ? h('button', { type: 'button', class: 'button primary', on: { click: () => this.move(1) } }, t('Next item'))
        : finish);
  }

  async move(step) {
    const { draft } = this.editor;
    const position = Math.min(Math.max((draft.position || 0) + step, 0), this.items.length - 1);
    if (!this.readOnly) this.editor.change((d) => { d.position = position; });
    else draft.position = position;
    await this.renderItems();
    window.scrollTo(0, 0);
  }

  async toggleLayout() {
    const layout = this.editor.draft.layout === 'list' ? 'single' : 'list';
    if (!this.readOnly) this.editor.change((d) => { d.layout = layout; });
    else this.editor.draft.layout = layout;
    await this.renderItems();
  }

  destroy() {
    stopLocating();
    this.clearCards();
    if (this.sheet) this.sheet.destroy();
    if (this.editor) this.editor.close();
  }
}
