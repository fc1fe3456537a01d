"""The versioning rule: unused versions change in place, used ones are copied to N+1 first."""
import pytest
from sqlalchemy import func, insert, select

from safety.checklists.models import ChecklistTemplate, TemplateItem, TemplateVersion
from safety.checklists.operations import (
    ItemFields, add_item, add_section, create_template, delete_item, delete_section, move_item, move_section,
    rename_section, set_template_active, update_item, update_template_details)
from safety.checklists.serialize import template_version_json
from safety.common.errors import Conflict, DomainError
from safety.extensions import db
from tests.factories import make_template, make_user


def _versions(template) -> list[TemplateVersion]:
    db.session.expire_all()
    return list(db.session.scalars(select(TemplateVersion).where(TemplateVersion.template_id == template.id)
                                   .order_by(TemplateVersion.version)))


def _keys(version) -> list[str]:
    return [item.key for item in version.items()]


def test_a_new_template_has_an_empty_version_one(app):
    admin = make_user("admin")
    template = create_template("叉车专项检查表", "special_equipment", "厂内叉车", created_by=admin)
    assert [(v.version, v.sections, v.created_by_id) for v in _versions(template)] == [(1, [], admin.id)]
    assert template.active is True


def test_an_unused_version_is_edited_in_place(app):
    template = make_template(items=2)
    changed = add_section(template, 1, "疏散设施")
    versions = _versions(template)
    assert changed.version == 1 and len(versions) == 1
    assert [s.title for s in versions[0].sections] == ["第1部分", "疏散设施"]


def test_editing_a_used_version_creates_the_next_version_with_the_same_keys(app, use_version):
    template = make_template(items=3)
    use_version(template.latest)
    section_id = template.latest.sections[0].id
    changed = add_item(template, 1, section_id, ItemFields(prompt="安全出口是否畅通"))
    old, new = _versions(template)
    assert changed.version == 2 and new.version == 2
    assert _keys(new)[:3] == _keys(old) == ["fire-01", "fire-02", "fire-03"]
    assert _keys(new)[3] == "fire-04" and new.items()[3].prompt == "安全出口是否畅通"


def test_the_used_version_is_left_exactly_as_it_was(app, use_version):
    template = make_template(items=3)
    use_version(template.latest)
    db.session.commit()
    before = template_version_json(template.latest)
    rev_before = template.latest.sync_rev
    update_item(template, 1, "fire-02", ItemFields(prompt="改写后的检查项", kind="text"))
    db.session.commit()
    old, new = _versions(template)
    assert template_version_json(old) == before and old.sync_rev == rev_before
    assert new.items()[1].prompt == "改写后的检查项" and new.items()[1].key == "fire-02"


def test_every_change_of_a_version_is_a_change_for_phones(app):
    template = make_template(items=2)
    db.session.commit()
    rev_before = template.latest.sync_rev
    update_item(template, 1, "fire-01", ItemFields(prompt="只改了检查项", basis="GB 55037"))
    db.session.commit()
    version = _versions(template)[0]
    assert version.sync_rev > rev_before
    assert version.items()[0].basis == "GB 55037"


def test_a_page_showing_an_older_version_cannot_edit(app, use_version):
    template = make_template(items=1)
    use_version(template.latest)
    add_section(template, 1, "新部分")
    with pytest.raises(Conflict) as refused:
        add_section(template, 1, "又一个部分")
    assert refused.value.code == "stale_version"
    assert len(_versions(template)) == 2


def test_two_editors_creating_the_same_next_version_get_a_conflict_not_an_error(app, use_version):
    template = make_template(items=2)
    use_version(template.latest)
    db.session.commit()
    template = db.session.get(ChecklistTemplate, template.id)
    assert [v.version for v in template.versions] == [1]  # this editor has read the versions
    # Meanwhile another editor's request commits version 2.
    with db.engine.begin() as other:
        other.execute(insert(TemplateVersion.__table__).values(template_id=template.id, version=2))
    with pytest.raises(Conflict) as refused:
        add_section(template, 1, "新部分")
    assert refused.value.code == "concurrent_edit"
    count = db.session.scalar(select(func.count()).select_from(TemplateVersion)
                              .where(TemplateVersion.template_id == template.id, TemplateVersion.version == 2))
    assert count == 1
    assert _versions(template)[1].sections == []  # the other editor's version, not ours


