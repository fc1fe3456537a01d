"""Referrals (移送) and reports upward (上报): sent with hazards and evidence, answered in the tool by the
receiver, overdue ones on the dashboard; every bad input refused with its reason and nothing half-made."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from safety.common.errors import Conflict, DomainError, Forbidden
from safety.extensions import db
from safety.hazards.models import HazardEvent
from safety.referrals.models import RoutedReferral
from safety.referrals.operations import answer_referral, send_referral
from safety.referrals.vocabulary import OVERDUE, REPLIED, REPORT_UP, TAKEN_OVER
from safety.auth.scope import can_see_enterprise
from safety.units.tree import get_department, get_root
from tests.factories import make_enterprise, make_grid, make_hazard, make_photo, make_unit, make_user

TODAY = date.today()


@pytest.fixture
def world(app):
    town = make_unit("JB", "江北镇")
    grid = make_grid("JB-1", unit=town)
    firm = make_enterprise(grid=grid, name="江北建材有限公司")
    hazards = [make_hazard(firm), make_hazard(firm, level="major")]
    housing = get_department("housing")
    chief = make_user("supervisor", username="chief")
    town_chief = make_user("supervisor", username="town", unit=town)
    clerk = make_user("supervisor", username="clerk", department=housing)
    return {"town": town, "firm": firm, "hazards": hazards, "housing": housing, "chief": chief,
            "town_chief": town_chief, "clerk": clerk}


def _refer(world, **overrides):
    values = dict(actor=world["chief"], enterprise=world["firm"], hazard_ids=[h.id for h in world["hazards"]],
                  reply_due_on=TODAY + timedelta(days=10), note="涉及违法建设", department_key="housing")
    values.update(overrides)
    return send_referral(values.pop("actor"), values.pop("enterprise"), values.pop("hazard_ids"),
                         values.pop("reply_due_on"), **values)


def test_a_referral_carries_its_hazards_and_marks_them_escalated(world):
    referral = _refer(world)
    assert referral.receiver_name == "住建" and [h.id for h in referral.hazards] == [h.id for h in world["hazards"]]
    assert all(hazard.escalated for hazard in world["hazards"])
    notes = db.session.scalars(select(HazardEvent.note).where(HazardEvent.type == "escalated")).all()
    assert len(notes) == 2 and all("住建" in note for note in notes)


def test_the_department_sees_the_enterprise_answers_and_the_hazards_hear_of_it(world):
    referral = _refer(world)
    assert can_see_enterprise(world["clerk"], world["firm"])
    assert not can_see_enterprise(world["clerk"], make_enterprise(grid=make_grid()))
    answer_referral(world["clerk"], referral, "已立案查处，责令拆除")
    assert referral.status(TODAY) == REPLIED and referral.replied_by_id == world["clerk"].id
    comments = db.session.scalars(select(HazardEvent.note).where(HazardEvent.type == "comment")).all()
    assert len(comments) == 2 and all("已立案查处" in note for note in comments)


def test_only_the_receiver_answers_and_only_once(world):
    referral = _refer(world)
    for other in (world["chief"], world["town_chief"]):
        with pytest.raises(Forbidden):
            answer_referral(other, referral, "不是我")
    answer_referral(world["clerk"], referral, "已处理")
    with pytest.raises(Conflict):
        answer_referral(world["clerk"], referral, "再答一次")
    assert referral.reply == "已处理"


def test_a_referral_past_its_date_unanswered_is_overdue(world):
    referral = _refer(world)
    assert referral.status(TODAY + timedelta(days=11)) == OVERDUE


def test_a_town_reports_upward_and_the_bureau_takes_it_over(world):
    report = _refer(world, actor=world["town_chief"], department_key="", kind=REPORT_UP)
    assert report.to_unit_id == get_root().id and report.from_unit_id == world["town"].id
    with pytest.raises(DomainError):
        answer_referral(world["town_chief"], report, "自己答")  # the sender is not the receiver
    answer_referral(world["chief"], report, "区局接管，立案调查", take_over=True)
    assert report.status(TODAY) == TAKEN_OVER


def test_a_department_with_nobody_to_answer_is_refused_by_name_and_nothing_is_sent(world):
    with pytest.raises(DomainError) as refused:
        _refer(world, department_key="fire")
    assert refused.value.code == "no_receiver" and "消防" in refused.value.message
    assert db.session.scalar(select(func.count()).select_from(RoutedReferral)) == 0
    assert not any(hazard.escalated for hazard in world["hazards"])


@pytest.mark.parametrize("overrides,code", [
    ({"hazard_ids": []}, "hazards_required"),
    ({"reply_due_on": TODAY}, "reply_due_on"),
    ({"reply_due_on": None}, "reply_due_on"),
    ({"department_key": "", "unit_code": ""}, "receiver_required"),
    ({"unit_code": "JB"}, "two_receivers"),
])
def test_bad_input_is_refused_with_its_reason(world, overrides, code):
    with pytest.raises(DomainError) as refused:
        _refer(world, **overrides)
    assert refused.value.code == code


def test_hazards_of_another_enterprise_or_struck_off_are_refused(world):
    other = make_hazard(make_enterprise(grid=make_grid()))
    with pytest.raises(DomainError) as elsewhere:
        _refer(world, hazard_ids=[other.id])
    assert elsewhere.value.code == "hazard_elsewhere"
    closed = make_hazard(world["firm"], status="closed")
    with pytest.raises(DomainError) as struck_off:
        _refer(world, hazard_ids=[closed.id])
    assert struck_off.value.code == "hazard_closed"


def test_the_bureau_cannot_report_upward(world):
    with pytest.raises(DomainError) as refused:
        _refer(world, department_key="", kind=REPORT_UP)
    assert refused.value.code == "no_unit_above"


def test_the_round_trip_through_the_pages(world, client, auth):
    photo = make_photo(world["chief"], hazard_id=world["hazards"][0].id, purpose="hazard")
    auth.login("chief")
    sent = auth.post_form(f"/enterprises/{world['firm'].code}/refer", {
        "hazards": [str(h.id) for h in world["hazards"]], "receiver": "department:housing",
        "reply_due_on": (TODAY + timedelta(days=7)).isoformat(), "note": "请依法查处"})
    assert sent.status_code == 302, sent.get_data(as_text=True)
    referral = db.session.scalar(select(RoutedReferral))
    auth.login("clerk")
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "请依法查处" in page and photo.uuid in page and world["hazards"][0].number in page
    answered = auth.post_form(f"/referrals/{referral.id}", {"reply": "已责令停工整改"})
    assert answered.status_code == 302
    auth.login("chief")
    assert "已责令停工整改" in client.get(f"/referrals/{referral.id}").get_data(as_text=True)


def test_a_referral_to_nobody_is_shown_at_the_receiver_field(world, client, auth):
    auth.login("chief")
    refused = auth.post_form(f"/enterprises/{world['firm'].code}/refer", {
        "hazards": [str(world["hazards"][0].id)], "receiver": "department:fire",
        "reply_due_on": (TODAY + timedelta(days=7)).isoformat(), "note": ""})
    assert refused.status_code == 400 and "消防" in refused.get_data(as_text=True)


def test_overdue_referrals_show_on_the_dashboard(world, client, auth):
    referral = _refer(world)
    referral.reply_due_on = TODAY - timedelta(days=1)
    auth.login("chief")
    page = client.get("/reports/?period=month").get_data(as_text=True)
    assert f'data-referral="{referral.id}"' in page
    answer_referral(world["clerk"], referral, "已处理")
    assert f'data-referral="{referral.id}"' not in client.get("/reports/?period=month").get_data(as_text=True)


def test_someone_else_cannot_read_a_referral(world, client, auth):
    referral = _refer(world)
    park = make_unit("KFQ", "经开区", kind="park")
    make_user("supervisor", username="park", unit=park)
    auth.login("park")
    assert client.get(f"/referrals/{referral.id}").status_code == 403


def _referral_decision(world, served=True):
    from safety.measures.operations import record_measure
    from safety.measures.validation import MeasureInput
    return record_measure(world["chief"], world["firm"], MeasureInput(
        kind="referral", decision_number="滨应急移〔2026〕3号", legal_basis="《安全生产法》第六十五条",
        decided_on=TODAY - timedelta(days=2), served_on=TODAY - timedelta(days=1) if served else None,
        department="区住建局", reply_due_on=TODAY + timedelta(days=10)))


def test_the_answer_is_the_reply_of_the_referral_decision_it_sends(world):
    measure = _referral_decision(world)
    referral = _refer(world, measure_id=measure.id)
    answer_referral(world["clerk"], referral, "已立案，责令整改")
    from safety.common.office_time import office_today
    assert measure.lifted_on == office_today() and measure.lift_note == "已立案，责令整改"


def test_a_measure_that_is_not_a_pending_referral_decision_is_refused(world):
    from safety.measures.operations import record_measure
    from safety.measures.validation import MeasureInput
    warning = record_measure(world["chief"], world["firm"], MeasureInput(
        kind="warning", decision_number="滨应急罚〔2026〕1号", legal_basis="《安全生产法》",
        decided_on=TODAY - timedelta(days=2)))
    with pytest.raises(DomainError) as refused:
        _refer(world, measure_id=warning.id)
    assert refused.value.code == "measure_not_a_referral"
    assert db.session.scalar(select(func.count()).select_from(RoutedReferral)) == 0
