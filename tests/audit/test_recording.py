"""Each administrative change writes exactly one audit entry, in the same transaction; a refused one writes none."""
import io
import re

import pytest

from safety.audit.models import AuditEntry
from safety.checklists import operations as ops
from safety.checklists.queries import get_template
from safety.extensions import db
from safety.users import operations as user_operations
from tests.audit.conftest import entries, stored_text
from tests.enterprises.conftest import HEADINGS_ZH, csv_bytes
from tests.factories import DEFAULT_PASSWORD, make_enterprise, make_grid, make_inspection, make_template, make_user

NEW_PASSWORD = "Field-work-2026"
USCC = "91350100M000100Y43"
GOOD_ROWS = [
    ["", "苏州精密机械有限公司", USCC, "星湖街1号", "机械制造", "A", "G1", "李四", "0512-66881234"],
    ["", "华东食品有限公司", "91110000600037341L", "金鸡湖路2号", "食品加工", "B", "G1", "王五", "13900000000"],
]


def only(action: str):
    """The single entry of the log, which must be ``action``."""
    found = entries()
    assert [entry.action for entry in found] == [action]
    return found[0]


# --- users ----------------------------------------------------------------------------------

def test_creating_a_user_records_who_what_and_from_where_but_not_the_password(client, auth, admin):
    make_grid(code="G1")
    response = auth.post_form("/users/new", {"username": "zhao", "display_name": "赵六", "phone": "13912345678",
                                             "role": "inspector", "grids": ["G1"], "enterprise": "",
                                             "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    entry = only("user.created")
    assert (entry.actor_id, entry.actor_name, entry.ip) == (admin.id, "王主任", "127.0.0.1")
    assert entry.target_kind == "user" and entry.target_label == "赵六 (zhao)"
    assert entry.changes["role"] == [None, "inspector"]
    assert entry.changes["grids"] == [None, ["G1"]]
    assert entry.changes["password"] == [None, "set"]
    assert NEW_PASSWORD not in stored_text() and "pbkdf2" not in stored_text() and "scrypt" not in stored_text()


def test_a_refused_new_user_records_nothing(client, auth, admin):
    response = auth.post_form("/users/new", {"username": "boss", "display_name": "x", "role": "supervisor",
                                             "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert entries() == []


def test_create_user_on_the_command_line_is_recorded_as_the_command_line(runner, app):
    make_grid(code="G1")
    result = runner.invoke(args=["create-user", "li", "--role", "inspector", "--password", NEW_PASSWORD,
                                 "--grid", "G1"])
    assert result.exit_code == 0, result.output
    entry = only("user.created")
    assert entry.by_command_line and entry.actor_id is None and entry.ip is None
    assert NEW_PASSWORD not in stored_text()


def test_changing_a_role_records_old_and_new_role(client, auth, admin):
    grid = make_grid(code="G1")
    user = make_user("inspector", username="li", display_name="李四", grids=[grid])
    response = auth.post_form(f"/users/{user.id}/edit", {"display_name": "李四", "phone": "", "role": "supervisor",
                                                         "grids": [], "enterprise": ""})
    assert response.status_code == 302
    entry = only("user.role_changed")
    assert entry.target_key == str(user.id)
    assert entry.changes == {"role": ["inspector", "supervisor"], "grids": [["G1"], []]}


def test_an_edit_without_a_role_change_is_a_plain_change(client, auth, admin):
    grid = make_grid(code="G1")
    user = make_user("inspector", username="li", display_name="李四", grids=[grid])
    auth.post_form(f"/users/{user.id}/edit", {"display_name": "李小四", "phone": "13900000000", "role": "inspector",
                                              "grids": ["G1"], "enterprise": ""})
    entry = only("user.changed")
    assert entry.changes == {"display_name": ["李四", "李小四"], "phone": [None, "13900000000"]}


def test_saving_an_unchanged_user_records_nothing(client, auth, admin):
    grid = make_grid(code="G1")
    user = make_user("inspector", username="li", display_name="李四", grids=[grid])
    auth.post_form(f"/users/{user.id}/edit", {"display_name": "李四", "phone": "", "role": "inspector",
                                              "grids": ["G1"], "enterprise": ""})
    assert entries() == []


def test_the_same_grids_in_another_order_are_no_change(app):
    actor = make_user("admin", username="boss")
    user = make_user("inspector", username="li", display_name="李四", grids=[make_grid(code="EAST"),
                                                                          make_grid(code="NORTH")])
    user_operations.update_user(user, actor, "李四", None, "inspector", ["NORTH", "EAST"])
    assert entries() == []


def test_a_refused_role_change_records_nothing(client, auth, admin):
    response = auth.post_form(f"/users/{admin.id}/edit", {"display_name": "王主任", "phone": "", "role": "inspector",
                                                          "grids": [], "enterprise": ""})
    assert response.status_code == 400
    assert entries() == []


def test_deactivating_and_reactivating_are_recorded(client, auth, admin):
    user = make_user("supervisor", username="chen")
    auth.post_form(f"/users/{user.id}/deactivate")
    auth.post_form(f"/users/{user.id}/reactivate")
    assert [(e.action, e.changes) for e in entries()] == [("user.deactivated", {"active": [True, False]}),
                                                         ("user.reactivated", {"active": [False, True]})]


def test_deactivating_oneself_is_refused_and_not_recorded(client, auth, admin):
    auth.post_form(f"/users/{admin.id}/deactivate")
    assert entries() == []


def test_a_password_reset_records_that_it_happened_and_never_the_password(client, auth, admin):
    user = make_user("inspector", username="li")
    response = auth.post_form(f"/users/{user.id}/password", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    entry = only("user.password_reset")
    assert entry.changes == {"password": [None, "reset"]}
    db.session.refresh(user)
    assert NEW_PASSWORD not in stored_text() and user.password_hash not in stored_text()


def test_a_refused_password_reset_records_nothing(client, auth, admin):
    user = make_user("inspector", username="li")
    response = auth.post_form(f"/users/{user.id}/password", {"password": "li", "confirm": "li"})
    assert response.status_code == 400
    assert entries() == []


def test_the_log_refuses_a_password_value(app):
    from safety.audit.operations import record_audit
    with pytest.raises(ValueError):
        record_audit(None, "user.password_reset", "user", 1, "li", {"password": [None, NEW_PASSWORD]})
    with pytest.raises(ValueError):
        record_audit(None, "user.changed", "user", 1, "li", {"password_hash": ["a", "b"]})


# --- grids ----------------------------------------------------------------------------------

def test_grids_created_renamed_and_deleted_are_recorded(client, auth, admin):
    auth.post_form("/grids/new", {"code": "EAST", "name": "东区"})
    grid_id = entries()[0].target_key
    auth.post_form(f"/grids/{grid_id}/edit", {"code": "EAST1", "name": "东片区"})
    auth.post_form(f"/grids/{grid_id}/delete")
    assert [(e.action, e.target_key, e.changes) for e in entries()] == [
        ("grid.created", grid_id, {"code": [None, "EAST"], "name": [None, "东区"]}),
        ("grid.changed", grid_id, {"code": ["EAST", "EAST1"], "name": ["东区", "东片区"]}),
        ("grid.deleted", grid_id, {"code": ["EAST1", None], "name": ["东片区", None]}),
    ]


def test_a_duplicate_grid_code_records_nothing(client, auth, admin):
    make_grid(code="EAST")
    response = auth.post_form("/grids/new", {"code": "east", "name": "东区"})
    assert response.status_code == 400
    assert entries() == []


# --- enterprises ----------------------------------------------------------------------------

def _enterprise_form(**overrides) -> dict:
    data = {"code": "", "name": "苏州精密机械有限公司", "uscc": USCC, "sector": "machinery", "supervision_class": "B",
            "grid": "G1", "contact_person": "李四", "contact_phone": "13900000000", "address": "星湖街1号",
            "status": "active"}
    data.update(overrides)
    return data


def test_registering_an_enterprise_is_recorded_with_its_code(client, auth, admin):
    make_grid(code="G1")
    response = auth.post_form("/enterprises/new", _enterprise_form(code="E00100"))
    assert response.status_code == 302
    entry = only("enterprise.created")
    assert (entry.target_kind, entry.target_key, entry.target_label) == ("enterprise", "E00100", "苏州精密机械有限公司")
    assert entry.changes["uscc"] == [None, USCC] and entry.changes["grid"] == [None, "G1"]


def test_an_invalid_enterprise_records_nothing(client, auth, admin):
    response = auth.post_form("/enterprises/new", _enterprise_form(uscc="91350100M000100Y44", grid=""))
    assert response.status_code == 400
    assert entries() == []


def test_editing_an_enterprise_records_the_changed_fields_only(client, auth, admin):
    grid = make_grid(code="G1")
    enterprise = make_enterprise(grid=grid, code="E00007", uscc=USCC, supervision_class="C")
    form = _enterprise_form(code="E00007", name=enterprise.name, supervision_class="A",
                            contact_person=enterprise.contact_person, contact_phone=enterprise.contact_phone,
                            address=enterprise.address)
    assert auth.post_form("/enterprises/E00007/edit", form).status_code == 302
    entry = only("enterprise.changed")
    assert entry.changes == {"supervision_class": ["C", "A"]}


def test_closing_an_enterprise_is_its_own_action(client, auth, admin):
    grid = make_grid(code="G1")
    enterprise = make_enterprise(grid=grid, code="E00007", uscc=USCC)
    form = _enterprise_form(code="E00007", name=enterprise.name, supervision_class="C", status="closed",
                            contact_person=enterprise.contact_person, contact_phone=enterprise.contact_phone,
                            address=enterprise.address)
    auth.post_form("/enterprises/E00007/edit", form)
    assert only("enterprise.closed").changes == {"status": ["active", "closed"]}


def test_an_import_is_one_entry_with_its_row_count(client, auth, admin):
    make_grid(code="G1")
    preview = auth.post_form("/enterprises/import", {"file": (io.BytesIO(csv_bytes([HEADINGS_ZH] + GOOD_ROWS)),
                                                              "名录.csv")}, content_type="multipart/form-data")
    assert entries() == []  # a preview changes nothing
    token = re.search(r'name="token" type="hidden" value="([0-9a-f]+)"', preview.get_data(as_text=True)).group(1)
    assert auth.post_form("/enterprises/import/confirm", {"token": token}).status_code == 302
    entry = only("enterprise.imported")
    assert (entry.target_kind, entry.target_label, entry.actor_id) == ("import", "名录.csv", admin.id)
    assert entry.changes["count"] == [None, 2]


def test_the_command_line_import_is_recorded_as_the_command_line(runner, app, tmp_path):
    make_grid(code="G1")
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([HEADINGS_ZH] + GOOD_ROWS))
    assert runner.invoke(args=["import-enterprises", str(path)]).exit_code == 0
    entry = only("enterprise.imported")
    assert entry.by_command_line and entry.changes["count"] == [None, 2]


def test_a_refused_import_records_nothing(runner, app, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([HEADINGS_ZH] + GOOD_ROWS))  # grid G1 does not exist
    assert runner.invoke(args=["import-enterprises", str(path)]).exit_code != 0
    assert entries() == []


# --- checklist templates --------------------------------------------------------------------

def test_a_new_checklist_is_recorded(client, auth, admin):
    auth.post_form("/checklists/new", {"name": "粉尘防爆检查表", "topic": "dust", "description": ""})
    entry = only("template.created")
    assert entry.changes == {"name": [None, "粉尘防爆检查表"], "topic": [None, "dust"]}
    assert entry.actor_id == admin.id


def test_editing_an_unused_version_is_an_edit_of_that_version(client, auth, admin):
    template = make_template()
    auth.post_form(f"/checklists/{template.id}/versions/1/sections", {"title": "疏散通道"})
    entry = only("template.edited")
    assert entry.target_key == str(template.id)
    assert entry.changes == {"version": [None, 1], "section_added": [None, "疏散通道"]}


def test_editing_a_used_version_records_the_new_version(client, auth, admin):
    template = make_template()
    inspector = make_user("inspector")
    make_inspection(make_enterprise(), inspector, template.latest)
    key = template.latest.sections[0].items[0].key
    response = auth.post_form(f"/checklists/{template.id}/versions/1/items/{key}/edit",
                              {"prompt": "灭火器压力正常", "guidance": "", "basis": "《中华人民共和国消防法》第十六条",
                               "kind": "pass_fail", "photo_required_on_fail": "y"})
    assert response.status_code == 302
    entry = only("template.version_created")
    assert entry.changes == {"version": [1, 2], f"{key}.prompt": ["检查项1", "灭火器压力正常"]}


# Each editor change on an unused version 1: (what to run on template t, its first section s and that section's
# first item key k, by user u) and the changes it logs.
EDITOR_CHANGES = {
    "rename_section": (lambda t, s, k, u: ops.rename_section(t, 1, s.id, "灭火器材", u),
                       {"section_title": ["第1部分", "灭火器材"]}),
    "move_section": (lambda t, s, k, u: ops.move_section(t, 1, s.id, 1, u),
                     {"section_position": ["1. 第1部分", "2. 第1部分"]}),
    "delete_section": (lambda t, s, k, u: ops.delete_section(t, 1, s.id, u), {"section_deleted": ["第1部分", None]}),
    "add_item": (lambda t, s, k, u: ops.add_item(t, 1, s.id, ops.ItemFields(prompt="疏散指示标志完好"), u),
                 {"item_added": [None, "fire-05 疏散指示标志完好"]}),
    "move_item": (lambda t, s, k, u: ops.move_item(t, 1, k, 1, u), {"item_position": ["fire-01: 1", "fire-01: 2"]}),
    "delete_item": (lambda t, s, k, u: ops.delete_item(t, 1, k, u), {"item_deleted": ["fire-01 检查项1", None]}),
}


@pytest.mark.parametrize("change", sorted(EDITOR_CHANGES))
def test_every_editor_change_is_one_entry_naming_what_changed(app, change):
    editor = make_user("admin", username="editor")
    template = make_template(sections=2, items=2)
    section = template.latest.sections[0]
    run, expected = EDITOR_CHANGES[change]
    run(template, section, section.items[0].key, editor)
    db.session.commit()
    entry = only("template.edited")
    assert entry.actor_id == editor.id
    assert entry.changes == {"version": [None, 1], **expected}


def test_moving_past_the_end_changes_nothing_and_records_nothing(app):
    template = make_template(sections=1, items=2)
    section = template.latest.sections[0]
    ops.move_section(template, 1, section.id, -1)
    ops.move_item(template, 1, section.items[1].key, 1)
    db.session.commit()
    assert entries() == []


def test_a_stale_edit_records_nothing(client, auth, admin):
    template = make_template()
    auth.post_form(f"/checklists/{template.id}/versions/7/sections", {"title": "疏散通道"})
    assert entries() == []


def test_details_deactivation_and_reactivation_are_recorded(client, auth, admin):
    template = make_template(name="消防安全检查表")
    auth.post_form(f"/checklists/{template.id}/edit", {"name": "消防检查表", "topic": "fire", "description": ""})
    auth.post_form(f"/checklists/{template.id}/deactivate")
    auth.post_form(f"/checklists/{template.id}/reactivate")
    assert [(e.action, e.changes) for e in entries()] == [
        ("template.edited", {"name": ["消防安全检查表", "消防检查表"]}),
        ("template.deactivated", {"active": [True, False]}),
        ("template.activated", {"active": [False, True]}),
    ]
    assert get_template(template.id).name == "消防检查表"


def test_installing_the_library_records_each_checklist_once(client, auth, admin):
    auth.post_form("/checklists/library")
    created = entries("template.created")
    assert len(created) == len(entries()) == 9
    assert {entry.actor_id for entry in created} == {admin.id}


# --- one transaction ------------------------------------------------------------------------

def test_a_rolled_back_change_leaves_no_entry(app):
    actor = make_user("admin", username="boss")
    user = make_user("inspector", username="li", password=DEFAULT_PASSWORD)
    db.session.commit()
    user_operations.reset_password(user, actor, NEW_PASSWORD)
    assert [entry.action for entry in db.session.new if isinstance(entry, AuditEntry)] == ["user.password_reset"]
    db.session.rollback()
    assert entries() == []


def test_a_committed_change_has_its_entry(app):
    actor = make_user("admin", username="boss")
    user = make_user("inspector", username="li")
    db.session.commit()
    user_operations.deactivate_user(user, actor)
    db.session.commit()
    assert [entry.action for entry in entries()] == ["user.deactivated"]


# --- the demo park --------------------------------------------------------------------------

def test_seeding_the_demo_logs_its_units_grids_users_and_checklists_as_the_command_line(runner, app):
    from safety.demo.data import ACCOUNTS, DISTRICT_ACCOUNTS, GRIDS, TOWN_GRIDS, UNITS
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    logged = entries()
    assert {entry.action for entry in logged} == {"unit.changed", "unit.created", "grid.created", "user.created",
                                                  "template.created", "office.changed", "enterprise.changed"}
    assert len(entries("unit.changed")) == 1  # the root renamed to the bureau
    assert len(entries("office.changed")) == 1  # the issuing office's name, address and number prefixes
    # the enterprises the demo's shutdown and closure measures suspended or closed
    assert 1 <= len(entries("enterprise.changed")) <= 3
    assert len(entries("unit.created")) == len(UNITS)
    assert len(entries("grid.created")) == len(GRIDS) + len(TOWN_GRIDS)
    assert len(entries("user.created")) == len(ACCOUNTS) + len(DISTRICT_ACCOUNTS)
    assert len(entries("template.created")) == 9
    assert all(entry.by_command_line for entry in logged)
    text = stored_text()
    assert not any(password in text for _role, _name, password, *_rest in (*ACCOUNTS, *DISTRICT_ACCOUNTS))