def test_a_key_deleted_in_a_newer_version_is_not_given_to_another_item(app, use_version):
    template = make_template(items=3)
    use_version(template.latest)
    delete_item(template, 1, "fire-03")
    add_item(template, 2, _versions(template)[1].sections[0].id, ItemFields(prompt="新增检查项"))
    old, new = _versions(template)
    assert _keys(old) == ["fire-01", "fire-02", "fire-03"]
    assert _keys(new) == ["fire-01", "fire-02", "fire-04"]


def test_new_keys_follow_the_topic(app):
    template = make_template(name="燃气检查", topic="confined_space", items=0)
    template.topic = "flood_lightning"
    add_item(template, 1, template.latest.sections[0].id, ItemFields(prompt="排水沟是否畅通"))
    assert _keys(_versions(template)[0]) == ["flood-lightning-01"]


def test_moving_an_item_swaps_it_with_its_neighbour(app):
    template = make_template(items=3)
    move_item(template, 1, "fire-03", -1)
    version = _versions(template)[0]
    assert _keys(version) == ["fire-01", "fire-03", "fire-02"]
    assert [item.position for item in version.items()] == [0, 1, 2]


def test_moving_the_first_item_up_changes_nothing(app):
    template = make_template(items=2)
    db.session.commit()
    rev_before = template.latest.sync_rev
    move_item(template, 1, "fire-01", -1)
    db.session.commit()
    version = _versions(template)[0]
    assert _keys(version) == ["fire-01", "fire-02"] and version.sync_rev == rev_before


def test_sections_move_rename_and_delete_with_their_items(app):
    template = make_template(items=2, sections=3)
    first, second, third = (s.id for s in template.latest.sections)
    move_section(template, 1, third, -1)
    rename_section(template, 1, first, "消防安全管理")
    delete_section(template, 1, second)
    version = _versions(template)[0]
    assert [s.title for s in version.sections] == ["消防安全管理", "第3部分"]
    assert [s.position for s in version.sections] == [0, 1]
    assert _keys(version) == ["fire-01", "fire-02", "fire-05", "fire-06"]
    assert db.session.scalar(select(func.count()).select_from(TemplateItem)) == 4


def test_moving_a_section_of_a_used_version_moves_it_in_the_copy(app, use_version):
    template = make_template(items=1, sections=2)
    use_version(template.latest)
    move_section(template, 1, template.latest.sections[1].id, -1)
    old, new = _versions(template)
    assert [s.title for s in old.sections] == ["第1部分", "第2部分"]
    assert [s.title for s in new.sections] == ["第2部分", "第1部分"]


def test_an_item_edit_keeps_its_key_and_sets_every_field(app):
    template = make_template(items=1)
    update_item(template, 1, "fire-01", ItemFields(prompt=" 灭火器压力表读数 ", guidance="指针应在绿区",
                                                    basis="GB 50444", kind="number", photo_required_on_fail=False))
    item = _versions(template)[0].items()[0]
    assert (item.key, item.prompt, item.guidance, item.basis, item.kind, item.photo_required_on_fail) == (
        "fire-01", "灭火器压力表读数", "指针应在绿区", "GB 50444", "number", False)


@pytest.mark.parametrize("fields,field", [
    (ItemFields(prompt="   "), "prompt"),
    (ItemFields(prompt="检查项", kind="yes_no"), "kind"),
])
def test_invalid_item_fields_are_refused_at_their_field(app, fields, field):
    template = make_template(items=1)
    with pytest.raises(DomainError) as refused:
        add_item(template, 1, template.latest.sections[0].id, fields)
    assert refused.value.field == field
    assert _keys(_versions(template)[0]) == ["fire-01"]


def test_an_empty_section_title_is_refused(app):
    template = make_template(items=1)
    with pytest.raises(DomainError) as refused:
        add_section(template, 1, "  ")
    assert refused.value.field == "title"


def test_deactivating_marks_every_version_changed(app, use_version):
    template = make_template(items=1)
    use_version(template.latest)
    add_section(template, 1, "新部分")
    db.session.commit()
    revisions = [v.sync_rev for v in _versions(template)]
    set_template_active(template, False)
    db.session.commit()
    after = _versions(template)
    assert template.active is False
    assert all(v.sync_rev > old for v, old in zip(after, revisions))


def test_details_are_the_template_s_and_make_no_new_version(app, use_version):
    template = make_template(items=1)
    use_version(template.latest)
    update_template_details(template, "消防专项检查表（2025版）", "fire", "春节前专项检查")
    assert len(_versions(template)) == 1
    assert (template.name, template.description) == ("消防专项检查表（2025版）", "春节前专项检查")


def test_an_unknown_topic_is_refused(app):
    with pytest.raises(DomainError) as refused:
        create_template("检查表", "weather")
    assert refused.value.field == "topic"
