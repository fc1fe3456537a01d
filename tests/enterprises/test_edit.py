"""Creating and editing enterprises: the admin's form and the operations behind it."""
import re

import pytest
from sqlalchemy import func, select

from safety.common.errors import Conflict, DomainError
from safety.enterprises.models import Enterprise
from safety.enterprises.operations import create_enterprise, next_free_codes, update_enterprise
from safety.extensions import db
from tests.factories import make_enterprise, make_grid, make_user

VALID = {"name": "苏州精密机械有限公司", "uscc": "91350100M000100Y43", "sector": "machinery",
         "supervision_class": "B", "grid": "G7", "contact_person": "李四", "contact_phone": "0512-6688 1234",
         "address": "工业园区星湖街1号", "status": "active"}


@pytest.fixture
def admin(app, auth, english):
    make_grid(code="G7", name="第七网格")
    make_user("admin", username="root", locale="en")
    auth.login("root")


def enterprise_count() -> int:
    return db.session.scalar(select(func.count(Enterprise.id)))


def errors_of(response) -> list[str]:
    return re.findall(r'<small class="error" role="alert">([^<]*)</small>', response.get_data(as_text=True))


def test_admin_creates_an_enterprise_with_a_generated_code(client, auth, admin):
    response = auth.post_form("/enterprises/new", {**VALID, "uscc": "9135 0100 m000 100y43"})
    assert response.status_code == 302
    enterprise = db.session.scalar(select(Enterprise))
    assert re.fullmatch(r"E\d{5}", enterprise.code)
    assert response.headers["Location"].endswith(f"/enterprises/{enterprise.code}")
    assert enterprise.uscc == "91350100M000100Y43"
    assert enterprise.grid.code == "G7" and enterprise.supervision_class == "B"
    assert enterprise.contact_phone == "0512-6688 1234"


def test_generated_codes_follow_the_highest_in_use(app, admin):
    make_enterprise(code="E00041")
    make_enterprise(code="EAST-1")
    assert create_enterprise(VALID).code == "E00042"


def test_generated_code_that_loses_a_race_is_retried(app, admin, monkeypatch):
    # Another admin's row holds E00001 but is not seen by the look-up (as if committed a moment later):
    # the unique constraint refuses it and the next number is taken.
    make_enterprise(code="E00001")
    monkeypatch.setattr("safety.enterprises.queries.highest_generated_code_number", lambda: 0)
    assert create_enterprise(VALID).code == "E00002"


def test_duplicate_code_caught_by_the_constraint_is_reported_at_the_field(app, admin, monkeypatch):
    make_enterprise(code="E00500", name="先到企业")
    # The friendly look-up misses it (a concurrent insert): the unique constraint still refuses.
    monkeypatch.setattr("safety.enterprises.operations._refuse_taken", lambda **kwargs: None)
    with pytest.raises(Conflict) as caught:
        create_enterprise({**VALID, "code": "E00500"})
    assert caught.value.field == "code" and "先到企业" in caught.value.message
    assert enterprise_count() == 1


def test_duplicate_uscc_caught_by_the_constraint_is_reported_at_the_field(app, admin, monkeypatch):
    make_enterprise(uscc=VALID["uscc"])
    monkeypatch.setattr("safety.enterprises.operations._refuse_taken", lambda **kwargs: None)
    with pytest.raises(Conflict) as caught:
        create_enterprise(VALID)
    assert caught.value.field == "uscc"
    assert enterprise_count() == 1


def test_session_stays_usable_after_a_refused_insert(app, admin, monkeypatch):
    make_enterprise(code="E00500")
    monkeypatch.setattr("safety.enterprises.operations._refuse_taken", lambda **kwargs: None)
    with pytest.raises(Conflict):
        create_enterprise({**VALID, "code": "E00500"})
    assert create_enterprise({**VALID, "code": "E00501"}).code == "E00501"
    db.session.commit()
    assert enterprise_count() == 2


def test_explicit_code_is_upper_cased(client, auth, admin):
    auth.post_form("/enterprises/new", {**VALID, "code": "sz-0001"})
    assert db.session.scalar(select(Enterprise.code)) == "SZ-0001"


