// Finishing an inspection: what is still missing, the hazards found, the team, notes, both signatures, then the
// outbox.
import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { answerOf, flatItems, hazardOf, missingItems, resultOf, teamProblems, visitSiblings } from '../draft.js';
import { DraftEditor } from '../editor.js';
import { kindLabel, levelLabel, modeLabel } from '../labels.js';
import { finishDraft } from '../outbox.js';
import { deleteDraft, getOwnDraft, listOpenDrafts } from '../store/drafts.js';
import { requestBackgroundSync, syncNow } from '../sync.js';
import { SignaturePad } from './signature-pad.js';
import { TeamPicker } from './team-picker.js';
import { outdatedSignature, outdatedSignatureMessage } from '../signed-content.js';
import { documentTitle, formatReference, ONSITE_MEASURES, outdatedDocuments, reopen, typesFor } from '../documents.js';
import { getEnterprise } from '../store/pulled.js';
import { IssueSheet } from './issue-sheet.js';
import { forgetNumbersOf, numbersLeft } from '../store/numbers.js';

export class FinishScreen {
  constructor(ctx, { uuid }) {
    this.ctx = ctx;
    this.uuid = uuid;
    this.title = t('Finish inspection');
    this.pads = [];
    this.el = h('div', { class: 'screen finish' });
  }

  async load() {
    const own = await getOwnDraft(this.uuid, this.ctx.user.id);
    if (!own) {
      replaceChildren(this.el, h('p', { class: 'notice warn', role: 'alert', text: t('This inspection is not on this phone.') }));
      return;
    }
    const { draft, template } = own;
    // Drafts started before teams were recorded: the user is their team.
    if (!draft.team) draft.team = [{ username: this.ctx.user.username, display_name: this.ctx.user.name }];
    this.editor = new DraftEditor(draft, template);
    this.editor.addEventListener('error', () => this.ctx.toast(t('Could not save on this phone: the storage may be full.'), 'error'));
    this.readOnly = draft.state !== 'editing';
    this.ctx.setTitle(t('Finish: %(name)s', { name: draft.enterprise_name }));
    this.missing = h('section', { class: 'card missing', 'aria-labelledby': 'missing-title' });
    this.problems = h('div', { class: 'finish-problems', role: 'alert' });
    const notes = h('textarea', {
      id: 'inspection-notes', rows: 3, value: draft.notes, disabled: this.readOnly,
      on: { input: () => this.editor.change((d) => { d.notes = notes.value; }, { typing: true }) },
    });
    const representative = h('input', {
      id: 'representative-name', autocomplete: 'off', value: draft.representative_name, disabled: this.readOnly,
      on: { input: () => this.editor.change((d) => { d.representative_name = representative.value; }, { typing: true }) },
    });
    await this.dropOutdatedSignature();
    this.pads = [
      new SignaturePad({ id: 'signature-inspector', label: t('Signature of the inspector (%(name)s)', { name: this.ctx.user.name }),
        purpose: 'inspector_signature', role: 'inspector', editor: this.editor, readOnly: this.readOnly }),
      new SignaturePad({ id: 'signature-representative', label: t('Signature of the enterprise representative'),
        purpose: 'representative_signature', role: 'representative', editor: this.editor, readOnly: this.readOnly }),
    ];
    this.team = new TeamPicker({ editor: this.editor, user: this.ctx.user, readOnly: this.readOnly });
    this.documents = h('section', { class: 'card field-documents', 'aria-labelledby': 'documents-title' });
    this.issueSheet = new IssueSheet({ editor: this.editor, onIssued: () => this.renderDocuments() });
    this.editor.addEventListener('change', () => { if (!this.issueSheet.el.open) this.renderDocuments(); });
    replaceChildren(this.el,
      h('section', { class: 'card' },
        h('h2', { text: draft.enterprise_name }),
        h('p', { class: 'muted', text: `${draft.template_name} · ${kindLabel(draft.kind)}` }),
        draft.task ? h('p', { class: 'task-of', text: t('Task: %(campaign)s', { campaign: draft.task.campaign_name }) }) : null,
        // An amended returned inspection (revision.js): what the reviewer asked for, while amending.
        draft.revision_of ? h('p', { class: 'notice warn review-comment',
          text: t('Returned: %(comment)s', { comment: draft.review_comment || '' }) }) : null),
      this.missing,
      this.hazardSummary(draft, template),
      this.team.el,
      h('section', { class: 'card' },
        h('label', { for: 'inspection-notes', text: t('Notes on the inspection') }), notes,
        h('label', { for: 'representative-name', text: t('Name of the enterprise representative') }), representative),
      h('section', { class: 'card signatures' }, this.pads.map((pad) => pad.el), this.withoutEnterprisePart()),
      this.documents,
      this.problems,
      this.readOnly
        ? h('p', { class: 'notice', text: t('This inspection is finished and waits in the outbox.') })
        : this.discardPart(),
      this.readOnly ? null : h('div', { class: 'bottom-bar' },
        h('a', { href: `/app/inspect/${this.uuid}`, class: 'button' }, t('Back to the checklist')),
        h('button', { type: 'button', class: 'button primary', on: { click: () => this.submit() } }, t('Submit'))));
    this.renderMissing();
    await Promise.all([this.team.render(), ...this.pads.map((pad) => pad.render()), this.renderDocuments()]);
  }

