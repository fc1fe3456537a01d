"""Recording, correcting, serving and lifting measures, and what they do to the enterprise's status."""
from datetime import date

import pytest
from sqlalchemy import func, select

from safety.common.errors import DomainError
from safety.extensions import db
from safety.measures.models import Measure, Referral
from safety.measures.operations import lift_measure, record_measure, serve_measure, update_measure
from safety.office.operations import get_office, update_office
from safety.measures.validation import parse_measure
from tests.measures.conftest import TODAY, measure_values


def _record(park, **values):
    return record_measure(park["users"]["chief"], park["enterprises"]["steel"],
                          parse_measure(measure_values(**values), TODAY))


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Measure))


def _codes(error: DomainError) -> dict[str, str]:
    return {one.field: one.code for one in getattr(error, "errors", [error])}


def test_a_fine_is_kept_in_yuan(park):
    measure = _record(park, fine_yuan="230,000")
    assert (measure.kind, measure.fine_yuan, measure.status) == ("fine", 230000, "decided")


@pytest.mark.parametrize("values, field, code", [
    ({"fine_yuan": ""}, "fine_yuan", "fine_amount_required"),
    ({"fine_yuan": "3.5"}, "fine_yuan", "fine_amount_invalid"),
    ({"fine_yuan": "0"}, "fine_yuan", "fine_amount_out_of_range"),
    ({"kind": "warning", "fine_yuan": "5000"}, "fine_yuan", "amount_not_for_kind"),
    ({"decision_number": "  "}, "decision_number", "decision_number_required"),
    ({"legal_basis": ""}, "legal_basis", "legal_basis_required"),
    ({"decided_on": ""}, "decided_on", "decided_on_required"),
    ({"decided_on": "1.12.2026"}, "decided_on", "decided_on_invalid"),
    ({"decided_on": "2026-12-05"}, "decided_on", "decided_on_in_future"),
    ({"served_on": "2026-11-30"}, "served_on", "served_before_decided"),
    ({"kind": "referral", "fine_yuan": "", "reply_due_on": "2026-12-31"}, "department", "department_required"),
    ({"kind": "referral", "fine_yuan": "", "department": "区市场监管局"}, "reply_due_on", "reply_due_on_required"),
    ({"kind": "referral", "fine_yuan": "", "department": "区市场监管局", "reply_due_on": "2026-11-01"},
     "reply_due_on", "reply_due_before_decided"),
    ({"kind": "shutdown", "fine_yuan": "", "department": "区公安局"}, "department", "department_not_for_kind"),
    ({"kind": "demolish"}, "kind", "kind_unknown"),
])
def test_bad_input_is_refused_at_its_field_and_nothing_is_written(park, values, field, code):
    with pytest.raises(DomainError) as refused:
        _record(park, **values)
    assert _codes(refused.value)[field] == code
    db.session.rollback()
    assert _count() == 0


def test_every_wrong_field_is_named_at_once(park):
    with pytest.raises(DomainError) as refused:
        _record(park, fine_yuan="", legal_basis="", served_on="2026-11-01")
    assert _codes(refused.value) == {"fine_yuan": "fine_amount_required", "legal_basis": "legal_basis_required",
                                     "served_on": "served_before_decided"}


def test_a_decision_number_holds_one_measure_of_each_type(park):
    _record(park, kind="warning", fine_yuan="")
    _record(park)  # the same decision: a warning and a fine (警告并处罚款)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        _record(park, fine_yuan="5000")
    assert (refused.value.code, refused.value.field, refused.value.status) == ("decision_number_taken",
                                                                               "decision_number", 409)
    assert "园应急罚〔2026〕12号" in refused.value.message
    db.session.rollback()
    assert _count() == 2


def test_a_served_shutdown_suspends_the_enterprise_and_a_closure_closes_it(park):
    steel = park["enterprises"]["steel"]
    shutdown = _record(park, kind="shutdown", fine_yuan="", decision_number="园应急停〔2026〕3号")
    assert steel.status == "active"  # decided, not yet in force
    serve_measure(shutdown, date(2026, 12, 2))
    assert (shutdown.status, steel.status) == ("in_force", "suspended")
    _record(park, kind="closure", fine_yuan="", decision_number="园政关〔2026〕1号", served_on="2026-12-03")
    assert steel.status == "closed"


def test_a_measure_is_served_once_and_not_before_its_decision(park):
    measure = _record(park)
    with pytest.raises(DomainError) as refused:
        serve_measure(measure, date(2026, 11, 30))
    assert refused.value.code == "served_before_decided" and "2026-12-01" in refused.value.message
    serve_measure(measure, date(2026, 12, 1))
    with pytest.raises(DomainError) as again:
        serve_measure(measure, date(2026, 12, 2))
    assert (again.value.code, again.value.status) == ("measure_already_served", 409)
    assert measure.served_on == date(2026, 12, 1)


