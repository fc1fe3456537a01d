"""The audit log page: administrators only, newest first, filters in the URL, a constant number of statements."""
import re
from datetime import datetime, timezone

import pytest

from safety.audit.models import AuditEntry
from safety.extensions import db
from tests.factories import make_enterprise, make_grid, make_user


def add_entry(actor=None, action="user.changed", target_kind="user", target_key="1", label="李四 (li)",
              changes=None, at=None, ip="10.0.0.8") -> AuditEntry:
    entry = AuditEntry(actor_id=actor.id if actor else None, actor_name=actor.display_name if actor else "",
                       action=action, target_kind=target_kind, target_key=target_key, target_label=label,
                       changes=changes if changes is not None else {"display_name": ["李四", "李小四"]},
                       ip=ip, at=at or datetime(2026, 3, 1, 2, 0, tzinfo=timezone.utc))
    db.session.add(entry)
    db.session.flush()
    return entry


def actions_listed(html: str) -> list[str]:
    return re.findall(r'<tr class="audit-row" data-action="([^"]+)"', html)


@pytest.mark.parametrize("role", ["inspector", "enterprise", "supervisor"])
def test_other_roles_are_refused(client, auth, role):
    enterprise = make_enterprise() if role == "enterprise" else None
    grids = [make_grid()] if role == "inspector" else []
    make_user(role, username="someone", enterprise=enterprise, grids=grids)
    auth.login("someone")
    assert client.get("/audit/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/audit/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_menu_offers_the_log_to_administrators_only(client, auth, admin):
    assert 'href="/audit/"' in client.get("/").get_data(as_text=True)
    make_user("supervisor", username="chen")
    auth.login("chen")
    assert 'href="/audit/"' not in client.get("/").get_data(as_text=True)


def test_an_entry_shows_who_when_what_the_target_and_the_changes(client, admin):
    target = make_user("inspector", username="li", display_name="李四")
    add_entry(admin, "user.role_changed", target_key=str(target.id),
              changes={"role": ["inspector", "supervisor"], "grids": [["G1", "G2"], []]})
    html = client.get("/audit/").get_data(as_text=True)
    row = html[html.index('<tr class="audit-row"'):]
    assert "王主任" in row and "10.0.0.8" in row
    assert "Role changed" in row
    assert f'<a href="/users/{target.id}/edit">李四 (li)</a>' in row
    assert '<small class="muted">User account</small>' in row
    assert "<dt>Role</dt>" in row and "<del>Inspector</del> → <ins>Supervisor</ins>" in row
    assert "<del>G1、G2</del> → <ins>—</ins>" in row
    # 02:00 UTC is 10:00 in the office (Asia/Shanghai)
    assert re.search(r"3/1/26, 10:00\s*AM", row)


def test_a_new_records_values_read_without_an_arrow_and_the_command_line_is_named(client, admin):
    add_entry(None, "enterprise.created", "enterprise", "E00007", "苏州精密机械有限公司",
              {"status": [None, "active"], "sector": [None, "machinery"]}, ip=None)
    html = client.get("/audit/").get_data(as_text=True)
    row = html[html.index('<tr class="audit-row"'):]
    assert "Command line" in row
    assert '<a href="/enterprises/E00007">苏州精密机械有限公司</a>' in row
    assert "<dd><ins>Operating</ins></dd>" in row and "→" not in row.split("</tr>")[0]


def test_password_entries_say_only_that_it_was_reset(client, admin):
    add_entry(admin, "user.password_reset", changes={"password": [None, "reset"]})
    html = client.get("/audit/").get_data(as_text=True)
    assert "<dt>Password</dt><dd><ins>reset by an administrator</ins></dd>" in re.sub(r">\s+<", "><", html)


def test_newest_first_and_paginated(client, app, admin):
    for day in range(1, 31):
        add_entry(admin, "grid.changed" if day == 30 else "user.changed",
                  at=datetime(2026, 3, day, 2, 0, tzinfo=timezone.utc))
    first = client.get("/audit/").get_data(as_text=True)
    assert actions_listed(first)[0] == "grid.changed"
    assert len(actions_listed(first)) == app.config["PAGE_SIZE"]
    second = client.get("/audit/?page=2").get_data(as_text=True)
    assert len(actions_listed(second)) == 30 - app.config["PAGE_SIZE"]


def test_filter_by_actor_action_and_kind_of_record(client, admin):
    other = make_user("admin", username="liu", display_name="刘洋")
    add_entry(admin, "user.changed")
    add_entry(other, "grid.created", "grid", "3", "东区 (EAST)")
    add_entry(None, "enterprise.imported", "import", "", "名录.xlsx", {"count": [None, 12]})
    assert actions_listed(client.get(f"/audit/?actor={other.id}").get_data(as_text=True)) == ["grid.created"]
    assert actions_listed(client.get("/audit/?actor=cli").get_data(as_text=True)) == ["enterprise.imported"]
    assert actions_listed(client.get("/audit/?action=user.changed").get_data(as_text=True)) == ["user.changed"]
    assert actions_listed(client.get("/audit/?target=grid").get_data(as_text=True)) == ["grid.created"]


def test_the_history_of_one_record(client, admin):
    add_entry(admin, "enterprise.created", "enterprise", "E00001", "甲")
    add_entry(admin, "enterprise.changed", "enterprise", "E00002", "乙")
    html = client.get("/audit/?target=enterprise&key=E00002").get_data(as_text=True)
    assert actions_listed(html) == ["enterprise.changed"]
    assert "The history of one record only." in html


def test_dates_are_office_days(client, admin):
    # 16:30 UTC on 1 March is 00:30 on 2 March in the office.
    add_entry(admin, "user.changed", at=datetime(2026, 3, 1, 16, 30, tzinfo=timezone.utc))
    assert actions_listed(client.get("/audit/?since=2026-03-02").get_data(as_text=True)) == ["user.changed"]
    assert actions_listed(client.get("/audit/?until=2026-03-01").get_data(as_text=True)) == []
    assert actions_listed(client.get("/audit/?since=2026-03-02&until=2026-03-02").get_data(as_text=True)) \
        == ["user.changed"]


@pytest.mark.parametrize("query", ["since=2026-02-30", "until=yesterday", "actor=99999", "action=user.eaten",
                                   "target=hazard", "since=2026-02-28&until=2026-02-27"])
def test_a_filter_that_cannot_be_read_is_a_400_that_says_so(client, admin, query):
    add_entry(admin)
    response = client.get(f"/audit/?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Some filters could not be read" in html
    assert actions_listed(html) == ["user.changed"]  # the bad filter filters nothing


def test_the_filter_forms_empty_fields_redirect_to_the_short_url(client, admin):
    response = client.get("/audit/?actor=&action=user.changed&target=&since=&until=")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/audit/?action=user.changed")


def test_statements_per_page_do_not_grow_with_entries(client, admin, count_statements):
    def statements_for(number: int) -> int:
        db.session.query(AuditEntry).delete()
        actors = [make_user("admin", username=f"a{number}-{n}", display_name=f"管理员{n}") for n in range(5)]
        for n in range(number):
            add_entry(actors[n % 5], "user.changed", changes={"display_name": ["甲", "乙"], "grids": [[], ["G1"]]})
        db.session.commit()
        with count_statements() as statements:
            response = client.get("/audit/")
        assert response.status_code == 200
        assert len(actions_listed(response.get_data(as_text=True))) == min(number, 25)
        return len(statements)

    assert statements_for(5) == statements_for(50)


def test_the_page_renders_in_chinese(client, auth, admin):
    add_entry(admin, "user.role_changed", changes={"role": ["inspector", "supervisor"]})
    auth.post_form("/locale/zh_CN")
    html = client.get("/audit/").get_data(as_text=True)
    assert 'lang="zh-CN"' in html
    assert "<del>检查员</del> → <ins>监管负责人</ins>" in html


def test_user_enterprise_and_checklist_pages_link_to_their_history(client, admin):
    from tests.factories import make_template
    enterprise = make_enterprise(code="E00042")
    template = make_template()
    user = make_user("supervisor", username="chen")
    pages = {f"/users/{user.id}/edit": f"/audit/?target=user&amp;key={user.id}",
             "/enterprises/E00042": f"/audit/?target=enterprise&amp;key={enterprise.code}",
             f"/checklists/{template.id}": f"/audit/?target=template&amp;key={template.id}"}
    for page, history in pages.items():
        assert f'href="{history}"' in client.get(page).get_data(as_text=True), page


def test_an_inspector_sees_no_history_link_on_an_enterprise(client, auth):
    grid = make_grid()
    make_enterprise(grid=grid, code="E00042")
    make_user("inspector", username="li", grids=[grid])
    auth.login("li")
    assert "/audit/" not in client.get("/enterprises/E00042").get_data(as_text=True)