  /** The documents this inspection calls for, issued on site (documents.js): each with its number once issued. */
  async renderDocuments() {
    const { draft, template } = this.editor;
    // Changed after the representative signed: read and signed again (same number), before it can leave.
    const outdated = this.readOnly ? [] : outdatedDocuments(draft, template, await getEnterprise(draft.enterprise_code));
    if (outdated.length) {
      await this.editor.change((d) => outdated.forEach((doc) => reopen(d.documents[doc.type])));
      this.ctx.toast(t('The inspection changed after a document was signed: the representative reads and signs it again.'));
    }
    const types = typesFor(draft, template);
    const left = await numbersLeft();
    const documents = draft.documents || {};
    replaceChildren(this.documents,
      h('h2', { id: 'documents-title', text: t('Documents issued on site') }),
      h('ul', { class: 'list' }, types.map((type) => {
        const doc = documents[type];
        const issued = doc && doc.issued_at;
        return h('li', { class: 'field-document', data: { type, issued: issued ? 'true' : 'false' } },
          h('p', {}, h('strong', { text: documentTitle(type) })),
          h('p', { class: issued ? 'ok' : 'muted', text: issued
            ? (formatReference(doc.number) || t('Issued; numbered at the next sync'))
            : (left[type] ? t('Not issued yet') : t('Not issued yet; no number left on this phone: it is numbered at the next sync')) }),
          this.readOnly && !issued ? null : h('button', { type: 'button', class: 'button small open-document',
            on: { click: () => this.issueSheet.open(type) } }, issued ? t('Show') : t('Issue')));
      })));
  }

  /**
   * An amendment (revision.js) that changed what the representative signed loses that signature: the
   * representative signs again, or the inspector says why the amendment is made without the enterprise.
   */
  async dropOutdatedSignature() {
    const { draft, template } = this.editor;
    if (this.readOnly || !draft.revision_of) return;
    const outdated = await outdatedSignature(draft, template);
    if (outdated) await this.editor.change((d) => { d.signatures.representative = null; d.signature_outdated = outdated; });
  }

  withoutEnterprisePart() {
    const { draft } = this.editor;
    if (!draft.revision_of) return null;
    const notice = h('p', { class: 'notice warn signature-outdated', role: 'alert',
      text: draft.signature_outdated ? outdatedSignatureMessage(draft.signature_outdated) : '' });
    const reason = h('textarea', {
      id: 'representative-absent-reason', rows: 2, value: draft.representative_absent_reason || '', disabled: this.readOnly,
      on: { input: () => this.editor.change((d) => { d.representative_absent_reason = reason.value; }, { typing: true }) },
    });
    const part = h('div', { class: 'without-enterprise' }, notice,
      h('label', { for: 'representative-absent-reason', text: t('If the representative cannot sign again: why it is amended without the enterprise') }),
      reason);
    const update = () => {
      const signed = Boolean(this.editor.draft.signatures.representative);
      notice.hidden = signed || !this.editor.draft.signature_outdated;
      part.hidden = signed;
    };
    this.editor.addEventListener('change', update);
    update();
    return part;
  }

  /** Started by mistake: the draft and its photos can be thrown away, after a second tap. */
  discardPart() {
    const confirm = h('div', { class: 'sign-out-warning', role: 'alert', hidden: true },
      h('p', { text: t('Discard this inspection with its answers, photos and signatures? This cannot be undone.') }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button', on: { click: () => { confirm.hidden = true; } } }, t('Cancel')),
        h('button', { type: 'button', class: 'button danger', on: { click: () => this.discard() } }, t('Discard'))));
    return h('section', { class: 'card' },
      h('button', { type: 'button', class: 'button danger block', on: { click: () => { confirm.hidden = false; } } },
        t('Discard this inspection')),
      confirm);
  }

