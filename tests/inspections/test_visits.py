"""Several checklists in one visit: one inspection per checklist, grouped by a visit UUID the phone makes."""
import uuid

from sqlalchemy import func, select

from safety.extensions import db
from safety.inspections.models import Inspection
from tests.factories import inspection_document, make_enterprise, make_template, make_user


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Inspection))


def test_the_checklists_of_one_visit_are_stored_with_their_visit(client, auth, send, enterprise, version):
    chemicals = make_template(name="危险化学品安全检查表", topic="hazardous_chemicals", items=2).versions[0]
    visit = str(uuid.uuid4())
    fire = inspection_document(enterprise, version, visit_uuid=visit)
    chem = inspection_document(enterprise, chemicals, visit_uuid=visit)
    assert send(fire).status_code == 201 and send(chem).status_code == 201
    assert send(chem).get_json()["duplicate"] is True
    stored = client.get(f"/api/v1/inspections/{chem['uuid']}", headers=auth.headers()).get_json()
    assert (stored["template_id"], stored["visit_uuid"]) == (chemicals.template_id, visit)
    assert sorted(db.session.scalars(select(Inspection.uuid).where(Inspection.visit_uuid == visit))) == sorted(
        [fire["uuid"], chem["uuid"]])


def test_a_visit_is_at_one_enterprise(send, grid, enterprise, version):
    neighbour = make_enterprise(grid=grid, code="E0002", name="华东化工有限公司")
    visit = str(uuid.uuid4())
    assert send(inspection_document(enterprise, version, visit_uuid=visit)).status_code == 201
    response = send(inspection_document(neighbour, version, visit_uuid=visit))
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("visit_at_another_enterprise", "visit_uuid")
    assert error["message"] == f"走访 {visit} 属于企业 E0001，企业 E0002 的检查不能加入。"
    assert _count() == 1


def test_a_malformed_visit_is_400(send, enterprise, version):
    response = send(inspection_document(enterprise, version, visit_uuid="visit-1"))
    assert response.status_code == 400
    assert (response.get_json()["error"]["code"], response.get_json()["error"]["field"]) == (
        "invalid_uuid", "visit_uuid")


def test_the_review_page_shows_the_visit_s_other_checklists(client, auth, send, enterprise, version):
    chemicals = make_template(name="危险化学品安全检查表", topic="hazardous_chemicals", items=2).versions[0]
    visit = str(uuid.uuid4())
    fire = inspection_document(enterprise, version, visit_uuid=visit)
    chem = inspection_document(enterprise, chemicals, visit_uuid=visit)
    alone = inspection_document(enterprise, version)
    for document in (fire, chem, alone):
        assert send(document).status_code == 201
    make_user("supervisor", username="chief")
    db.session.commit()
    auth.login("chief")
    page = client.get(f"/review/{fire['uuid']}").get_data(as_text=True)
    assert 'class="card visit"' in page
    assert f'href="/review/{chem["uuid"]}"' in page and "危险化学品安全检查表" in page
    assert f'/review/{alone["uuid"]}' not in page
    assert 'class="card visit"' not in client.get(f"/review/{alone['uuid']}").get_data(as_text=True)
