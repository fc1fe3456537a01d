"""On-site measures ordered on the phone's hazard sheet reach the enterprise's measures page, to be recorded on
the register with the number of their decision, once each."""
import pytest
from sqlalchemy import func, select

from safety.extensions import db
from safety.measures.models import Measure
from tests.factories import make_hazard
from tests.measures.conftest import measure_values

ORDERED = {"measure": "stop_equipment", "place": "3号冲压机", "legal_basis": "《安全生产法》第六十五条"}


@pytest.fixture
def ordered(park):
    return make_hazard(park["enterprises"]["steel"], onsite_measure=ORDERED)


def test_the_phones_measure_is_offered_then_recorded_once(client, auth, park, ordered):
    make_hazard(park["enterprises"]["steel"])  # a hazard without an on-site measure is not offered
    auth.login("chief")
    page = client.get("/measures/enterprise/E10001").get_data(as_text=True)
    assert page.count('data-hazard="') == 1 and f'data-hazard="{ordered.uuid}"' in page
    form = client.get(f"/measures/enterprise/E10001/new?hazard={ordered.uuid}").get_data(as_text=True)
    assert 'value="3号冲压机"' in form and "《安全生产法》第六十五条" in form
    values = measure_values(kind="stop_equipment", fine_yuan="", decision_number="园应急现决〔2026〕8号",
                            subject="3号冲压机", served_on="2026-12-01", hazard=ordered.uuid)
    assert auth.post_form("/measures/enterprise/E10001/new", values).status_code == 302
    measure = db.session.scalar(select(Measure))
    assert (measure.hazard_id, measure.kind, measure.status) == (ordered.id, "stop_equipment", "in_force")
    assert 'data-hazard="' not in client.get("/measures/enterprise/E10001").get_data(as_text=True)
    again = auth.post_form("/measures/enterprise/E10001/new", {**values, "decision_number": "园应急现决〔2026〕9号"})
    assert again.status_code == 400
    assert "has been recorded already" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Measure)) == 1


def test_the_phones_measure_is_recorded_as_an_on_site_measure(client, auth, park, ordered):
    auth.login("chief")
    response = auth.post_form("/measures/enterprise/E10001/new", measure_values(hazard=ordered.uuid))
    assert response.status_code == 400
    assert "choose one of those types" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Measure)) == 0


def test_a_hazard_of_another_enterprise_is_not_found(client, auth, park, ordered):
    auth.login("chief")
    assert client.get(f"/measures/enterprise/E20001/new?hazard={ordered.uuid}").status_code == 404
