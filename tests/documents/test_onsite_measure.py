"""The on-site measure (现场处理措施) a hazard carries from the phone's hazard sheet into the inspection document."""
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from safety.checklists.models import TemplateItem
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.inspections.models import Inspection
from tests.conftest import inspection_sender
from tests.factories import inspection_document, make_template

MEASURE = {"measure": "stop_equipment", "place": "二号车间冲压机", "legal_basis": "《安全生产法》第六十五条第一款第三项"}


@pytest.fixture
def version(app):
    template = make_template(items=1)
    version = template.versions[0]
    version.sections[0].items.append(TemplateItem(key="press-guard", position=1, prompt="冲压机防护装置完好",
                                                  kind="pass_fail", photo_required_on_fail=False, version=version))
    db.session.flush()
    return version


@pytest.fixture
def send(client, auth, inspector):
    return inspection_sender(client, auth, "inspector")


def measured_document(enterprise, version, measure=MEASURE, **hazard_overrides) -> dict:
    document = inspection_document(enterprise, version)
    for answer in document["answers"]:
        if answer["item_id"] == "press-guard":
            answer["result"] = "fail"
    hazard = {"uuid": str(uuid.uuid4()), "item_id": "press-guard", "description": "冲压机防护装置缺失",
              "level": "major", "mode": "deadline", "responsible_person": "王经理", "measures": "加装防护装置",
              "deadline": (date.today() + timedelta(days=30)).isoformat(), "photos": [], "rectification_photos": []}
    if measure is not None:
        hazard["onsite_measure"] = measure
    hazard.update(hazard_overrides)
    document["hazards"] = [hazard]
    return document


def test_the_measure_is_kept_on_the_hazard_and_answered_back(send, enterprise, version):
    document = measured_document(enterprise, version)
    response = send(document)
    assert response.status_code == 201, response.get_json()
    hazard = db.session.scalar(select(Hazard).where(Hazard.uuid == document["hazards"][0]["uuid"]))
    assert hazard.onsite_measure == MEASURE
    assert response.get_json()["hazards"][0]["onsite_measure"] == MEASURE


def test_a_hazard_without_a_measure_keeps_none(send, enterprise, version):
    document = measured_document(enterprise, version, measure=None)
    assert send(document).status_code == 201
    assert db.session.scalar(select(Hazard.onsite_measure)) is None


def test_a_resend_is_the_same_and_another_measure_under_the_same_uuid_is_a_conflict(send, enterprise, version):
    document = measured_document(enterprise, version)
    assert send(document).status_code == 201
    assert send(document).status_code == 200
    changed = {**document, "hazards": [{**document["hazards"][0], "onsite_measure": {**MEASURE,
                                                                                   "measure": "withdraw_people"}}]}
    response = send(changed)
    assert response.status_code == 409
    assert db.session.scalar(select(Hazard.onsite_measure)) == MEASURE


@pytest.mark.parametrize("measure, field, code", [
    ({**MEASURE, "measure": "close_everything"}, "hazards[0].onsite_measure.measure", "invalid_choice"),
    ({**MEASURE, "place": "  "}, "hazards[0].onsite_measure.place", "required"),
    ({key: value for key, value in MEASURE.items() if key != "legal_basis"},
     "hazards[0].onsite_measure.legal_basis", "required"),
    ({**MEASURE, "fine": 10000}, "hazards[0].onsite_measure", "unknown_field"),
    ("stop_equipment", "hazards[0].onsite_measure", "invalid_type"),
])
def test_a_malformed_measure_is_refused_and_nothing_stored(send, enterprise, version, measure, field, code):
    response = send(measured_document(enterprise, version, measure=measure))
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert db.session.scalar(select(func.count()).select_from(Inspection)) == 0
