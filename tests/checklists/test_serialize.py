"""Template versions in the pull contract's shape, loaded in a constant number of statements."""
from safety.checklists.models import ChecklistTemplate
from safety.checklists.operations import (ItemFields, add_section, move_item, set_template_active, update_item,
                                          update_template_details)
from safety.checklists.serialize import (latest_versions, load_versions_with_content, template_version_json,
                                         versions_json)
from safety.checklists.topics import SECTOR_TOPICS, TOPICS
from safety.enterprises.sectors import sector_labels
from safety.extensions import db
from safety.sync.queries import list_latest_versions
from tests.factories import make_template

TEMPLATE_FIELDS = {"id", "version", "name", "topic", "sectors", "sections"}
SECTION_FIELDS = {"title", "items"}
# The contract's fields, and the limits and finding added to them.
ITEM_FIELDS = {"id", "prompt", "guidance", "basis", "kind", "photo_required_on_fail", "min", "max", "unit", "finding"}


def _fresh(version_ids):
    db.session.commit()
    db.session.expunge_all()
    return load_versions_with_content(version_ids)


def test_a_version_has_exactly_the_contract_s_fields(app):
    template = make_template(items=2, sections=2)
    update_item(template, 1, "fire-02", ItemFields(prompt="灭火器压力表读数", guidance="指针在绿区", basis="GB 50444",
                                                    kind="number", photo_required_on_fail=False, unit="MPa"))
    template_id, version_id = template.id, template.latest.id
    [version] = _fresh([version_id])
    body = template_version_json(version)
    assert set(body) == TEMPLATE_FIELDS
    assert (body["id"], body["version"], body["name"], body["topic"]) == (template_id, 1, "消防安全检查表", "fire")
    assert [set(section) for section in body["sections"]] == [SECTION_FIELDS, SECTION_FIELDS]
    assert all(set(item) == ITEM_FIELDS for section in body["sections"] for item in section["items"])
    assert body["sections"][0]["items"][1] == {
        "id": "fire-02", "prompt": "灭火器压力表读数", "guidance": "指针在绿区", "basis": "GB 50444",
        "kind": "number", "photo_required_on_fail": False, "min": None, "max": None, "unit": "MPa", "finding": ""}


def test_sections_and_items_come_in_their_order(app):
    template = make_template(items=3, sections=2)
    move_item(template, 1, "fire-03", -1)
    add_section(template, 1, "补充检查")
    [version] = _fresh([template.latest.id])
    body = template_version_json(version)
    assert [s["title"] for s in body["sections"]] == ["第1部分", "第2部分", "补充检查"]
    assert [i["id"] for i in body["sections"][0]["items"]] == ["fire-01", "fire-03", "fire-02"]


def _serialize_all(count_statements, version_ids):
    db.session.commit()
    db.session.expunge_all()
    with count_statements() as statements:
        bodies = [template_version_json(v) for v in load_versions_with_content(version_ids)]
    return bodies, len(statements)


def test_serializing_many_versions_takes_as_many_statements_as_one(app, count_statements):
    ids = [make_template(name=f"检查表{n}", items=5, sections=3).latest.id for n in range(12)]
    one, statements_for_one = _serialize_all(count_statements, ids[:1])
    many, statements_for_many = _serialize_all(count_statements, ids)
    assert len(one) == 1 and len(many) == 12
    assert sum(len(s["items"]) for body in many for s in body["sections"]) == 12 * 15
    assert statements_for_many == statements_for_one <= 3


def test_latest_versions_are_those_of_active_templates(app, use_version, count_statements):
    fire = make_template(items=1)
    use_version(fire.latest)
    add_section(fire, 1, "新部分")
    gas_id = make_template(name="燃气检查表", topic="gas", items=1).id
    retired = make_template(name="旧检查表", items=1)
    set_template_active(retired, False)
    db.session.commit()
    db.session.expunge_all()
    with count_statements() as statements:
        offered = [(body["name"], body["version"]) for body in map(template_version_json, latest_versions())]
    assert sorted(offered) == [("消防安全检查表", 2), ("燃气检查表", 1)]
    assert len(statements) <= 3
    assert {v.template.name for v in latest_versions(include_inactive=True)} == {
        "消防安全检查表", "燃气检查表", "旧检查表"}
    assert gas_id in {v.template_id for v in latest_versions()}


def test_unknown_ids_are_left_out(app):
    version_id = make_template(items=1).latest.id
    assert [v.id for v in _fresh([version_id, 999999])] == [version_id]
    assert load_versions_with_content([]) == []


def test_every_default_sector_but_mines_has_a_suggested_checklist_topic(app):
    # No checklist topic fits a non-coal mine yet: its inspections start without a suggestion.
    assert set(SECTOR_TOPICS) == set(sector_labels()) - {"non_coal_mines"}
    assert set(SECTOR_TOPICS.values()) <= set(TOPICS)


def test_a_version_names_the_sectors_it_is_suggested_for(app):
    special = make_template(name="特种设备检查表", topic="special_equipment", items=1)
    chemicals = make_template(name="危化品检查表", topic="hazardous_chemicals", items=1)
    electrical = make_template(name="用电检查表", topic="electrical", items=1)
    bodies = {body["topic"]: body for body in map(template_version_json,
                                                   _fresh([special.latest.id, chemicals.latest.id, electrical.latest.id]))}
    # A machinery workshop is offered the special-equipment checklist, not the hazardous-chemicals one.
    assert bodies["special_equipment"]["sectors"] == ["machinery", "metallurgy"]
    assert bodies["hazardous_chemicals"]["sectors"] == ["chemicals", "fireworks"]
    assert bodies["electrical"]["sectors"] == []


def _pulled(count_statements, template_id):
    """The template's latest version as a pull answers it (kept or read), and how many statements that took."""
    db.session.commit()
    db.session.expunge_all()
    rows = [(version_id, sync_rev) for version_id, of_template, _active, sync_rev in list_latest_versions(None)
            if of_template == template_id]
    with count_statements() as statements:
        [body] = versions_json(rows)
    return body, len(statements)


def test_a_pulled_version_is_kept_until_it_changes(app, count_statements):
    template_id = make_template(items=2).id
    first, statements = _pulled(count_statements, template_id)
    assert statements == 3 and first["sections"][0]["items"][1]["prompt"] == "检查项2"
    again, statements = _pulled(count_statements, template_id)
    assert (again, statements) == (first, 0)
    # Edited in place (no inspection used it) and renamed: each change is read again, not the kept answer.
    update_item(db.session.get(ChecklistTemplate, template_id), 1, "fire-02",
                ItemFields(prompt="疏散通道畅通", kind="pass_fail"))
    edited, statements = _pulled(count_statements, template_id)
    assert (edited["version"], edited["sections"][0]["items"][1]["prompt"], statements) == (1, "疏散通道畅通", 3)
    update_template_details(db.session.get(ChecklistTemplate, template_id), "消防检查表（2027版）", "fire", "")
    renamed, _statements = _pulled(count_statements, template_id)
    assert (renamed["name"], renamed["sections"][0]["items"][1]["prompt"]) == ("消防检查表（2027版）", "疏散通道畅通")
