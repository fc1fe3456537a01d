"""A number item's limits and an item's finding: checked when an editor sets them, kept across versions,
sent to phones, and given by the standard library (limits where its guidance states them)."""
import pytest
from sqlalchemy import select

from safety.checklists.library import LIBRARY, install_library
from safety.checklists.models import TemplateItem
from safety.checklists.operations import ItemFields, add_item, clean_item_fields, update_item
from safety.checklists.serialize import template_version_json
from safety.common.errors import DomainError
from safety.extensions import db
from tests.checklists.test_pages import _editor_url, _field_errors, _sign_in, _versions
from tests.factories import make_template


def _number(**overrides) -> ItemFields:
    return ItemFields(**{"prompt": "可燃气体检测报警器读数", "kind": "number", **overrides})


# The messages in the default locale, zh_CN (the editor test below reads them in English).
@pytest.mark.parametrize("fields,code,field,message", [
    (_number(min_value="30", max_value="25"), "limits_order", "min_value",
     "下限 30 高于上限 25。"),
    (_number(min_value="二十"), "invalid_limit", "min_value", "下限必须是数字，如 25 或 0.5。"),
    (_number(max_value="25%"), "invalid_limit", "max_value", "上限必须是数字，如 25 或 0.5。"),
    (_number(max_value="inf"), "invalid_limit", "max_value", "上限必须是数字，如 25 或 0.5。"),
    (_number(max_value=True), "invalid_limit", "max_value", "上限必须是数字，如 25 或 0.5。"),
    (_number(kind="pass_fail", max_value=25), "limits_not_for_kind", "max_value",
     "只有数值类检查项才有限值和单位：请清空，或把答案类型改为“数值”。"),
    (_number(kind="text", unit="mA"), "limits_not_for_kind", "unit",
     "只有数值类检查项才有限值和单位：请清空，或把答案类型改为“数值”。"),
    (_number(unit="x" * 21), "unit_too_long", "unit", "单位最多 20 个字符。"),
])
def test_bad_limits_are_refused_with_a_message_naming_the_field(app, fields, code, field, message):
    with pytest.raises(DomainError) as refused:
        clean_item_fields(fields)
    assert (refused.value.code, refused.value.field, refused.value.message) == (code, field, message)


def test_limits_are_cleaned_to_numbers_and_either_may_be_left_out(app):
    cleaned = clean_item_fields(_number(min_value=" 19.5 ", max_value="", unit=" %VOL ", finding=" 氧含量不足 "))
    assert (cleaned.min_value, cleaned.max_value, cleaned.unit, cleaned.finding) == (19.5, None, "%VOL", "氧含量不足")
    same = clean_item_fields(_number(min_value=25, max_value=25))
    assert (same.min_value, same.max_value) == (25.0, 25.0)


def test_limits_and_finding_reach_the_phone_and_survive_a_new_version(app, use_version):
    template = make_template(items=1)
    add_item(template, 1, template.latest.sections[0].id, _number(max_value="25", unit="%LEL",
                                                                  finding="可燃气体浓度超过25%LEL"))
    use_version(template.latest)
    update_item(template, 1, "fire-01", ItemFields(prompt="检查项1", finding="消防设施缺失"))
    db.session.commit()
    old, new = _versions(template.id)
    items = [item for section in template_version_json(new)["sections"] for item in section["items"]]
    assert [(i["id"], i["kind"], i["min"], i["max"], i["unit"], i["finding"]) for i in items] == [
        ("fire-01", "pass_fail", None, None, "", "消防设施缺失"),
        ("fire-02", "number", None, 25.0, "%LEL", "可燃气体浓度超过25%LEL"),
    ]
    assert [item.finding for item in old.items()] == ["", "可燃气体浓度超过25%LEL"]


def test_the_editor_shows_a_bad_limit_at_its_field_and_saves_good_ones(client, auth):
    template = make_template(items=1)
    _sign_in(auth, "admin", "en")
    url = _editor_url(template, "sections", template.latest.sections[0].id, "items", "new")
    data = {"prompt": "氧含量检测值", "kind": "number", "min_value": "23.5", "max_value": "19.5", "unit": "%VOL"}
    response = auth.post_form(url, data)
    assert response.status_code == 400
    assert _field_errors(response.get_data(as_text=True)) == {
        "min_value": "The lower limit 23.5 is above the upper limit 19.5."}
    response = auth.post_form(url, {**data, "min_value": "19.5", "max_value": "23.5", "finding": "氧含量不合格"})
    assert response.status_code == 302
    item = _versions(template.id)[0].items()[1]
    assert (item.min_value, item.max_value, item.unit, item.finding) == (19.5, 23.5, "%VOL", "氧含量不合格")
    page = client.get(f"/checklists/{template.id}").get_data(as_text=True)
    assert "Passes at 19.5–23.5 %VOL" in page and "氧含量不合格" in page
    form = client.get(_editor_url(template, "items", item.key, "edit")).get_data(as_text=True)
    assert 'value="19.5"' in form and 'value="23.5"' in form


def _library_items():
    return {item["key"]: item for template in LIBRARY for section in template["sections"]
            for item in section["items"]}


def test_every_library_item_passes_the_editors_checks(app):
    for item in _library_items().values():
        fields = ItemFields(**{name: item.get(name) for name in ("prompt", "guidance", "basis", "kind",
                                                                 "photo_required_on_fail", "min_value",
                                                                 "max_value", "unit", "finding")})
        clean_item_fields(fields)


def test_the_library_sets_limits_where_its_guidance_states_them(app):
    items = _library_items()
    limits = {key: (item.get("min_value"), item.get("max_value"), item.get("unit"))
              for key, item in items.items() if item["kind"] == "number"}
    assert limits["hazardous-chemicals-11"] == (None, 25, "%LEL")  # 一级报警设定值不应高于25%LEL
    assert limits["confined-space-08"] == (19.5, 23.5, "%VOL")  # 缺氧 / 富氧
    assert limits["confined-space-09"] == (None, 10, "%LEL")  # 低于爆炸下限的10%
    assert limits["construction-13"] == (None, 30, "mA")  # 不应大于30mA
    assert limits["gas-06"] == (None, 0, "%LEL")  # 有读数说明存在泄漏
    # Counts and readings judged against something the checklist cannot know carry a unit only.
    assert limits["hazardous-chemicals-09"] == (None, None, "kg 或 L")
    assert all(unit for _low, _high, unit in limits.values())


def test_installed_library_items_keep_their_limits(app):
    install_library()
    db.session.commit()
    item = db.session.scalar(select(TemplateItem).where(TemplateItem.key == "hazardous-chemicals-11"))
    assert (item.min_value, item.max_value, item.unit) == (None, 25.0, "%LEL")


def test_every_library_item_that_can_fail_words_its_finding(app):
    items = _library_items()
    assert [key for key, item in items.items() if item["kind"] == "pass_fail" and not item["finding"]] == []
    assert items["hazardous-chemicals-06"]["finding"].startswith("危险化学品未储存在专用仓库")
    # Findings state what was found, never the question.
    assert [key for key, item in items.items() if "是否" in item["finding"]] == []
