"""The measures pages: who may open them, scope by grid, recording through the form, serving, lifting, the list's
filters and its workbook, and the office's switch."""
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from safety.extensions import db
from safety.measures.models import Measure
from safety.measures.operations import record_measure, serve_measure
from safety.measures.validation import parse_measure
from tests.measures.conftest import TODAY, measure_values


@pytest.fixture
def measures(park):
    """A fine against the steelworks (north), a shutdown order against the chemical plant (south), served."""
    chief = park["users"]["chief"]
    fine = record_measure(chief, park["enterprises"]["steel"], parse_measure(measure_values(), TODAY))
    shutdown = record_measure(chief, park["enterprises"]["chem"], parse_measure(measure_values(
        kind="shutdown", fine_yuan="", decision_number="园应急停〔2026〕3号", served_on="2026-12-02"), TODAY))
    return {"fine": fine, "shutdown": shutdown}


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Measure))


def _rows(page: str) -> list[str]:
    return re.findall(r'class="measure-row" data-measure="(\d+)"', page)


@pytest.mark.parametrize("username, status", [("north", 200), ("chief", 200), ("root", 200), ("owner", 403)])
def test_who_reads_the_list(client, auth, measures, username, status):
    auth.login(username)
    assert client.get("/measures/").status_code == status


@pytest.mark.parametrize("username, shown", [("north", {"fine"}), ("south", {"shutdown"}),
                                             ("northchief", {"fine"}), ("chief", {"fine", "shutdown"}),
                                             ("root", {"fine", "shutdown"})])
def test_each_sees_the_measures_of_their_scope(client, auth, measures, username, shown):
    auth.login(username)
    page = client.get("/measures/").get_data(as_text=True)
    assert set(_rows(page)) == {str(measures[name].id) for name in shown}


@pytest.mark.parametrize("username, status", [("north", 403), ("northchief", 403), ("south", 200), ("chief", 200)])
def test_a_measure_outside_the_scope_is_refused(client, auth, measures, username, status):
    auth.login(username)
    assert client.get(f"/measures/{measures['shutdown'].id}").status_code == status


@pytest.mark.parametrize("username, status", [("north", 403), ("owner", 403), ("northchief", 403), ("chief", 200),
                                              ("root", 200)])
def test_who_records_a_measure_against_the_chemical_plant(client, auth, park, username, status):
    auth.login(username)
    assert client.get("/measures/enterprise/E20001/new").status_code == status


def test_recording_through_the_form(client, auth, park):
    auth.login("northchief")
    response = auth.post_form("/measures/enterprise/E10001/new", measure_values(fine_yuan="230000"))
    assert response.status_code == 302
    measure = db.session.scalar(select(Measure))
    assert (measure.kind, measure.fine_yuan, measure.enterprise.code) == ("fine", 230000, "E10001")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "23 × 10,000 yuan (230,000 yuan)" in page


def test_an_out_of_scope_enterprise_is_refused_and_nothing_written(client, auth, park):
    auth.login("northchief")
    response = auth.post_form("/measures/enterprise/E20001/new", measure_values())
    assert response.status_code == 403
    assert "E20001 is not in your area of responsibility" in response.get_data(as_text=True)
    assert _count() == 0