@pytest.mark.parametrize("field,value,message", [
    ("name", "", "The enterprise name is required."),
    ("uscc", "91350100M000100Y4", "has 18 characters; this one has 17"),
    ("uscc", "91350100M000100Y44", "check character is 4 but should be 3"),
    ("uscc", "91350100M000100O43", "Character 16"),
    ("contact_phone", "call me", "is not a phone number"),
    ("contact_phone", "123", "is not a phone number"),
    ("code", "E 0001/2", "may only contain letters, digits and hyphens"),
    ("grid", "G404", "Not a valid choice"),
])
def test_invalid_field_is_refused_with_a_message_at_the_field(client, auth, admin, field, value, message):
    response = auth.post_form("/enterprises/new", {**VALID, field: value})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    field_html = page[page.index(f'id="{field}"') - 400:page.index(f'id="{field}"') + 1200]
    assert message in field_html
    assert enterprise_count() == 0


def test_several_invalid_fields_are_all_reported(client, auth, admin):
    response = auth.post_form("/enterprises/new", {**VALID, "uscc": "91350100M000100Y44", "contact_phone": "x",
                                                   "code": "E/1"})
    assert len(errors_of(response)) == 3


def test_duplicate_code_is_refused_at_the_field(client, auth, admin):
    make_enterprise(code="E00007", name="老字号企业")
    response = auth.post_form("/enterprises/new", {**VALID, "code": "e00007"})
    assert response.status_code == 400
    assert any("E00007" in e and "老字号企业" in e for e in errors_of(response))
    assert enterprise_count() == 1


def test_duplicate_uscc_is_refused_at_the_field(client, auth, admin):
    make_enterprise(code="E00008", name="老字号企业", uscc=VALID["uscc"])
    response = auth.post_form("/enterprises/new", VALID)
    assert response.status_code == 400
    assert any("already registered" in e and "E00008" in e for e in errors_of(response))
    assert enterprise_count() == 1


def test_edit_form_is_filled_and_has_no_code_field(client, auth, admin):
    enterprise = make_enterprise(code="E00009", name="旧名称", grid=make_grid(code="G8"))
    page = client.get(f"/enterprises/{enterprise.code}/edit").get_data(as_text=True)
    assert 'value="旧名称"' in page and 'name="code"' not in page
    assert re.search(r'<option selected value="G8">|<option value="G8" selected>', page)


def test_admin_edits_an_enterprise(client, auth, admin):
    enterprise = make_enterprise(code="E00009")
    response = auth.post_form(f"/enterprises/{enterprise.code}/edit",
                              {**VALID, "name": "新名称有限公司", "status": "suspended", "grid": ""})
    assert response.status_code == 302
    db.session.refresh(enterprise)
    assert enterprise.name == "新名称有限公司" and enterprise.status == "suspended" and enterprise.grid is None
    assert enterprise.code == "E00009"


def test_a_posted_code_does_not_change_the_code(client, auth, admin):
    enterprise = make_enterprise(code="E00009")
    auth.post_form(f"/enterprises/{enterprise.code}/edit", {**VALID, "code": "E12345"})
    db.session.refresh(enterprise)
    assert enterprise.code == "E00009"


def test_update_refuses_a_changed_code(app, admin):
    enterprise = make_enterprise(code="E00009")
    with pytest.raises(DomainError) as caught:
        update_enterprise(enterprise, {**VALID, "code": "E00010"})
    assert caught.value.code == "code_immutable"


def test_edit_to_a_uscc_of_another_enterprise_is_refused(client, auth, admin):
    make_enterprise(code="E00001", uscc=VALID["uscc"])
    other = make_enterprise(code="E00002")
    before = other.uscc
    response = auth.post_form("/enterprises/E00002/edit", VALID)
    assert response.status_code == 400
    assert any("E00001" in e for e in errors_of(response))
    db.session.refresh(other)
    assert other.uscc == before


def test_update_conflict_from_the_constraint_leaves_the_row_unchanged(app, admin, monkeypatch):
    make_enterprise(code="E00001", uscc=VALID["uscc"])
    other = make_enterprise(code="E00002", name="原名")
    monkeypatch.setattr("safety.enterprises.operations._refuse_taken", lambda **kwargs: None)
    with pytest.raises(Conflict) as caught:
        update_enterprise(other, {**VALID, "name": "改名"})
    assert caught.value.field == "uscc"
    assert other.name == "原名"


@pytest.mark.parametrize("role", ["inspector", "supervisor"])
def test_only_admins_create_and_edit(client, auth, role):
    grid = make_grid()
    make_enterprise(code="E00001", grid=grid)
    make_user(role, username="someone", grids=[grid])
    auth.login("someone")
    assert client.get("/enterprises/new").status_code == 403
    assert auth.post_form("/enterprises/E00001/edit", VALID).status_code == 403


def test_next_free_codes_skip_codes_already_in_a_file(app):
    make_enterprise(code="E00003")
    assert next_free_codes(3, taken={"E00005"}) == ["E00004", "E00006", "E00007"]
