// The inspection's team (检查组), on the finish screen: the signed-in inspector, colleagues picked from the staff
// list the last pull brought (offline), and outside participants typed in: experts (专家) and other departments on
// a joint check (联合检查). An enforcement task says when fewer than two of the office's inspectors are on it.
import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { teamProblems } from '../draft.js';
import { teamRoleLabel } from '../labels.js';
import { listStaff } from '../store/pulled.js';
import { memberName, OUTSIDE_ROLES } from '../tasks.js';

const SHOWN_MATCHES = 8;

/** Staff not on the team whose name or username contains ``query``. */
function matchingStaff(staff, team, query) {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const taken = new Set(team.map((member) => member.username).filter(Boolean));
  return staff.filter((member) => !taken.has(member.username)
    && (member.username.toLowerCase().includes(needle) || (member.display_name || '').toLowerCase().includes(needle)))
    .slice(0, SHOWN_MATCHES);
}

export class TeamPicker {
  /** @param {{editor: import('../editor.js').DraftEditor, user: {username: string}, readOnly: boolean}} options */
  constructor({ editor, user, readOnly }) {
    this.editor = editor;
    this.user = user;
    this.readOnly = readOnly;
    this.staff = [];
    this.members = h('ul', { class: 'list team-members' });
    this.warning = h('div', { class: 'team-warning' });
    this.search = h('input', {
      id: 'team-search', type: 'search', autocomplete: 'off', placeholder: t('Name of a colleague'),
      on: { input: () => this.showMatches() },
    });
    this.matches = h('ul', { class: 'list team-matches', 'aria-live': 'polite' });
    this.outsideName = h('input', { id: 'outside-name', autocomplete: 'off' });
    this.outsideOrganisation = h('input', { id: 'outside-organisation', autocomplete: 'off' });
    this.outsideProblem = h('p', { class: 'notice warn', role: 'alert', hidden: true });
    this.el = h('section', { class: 'card team', id: 'team', 'aria-labelledby': 'team-title' },
      h('h2', { id: 'team-title', text: t('Inspection team') }),
      this.members, this.warning,
      readOnly ? null : h('div', { class: 'team-add' },
        h('label', { for: 'team-search', text: t('Add a colleague') }), this.search, this.matches),
      readOnly ? null : h('details', { class: 'team-outside' },
        h('summary', { text: t('Add an expert or another department') }),
        h('fieldset', { class: 'choices-2' }, h('legend', { text: t('Taking part as') }),
          OUTSIDE_ROLES.map((role, index) => h('label', { class: 'choice' },
            h('input', { type: 'radio', name: 'outside-role', value: role, checked: index === 0 }),
            h('span', { text: teamRoleLabel(role) })))),
        h('label', { for: 'outside-name', text: t('Name') }), this.outsideName,
        h('label', { for: 'outside-organisation', text: t('Organisation') }), this.outsideOrganisation,
        this.outsideProblem,
        h('button', { type: 'button', class: 'button block add-outside', on: { click: () => this.addOutside() } },
          t('Add to the team'))));
  }

  get team() {
    return this.editor.draft.team || [];
  }

  async render() {
    this.staff = await listStaff();
    this.showMembers();
  }

  showMembers() {
    const roleOf = (member) => (member.username ? teamRoleLabel('staff') : teamRoleLabel(member.role));
    replaceChildren(this.members, this.team.map((member, index) => h('li', {
      class: 'team-member', data: member.username ? { username: member.username, role: 'staff' } : { role: member.role },
    },
    h('span', { class: 'member-name' }, h('strong', { text: memberName(member) }), ' ',
      h('span', { class: 'badge', text: roleOf(member) })),
    this.readOnly || member.username === this.user.username ? null : h('button', {
      type: 'button', class: 'button small remove-member', 'aria-label': t('Remove %(name)s', { name: memberName(member) }),
      on: { click: () => this.remove(index) },
    }, t('Remove')))));
    const problems = teamProblems(this.editor.draft);
    replaceChildren(this.warning, problems.length
      ? h('p', { class: 'notice warn enforcement-warning', role: 'alert', text: problems.join(' ') }) : null);
  }

  showMatches() {
    const hits = matchingStaff(this.staff, this.team, this.search.value);
    const query = this.search.value.trim();
    replaceChildren(this.matches, hits.map((member) => h('li', {},
      h('button', { type: 'button', class: 'list-link staff-match', on: { click: () => this.addColleague(member) } },
        h('strong', { text: member.display_name || member.username }),
        h('span', { class: 'muted', text: ` ${member.username}${member.grids && member.grids.length ? ` · ${member.grids.join(', ')}` : ''}` })))),
    query && !hits.length ? h('li', { class: 'muted', text: t('No colleague matches “%(query)s”.', { query }) }) : null);
  }

  async addColleague(member) {
    await this.editor.change((draft) => {
      draft.team = [...(draft.team || []), { username: member.username, display_name: member.display_name }];
    });
    this.search.value = '';
    this.showMatches();
    this.showMembers();
  }

  async addOutside() {
    const name = this.outsideName.value.trim();
    const organisation = this.outsideOrganisation.value.trim();
    const role = this.el.querySelector('input[name="outside-role"]:checked').value;
    this.outsideProblem.hidden = Boolean(name && organisation);
    if (!name || !organisation) {
      this.outsideProblem.textContent = t('Enter the name and the organisation.');
      return;
    }
    await this.editor.change((draft) => { draft.team = [...(draft.team || []), { name, organisation, role }]; });
    this.outsideName.value = '';
    this.outsideOrganisation.value = '';
    this.showMembers();
  }

  async remove(index) {
    await this.editor.change((draft) => { draft.team = draft.team.filter((_member, at) => at !== index); });
    this.showMembers();
  }
}
