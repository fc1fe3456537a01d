"""The checklist pages over HTTP: list, versions, and the editor's forms with their CSRF token."""
import re

import pytest
from sqlalchemy import select

from safety.checklists.library import install_library
from safety.checklists.models import ChecklistTemplate, TemplateVersion
from safety.checklists.operations import add_section
from safety.extensions import db
from tests.factories import make_template, make_user

ROLES = ["supervisor", "admin"]


def _versions(template_id: int) -> list[TemplateVersion]:
    db.session.expire_all()
    return list(db.session.scalars(select(TemplateVersion).where(TemplateVersion.template_id == template_id)
                                   .order_by(TemplateVersion.version)))


def _sign_in(auth, role: str, locale: str = "zh_CN") -> None:
    make_user(role, username=f"{role}-{locale}", locale=locale)
    auth.login(f"{role}-{locale}")


def _editor_url(template, *parts) -> str:
    return "/".join([f"/checklists/{template.id}/versions/{template.latest.version}", *map(str, parts)])


def _field_errors(page: str) -> dict[str, str]:
    """Error messages by the id of the field they belong to."""
    errors = {}
    for block in re.findall(r'<div class="field [^"]*has-error">(.*?)</div>', page, re.S):
        field = re.search(r'id="([a-z_]+)"', block).group(1)
        errors[field] = re.search(r'<small class="error" role="alert">([^<]*)</small>', block).group(1)
    return errors


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_each_template_with_its_figures(client, auth, use_version, role, locale):
    template = make_template(items=4)
    use_version(template.latest)
    use_version(template.latest)
    add_section(template, 1, "新部分")
    make_template(name="燃气用户检查表", topic="gas", items=2)
    _sign_in(auth, role, locale)
    response = client.get("/checklists/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    row = re.search(r"<tr>\s*<td><a [^>]*>消防安全检查表</a></td>(.*?)</tr>", page, re.S).group(1)
    assert [cell.strip() for cell in re.findall(r'<td class="num">([^<]*)</td>', row)] == ["2", "4", "2"]
    assert "燃气用户检查表" in page
    if locale == "zh_CN":
        assert 'lang="zh-CN"' in page and "城镇燃气" in page
    else:
        assert 'lang="en"' in page and "Urban gas" in page and "Used by inspections" in page


def test_the_list_takes_as_many_statements_for_many_templates_as_for_one(client, auth, count_statements):
    _sign_in(auth, "admin")
    make_template(items=2)
    db.session.commit()  # stamped for phones now, not inside the count (the client commits before a request)
    with count_statements() as few:
        client.get("/checklists/")
    for n in range(6):
        make_template(name=f"检查表{n}", items=3)
    db.session.commit()
    with count_statements() as many:
        page = client.get("/checklists/").get_data(as_text=True)
    assert page.count("<tr>") == 8  # the header and seven templates
    assert len(many) == len(few)


def test_the_list_filters_by_topic_and_status(client, auth):
    make_template(items=1)
    gas = make_template(name="燃气用户检查表", topic="gas", items=1)
    gas.active = False
    _sign_in(auth, "supervisor")
    assert "燃气用户检查表" not in client.get("/checklists/?topic=fire").get_data(as_text=True)
    inactive = client.get("/checklists/?status=inactive").get_data(as_text=True)
    assert "燃气用户检查表" in inactive and "消防安全检查表" not in inactive


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_a_supervisor_reads_a_template_with_its_legal_basis_but_cannot_edit(client, auth, locale):
    [fire] = [t for t in install_library() if t.topic == "fire"]
    _sign_in(auth, "supervisor", locale)
    page = client.get(f"/checklists/{fire.id}").get_data(as_text=True)
    assert "疏散通道、安全出口是否畅通，有无堵塞、锁闭、占用" in page
    assert "《中华人民共和国消防法》第二十八条" in page
    assert "/items/fire-06/edit" not in page and "/sections\"" not in page
    refused = auth.post_form(_editor_url(fire, "sections"), {"title": "新部分"})
    assert refused.status_code == 403
    assert len(_versions(fire.id)[0].sections) == 4


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_an_admin_sees_the_editor(client, auth, locale):
    template = make_template(items=2)
    _sign_in(auth, "admin", locale)
    page = client.get(f"/checklists/{template.id}").get_data(as_text=True)
    assert f'action="/checklists/{template.id}/versions/1/sections"' in page
    assert f"/checklists/{template.id}/versions/1/items/fire-02/edit" in page
    assert 'name="csrf_token"' in page


def test_an_older_version_is_shown_read_only(client, auth, use_version):
    template = make_template(items=2)
    use_version(template.latest)
    add_section(template, 1, "新部分")
    _sign_in(auth, "admin", "en")
    page = client.get(f"/checklists/{template.id}/versions/1").get_data(as_text=True)
    assert "You are viewing version 1" in page and "新部分" not in page
    assert "/edit\"" not in page.split("<nav class=\"version-list\"")[1]
    assert client.get(f"/checklists/{template.id}/versions/2").status_code == 302
    assert client.get(f"/checklists/{template.id}/versions/7").status_code == 404


def test_adding_an_item_through_the_form_shows_it(client, auth):
    template = make_template(items=1)
    _sign_in(auth, "admin")
    url = _editor_url(template, "sections", template.latest.sections[0].id, "items", "new")
    assert client.get(url).status_code == 200
    response = auth.post_form(url, {"prompt": "安全出口是否锁闭", "guidance": "营业期间不得上锁",
                                    "basis": "《中华人民共和国消防法》第二十八条", "kind": "pass_fail",
                                    "photo_required_on_fail": "y"})
    assert response.status_code == 302
    page = client.get(f"/checklists/{template.id}").get_data(as_text=True)
    assert "安全出口是否锁闭" in page and "fire-02" in page
    [version] = _versions(template.id)
    assert version.items()[1].photo_required_on_fail is True


def test_a_form_without_its_csrf_token_is_refused(client, auth):
    template = make_template(items=1)
    _sign_in(auth, "admin")
    response = client.post(_editor_url(template, "sections"), data={"title": "新部分"})
    assert response.status_code == 400
    assert len(_versions(template.id)[0].sections) == 1


def test_the_editor_warns_that_a_used_version_will_be_copied(client, auth, use_version):
    template = make_template(items=1)
    use_version(template.latest)
    _sign_in(auth, "admin", "en")
    page = client.get(f"/checklists/{template.id}").get_data(as_text=True)
    assert "Version 1 has been used by inspections; saving creates version 2." in page
    item_page = client.get(_editor_url(template, "items", "fire-01", "edit")).get_data(as_text=True)
    assert "saving creates version 2" in item_page


def test_editing_an_item_of_a_used_version_saves_version_two(client, auth, use_version):
    template = make_template(items=2)
    use_version(template.latest)
    _sign_in(auth, "admin", "en")
    response = auth.post_form(_editor_url(template, "items", "fire-02", "edit"),
                              {"prompt": "灭火器压力表读数", "kind": "number", "basis": "GB 50444"},
                              follow_redirects=True)
    assert "Saved as version 2" in response.get_data(as_text=True)
    old, new = _versions(template.id)
    assert old.items()[1].prompt == "检查项2" and old.items()[1].kind == "pass_fail"
    assert (new.items()[1].key, new.items()[1].prompt, new.items()[1].kind) == ("fire-02", "灭火器压力表读数", "number")
    assert new.items()[1].photo_required_on_fail is False


def test_a_form_posted_from_an_outdated_page_is_refused_politely(client, auth, use_version):
    template = make_template(items=1)
    use_version(template.latest)
    _sign_in(auth, "admin", "en")
    url = _editor_url(template, "sections")
    assert auth.post_form(url, {"title": "第一次"}).status_code == 302
    response = auth.post_form(url, {"title": "第二次"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Version 1 is no longer the latest version" in response.get_data(as_text=True)
    assert [s.title for s in _versions(template.id)[1].sections] == ["第1部分", "第一次"]


@pytest.mark.parametrize("data,field", [
    ({"prompt": "", "kind": "pass_fail"}, "prompt"),
    ({"prompt": "检查项", "kind": "yes_no"}, "kind"),
])
def test_an_invalid_item_is_shown_again_with_the_message_at_its_field(client, auth, data, field):
    template = make_template(items=1)
    _sign_in(auth, "admin", "en")
    response = auth.post_form(_editor_url(template, "sections", template.latest.sections[0].id, "items", "new"), data)
    assert response.status_code == 400
    errors = _field_errors(response.get_data(as_text=True))
    assert list(errors) == [field]
    assert errors[field] in ("Write what the inspector is to check.", "Choose one of the answer kinds.")
    assert len(_versions(template.id)[0].items()) == 1


def test_sections_and_items_move_and_delete_through_their_buttons(client, auth):
    template = make_template(items=2, sections=2)
    first, second = (s.id for s in template.latest.sections)
    _sign_in(auth, "admin")
    auth.post_form(_editor_url(template, "items", "fire-02", "move"), {"direction": "up"})
    auth.post_form(_editor_url(template, "sections", second, "move"), {"direction": "up"})
    auth.post_form(_editor_url(template, "sections", first, "rename"), {"title": "消防设施"})
    auth.post_form(_editor_url(template, "items", "fire-04", "delete"))
    [version] = _versions(template.id)
    assert [s.title for s in version.sections] == ["第2部分", "消防设施"]
    assert [i.key for i in version.items()] == ["fire-03", "fire-02", "fire-01"]
    auth.post_form(_editor_url(template, "sections", second, "delete"))
    assert [s.title for s in _versions(template.id)[0].sections] == ["消防设施"]


def test_an_admin_creates_a_template_and_edits_its_details(client, auth):
    _sign_in(auth, "admin", "en")
    assert client.get("/checklists/new").status_code == 200
    response = auth.post_form("/checklists/new", {"name": "节前消防检查表", "topic": "fire", "description": "春节前"})
    template = db.session.scalar(select(ChecklistTemplate).where(ChecklistTemplate.name == "节前消防检查表"))
    assert response.headers["Location"].endswith(f"/checklists/{template.id}")
    refused = auth.post_form("/checklists/new", {"name": "", "topic": "weather"})
    assert refused.status_code == 400 and set(_field_errors(refused.get_data(as_text=True))) == {"name", "topic"}
    auth.post_form(f"/checklists/{template.id}/edit", {"name": "节前消防专项检查表", "topic": "fire", "description": ""})
    db.session.expire_all()
    assert template.name == "节前消防专项检查表" and template.description == ""


def test_an_admin_deactivates_and_reactivates_a_template(client, auth):
    template = make_template(items=1)
    _sign_in(auth, "admin", "en")
    auth.post_form(f"/checklists/{template.id}/deactivate")
    db.session.expire_all()
    assert template.active is False
    assert "phones do not offer it" in client.get(f"/checklists/{template.id}").get_data(as_text=True)
    auth.post_form(f"/checklists/{template.id}/reactivate")
    db.session.expire_all()
    assert template.active is True


def test_an_admin_installs_the_standard_library_from_the_list(client, auth):
    _sign_in(auth, "admin", "en")
    assert "9 standard checklists are not installed yet" in client.get("/checklists/").get_data(as_text=True)
    auth.post_form("/checklists/library")
    page = client.get("/checklists/").get_data(as_text=True)
    assert "not installed yet" not in page and "有限空间作业安全检查表" in page