def test_an_on_site_measure_is_lifted_by_hand_after_its_service(park):
    measure = _record(park, kind="stop_equipment", fine_yuan="", decision_number="园应急现决〔2026〕7号",
                      subject="3号冲压机")
    with pytest.raises(DomainError) as unserved:
        lift_measure(measure, date(2026, 12, 3), "")
    assert unserved.value.code == "lifted_before_served"
    serve_measure(measure, date(2026, 12, 2))
    with pytest.raises(DomainError) as early:
        lift_measure(measure, date(2026, 11, 30), "")
    assert early.value.code == "lifted_before_decided" and "2026-12-01" in early.value.message
    with pytest.raises(DomainError) as before_service:
        lift_measure(measure, date(2026, 12, 1), "")
    assert before_service.value.code == "lifted_before_served"
    lift_measure(measure, date(2026, 12, 3), "防护装置已加装")
    assert (measure.status, measure.lifted_on, measure.lift_note) == ("lifted", date(2026, 12, 3), "防护装置已加装")
    with pytest.raises(DomainError) as twice:
        lift_measure(measure, date(2026, 12, 4), "")
    assert twice.value.code == "measure_already_lifted"


@pytest.mark.parametrize("kind, code", [("shutdown", "shutdown_lifted_by_restart"), ("fine", "not_liftable"),
                                        ("warning", "not_liftable"), ("closure", "not_liftable")])
def test_what_is_not_lifted_by_hand(park, kind, code):
    measure = _record(park, kind=kind, fine_yuan="1000" if kind == "fine" else "", served_on="2026-12-01")
    with pytest.raises(DomainError) as refused:
        lift_measure(measure, date(2026, 12, 3), "整改完成")
    assert refused.value.code == code
    assert measure.lifted_on is None


def test_a_referral_names_its_department_and_ends_with_the_reply(park):
    measure = _record(park, kind="referral", fine_yuan="", department="区市场监督管理局", reply_due_on="2026-12-20",
                      decision_number="园应急移〔2026〕2号", served_on="2026-12-02")
    referral = db.session.get(Referral, measure.id)
    assert (referral.department, referral.reply_due_on) == ("区市场监督管理局", date(2026, 12, 20))
    with pytest.raises(DomainError) as no_reply:
        lift_measure(measure, date(2026, 12, 4), " ")
    assert (no_reply.value.code, no_reply.value.field) == ("note_required", "note")
    lift_measure(measure, date(2026, 12, 4), "已立案查处")
    assert measure.status == "lifted"


def test_an_office_without_penalty_powers_records_no_penalty_and_no_seizure(park):
    update_office(park["users"]["root"], get_office(), penalty_powers=False)
    db.session.commit()
    for kind in ("fine", "warning", "shutdown", "closure", "seizure"):
        with pytest.raises(DomainError) as refused:
            _record(park, kind=kind, fine_yuan="1000" if kind == "fine" else "", decision_number=f"D-{kind}")
        assert (refused.value.code, refused.value.field) == ("kind_switched_off", "kind")
        assert refused.value.message.startswith("本单位没有行政处罚权，不能作出“")
        db.session.rollback()
    _record(park, kind="stop_work", fine_yuan="", decision_number="D-onsite")
    _record(park, kind="referral", fine_yuan="", department="区应急管理局", reply_due_on="2026-12-31",
            decision_number="D-referral")
    assert _count() == 2


def test_a_served_measure_keeps_its_type_and_its_service(park):
    measure = _record(park, served_on="2026-12-02")
    changed = parse_measure(measure_values(kind="warning", fine_yuan="", served_on="2026-12-02"), TODAY)
    with pytest.raises(DomainError) as refused:
        update_measure(measure, changed)
    assert refused.value.code == "kind_fixed_once_served"
    with pytest.raises(DomainError) as unserved:
        update_measure(measure, parse_measure(measure_values(), TODAY))
    assert unserved.value.code == "served_on_required"
    update_measure(measure, parse_measure(measure_values(fine_yuan="50000", served_on="2026-12-02"), TODAY))
    assert measure.fine_yuan == 50000


def test_the_status_cannot_be_set_by_hand_against_a_shutdown_in_force(park):
    from safety.enterprises.operations import enterprise_snapshot, update_enterprise
    steel = park["enterprises"]["steel"]
    _record(park, kind="shutdown", fine_yuan="", served_on="2026-12-02")
    data = {**enterprise_snapshot(steel), "status": "active"}
    with pytest.raises(DomainError) as refused:
        update_enterprise(steel, data)
    assert (refused.value.code, refused.value.field) == ("status_set_by_measures", "status")
    assert "复产验收通过之前" in refused.value.message
    update_enterprise(steel, {**data, "status": "suspended", "contact_person": "李四"})
    assert steel.contact_person == "李四"
    update_enterprise(steel, {**data, "status": "closed"})  # gone out of business: further than the order
    assert steel.status == "closed"


def test_a_closure_in_force_keeps_the_enterprise_closed_by_hand_too(park):
    from safety.enterprises.operations import enterprise_snapshot, update_enterprise
    steel = park["enterprises"]["steel"]
    _record(park, kind="closure", fine_yuan="", served_on="2026-12-02")
    for status in ("active", "suspended"):
        with pytest.raises(DomainError) as refused:
            update_enterprise(steel, {**enterprise_snapshot(steel), "status": status})
        assert refused.value.code == "status_set_by_measures"
    assert steel.status == "closed"