  async discard() {
    await this.editor.close();
    this.editor = null;
    await deleteDraft(this.uuid);
    await forgetNumbersOf(this.uuid); // released at the next sync, shown as void there
    this.ctx.go('/app/', { replace: true });
  }

  renderMissing() {
    const missing = missingItems(this.editor.draft, this.editor.template);
    replaceChildren(this.missing,
      h('h2', { id: 'missing-title', text: missing.length ? t('Still missing (%(count)s)', { count: missing.length }) : t('All items answered') }),
      missing.length ? h('ul', { class: 'list' }, missing.map(({ item, problems }) => h('li', {},
        h('a', { href: `/app/inspect/${this.uuid}?item=${encodeURIComponent(item.id)}`, class: 'list-link' },
          h('strong', { text: `${item.index + 1}. ${item.prompt}` }),
          h('span', { class: 'muted', text: problems.join(' ') }))))) : null);
  }

  hazardSummary(draft, template) {
    const hazards = flatItems(template)
      .filter((item) => resultOf(item, answerOf(draft, item.id)) === 'fail' && hazardOf(draft, item.id))
      .map((item) => hazardOf(draft, item.id));
    const major = hazards.filter((hazard) => hazard.level === 'major').length;
    return h('section', { class: 'card hazard-list', 'aria-labelledby': 'hazard-list-title' },
      h('h2', { id: 'hazard-list-title', text: t('Hazards found: %(count)s (major: %(major)s)', { count: hazards.length, major }) }),
      hazards.length ? h('ul', { class: 'list' }, hazards.map((hazard) => h('li', {},
        h('p', { text: hazard.description }),
        h('p', { class: 'muted', text: `${levelLabel(hazard.level)} · ${hazard.mode === 'on_the_spot'
          ? modeLabel('on_the_spot') : t('Rectify by %(date)s', { date: hazard.deadline || '?' })}` })))) : null);
  }

  async submit() {
    await this.editor.flush();
    const { draft, template } = this.editor;
    // 执法人员不少于两人: said before the inspection leaves, never refused: a colleague who was not there must not
    // be named to get it sent (the server stores it and flags the shortfall for the office).
    const shortTeam = teamProblems(draft);
    if (shortTeam.length && !this.shortTeamAccepted) {
      replaceChildren(this.problems, h('p', { class: 'notice warn enforcement-warning', text: shortTeam.join(' ') }),
        h('button', { type: 'button', class: 'button block submit-short-team', on: { click: () => {
          this.shortTeamAccepted = true;
          this.submit();
        } } }, t('Submit with fewer than two inspectors')));
      this.problems.scrollIntoView({ block: 'center' });
      return;
    }
    // A measure ordered on the spot is served as its decision before the inspection leaves (现场处理措施决定书).
    if (typesFor(draft, template).includes(ONSITE_MEASURES) && !(draft.documents && draft.documents[ONSITE_MEASURES]
      && draft.documents[ONSITE_MEASURES].issued_at)) {
      replaceChildren(this.problems, h('p', { class: 'notice warn',
        text: t('A measure was ordered on the spot: issue the decision on on-site measures first.') }));
      this.problems.scrollIntoView({ block: 'center' });
      return;
    }
    const { missing, problems } = await finishDraft(draft, template);
    this.renderMissing();
    if (missing.length || problems.length) {
      replaceChildren(this.problems, h('p', { class: 'notice warn' },
        t('The inspection cannot be submitted yet.')),
      h('ul', {}, problems.map((text) => h('li', { text })),
        missing.length ? h('li', { text: t('%(count)s checklist items are incomplete (see above).', { count: missing.length }) }) : null));
      this.problems.scrollIntoView({ block: 'center' });
      return;
    }
    this.readOnly = true;
    this.ctx.toast(t('Saved in the outbox. It is sent as soon as there is a network.'));
    requestBackgroundSync();
    syncNow('queued');
    // A visit with several checklists goes on to the next one still open.
    const [next] = visitSiblings(draft, await listOpenDrafts(this.ctx.user.id));
    this.ctx.go(next ? `/app/inspect/${next.uuid}` : '/app/outbox', { replace: true });
  }

  destroy() {
    if (this.issueSheet) this.issueSheet.destroy();
    this.pads.forEach((pad) => pad.destroy());
    if (this.editor) this.editor.close();
  }
}