def test_bad_input_is_shown_at_every_field_and_nothing_written(client, auth, park):
    auth.login("chief")
    response = auth.post_form("/measures/enterprise/E10001/new",
                              measure_values(fine_yuan="", decided_on="2026-12-01", served_on="2026-11-28"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "A fine needs its amount in yuan." in page
    assert "A measure cannot be served before it was decided (2026-12-01)." in page
    assert _count() == 0


def test_serving_and_lifting_from_the_measure_page(client, auth, park):
    auth.login("chief")
    auth.post_form("/measures/enterprise/E10001/new", measure_values(
        kind="stop_work", fine_yuan="", decision_number="园应急现决〔2026〕7号", subject="喷漆车间"))
    measure = db.session.scalar(select(Measure))
    early = auth.post_form(f"/measures/{measure.id}/serve", {"served_on": "2026-11-30"})
    assert early.status_code == 400 and "cannot be served before it was decided" in early.get_data(as_text=True)
    assert auth.post_form(f"/measures/{measure.id}/serve", {"served_on": "2026-12-02"}).status_code == 302
    before = auth.post_form(f"/measures/{measure.id}/lift", {"lifted_on": "2026-11-29", "note": ""})
    assert before.status_code == 400
    assert "A measure cannot be lifted before it was decided (2026-12-01)." in before.get_data(as_text=True)
    assert auth.post_form(f"/measures/{measure.id}/lift", {"lifted_on": "2026-12-03", "note": "已整改"}).status_code == 302
    db.session.refresh(measure)
    assert (measure.status, measure.lift_note) == ("lifted", "已整改")


def test_a_shutdown_has_no_lift_button(client, auth, measures):
    auth.login("chief")
    response = auth.post_form(f"/measures/{measures['shutdown'].id}/lift", {"lifted_on": "2026-12-03", "note": ""})
    assert response.status_code == 400
    assert "restart inspection" in response.get_data(as_text=True)
    page = client.get(f"/measures/{measures['shutdown'].id}").get_data(as_text=True)
    assert 'class="card lift-form"' not in page


def test_the_list_filters_by_type_group_status_and_dates(client, auth, measures):
    auth.login("chief")
    fine, shutdown = str(measures["fine"].id), str(measures["shutdown"].id)
    assert _rows(client.get("/measures/?kind=fine").get_data(as_text=True)) == [fine]
    assert _rows(client.get("/measures/?kind=penalty").get_data(as_text=True)) == [shutdown, fine]
    assert _rows(client.get("/measures/?status=in_force").get_data(as_text=True)) == [shutdown]
    assert _rows(client.get("/measures/?status=decided").get_data(as_text=True)) == [fine]
    assert _rows(client.get("/measures/?decided_from=2026-12-02").get_data(as_text=True)) == []
    bad = client.get("/measures/?decided_from=yesterday")
    assert bad.status_code == 400 and "Enter the date as YYYY-MM-DD" in bad.get_data(as_text=True)


def test_the_workbook_lists_the_filtered_measures(client, auth, measures):
    auth.login("chief")
    response = client.get("/measures/export.xlsx?kind=fine")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[0][:6] == ("Enterprise code", "Enterprise", "Sector", "Group", "Type of measure", "Decision number")
    assert len(rows) == 2
    assert rows[1][0] == "E10001" and rows[1][4] == "Fine" and rows[1][8] == 30000
    assert rows[1][9].date().isoformat() == "2026-12-01"


def test_the_switch_takes_the_penalty_types_off_the_form(client, auth, park):
    auth.login("chief")
    assert client.get("/office/").status_code == 403
    auth.login("root")
    page = client.get("/office/").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*name="penalty_powers"|<input[^>]*name="penalty_powers"[^>]*checked', page)
    assert auth.post_form("/office/", {"full_name": "某园区管委会"}).status_code == 302  # unticked: no powers
    form = client.get("/measures/enterprise/E10001/new").get_data(as_text=True)
    offered = re.findall(r'<option[^>]*value="(\w+)"', form.split('name="kind"')[1].split("</select>")[0])
    assert offered == ["stop_equipment", "stop_work", "withdraw_people", "referral"]
    response = auth.post_form("/measures/enterprise/E10001/new", measure_values())
    assert response.status_code == 400
    assert ('This office has no penalty powers, so it cannot decide a measure of the type "Fine"'
            in response.get_data(as_text=True).replace("&#34;", '"').replace("&quot;", '"'))
    assert _count() == 0
    assert auth.post_form("/office/", {"full_name": "某园区管委会", "penalty_powers": "y"}).status_code == 302
    assert auth.post_form("/measures/enterprise/E10001/new", measure_values()).status_code == 302


def test_the_old_address_of_the_switch_leads_to_the_office_page(client, auth, park):
    auth.login("root")
    moved = client.get("/measures/settings")
    assert (moved.status_code, moved.headers["Location"]) == (301, "/office/")
    posted = auth.post_form("/measures/settings", {"penalty_powers": "y"})
    assert (posted.status_code, posted.headers["Location"]) == (303, "/office/")
    auth.login("chief")
    assert client.get("/measures/settings").status_code == 403


def test_correcting_a_served_measure_keeps_its_type(client, auth, measures):
    auth.login("chief")
    shutdown = measures["shutdown"]
    form = client.get(f"/measures/{shutdown.id}/edit").get_data(as_text=True)
    assert 'value="园应急停〔2026〕3号"' in form
    refused = auth.post_form(f"/measures/{shutdown.id}/edit", measure_values(
        kind="closure", fine_yuan="", decision_number="园应急停〔2026〕3号", served_on="2026-12-02"))
    assert refused.status_code == 400
    assert "its type can no longer be changed" in refused.get_data(as_text=True)
    saved = auth.post_form(f"/measures/{shutdown.id}/edit", measure_values(
        kind="shutdown", fine_yuan="", decision_number="园应急停〔2026〕3号", served_on="2026-12-02",
        legal_basis="《安全生产法》第一百一十三条"))
    assert saved.status_code == 302
    db.session.refresh(shutdown)
    assert (shutdown.kind, shutdown.legal_basis) == ("shutdown", "《安全生产法》第一百一十三条")


def test_referrals_past_their_reply_date_are_found(client, auth, park):
    chief = park["users"]["chief"]
    late = record_measure(chief, park["enterprises"]["steel"], parse_measure(measure_values(
        kind="referral", fine_yuan="", department="区公安分局", reply_due_on="2026-12-02",
        decision_number="园应急移〔2026〕1号", served_on="2026-12-01"), TODAY))
    record_measure(chief, park["enterprises"]["chem"], parse_measure(measure_values(
        kind="referral", fine_yuan="", department="区住建局", reply_due_on="2099-12-31",
        decision_number="园应急移〔2026〕2号", served_on="2026-12-01"), TODAY))
    auth.login("chief")
    page = client.get("/measures/?reply_overdue=1").get_data(as_text=True)
    assert _rows(page) == [str(late.id)]
    assert "Reply overdue" in page


def test_the_enterprise_page_links_to_its_measures(client, auth, measures):
    auth.login("north")
    detail = client.get("/enterprises/E10001").get_data(as_text=True)
    assert '/measures/enterprise/E10001"' in detail
    page = client.get("/measures/enterprise/E10001").get_data(as_text=True)
    assert _rows(page) == [str(measures["fine"].id)]
    assert "Record a measure" not in page  # an inspector reads; the office records
    assert client.get("/measures/enterprise/E20001").status_code == 403
