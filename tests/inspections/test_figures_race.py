"""The report's daily figures when phones sync and a supervisor changes a hazard of the same enterprise and day at
the same moment: new records add their counts to the day's row, a changed record has the row counted again, and
neither may lose the other's (nor deadlock), against a real threaded server."""
import uuid
from datetime import date, timedelta
from functools import partial

from sqlalchemy import select

from safety.extensions import db
from safety.reports.rollup import COUNT_NAMES, DailyFigures, count_days
from tests.factories import inspection_document, make_user
from tests.livehttp import HttpSession, live_server
from tests.races import at_once


def _with_hazards(document: dict, count: int) -> dict:
    document["hazards"] = [
        {"uuid": str(uuid.uuid4()), "item_id": None, "description": f"隐患{n}", "level": "general",
         "mode": "deadline", "responsible_person": "王经理", "measures": "清理",
         "deadline": (date.today() + timedelta(days=3)).isoformat(), "photos": [], "rectification_photos": []}
        for n in range(count)]
    return document


def _escalation() -> dict:
    from datetime import datetime, timezone
    at = datetime.now(timezone(timedelta(hours=8))).replace(microsecond=0) - timedelta(minutes=1)
    return {"uuid": str(uuid.uuid4()), "type": "escalated", "at": at.isoformat(), "note": "移送执法大队",
            "photos": [], "new_deadline": None}


def _kept() -> dict:
    db.session.expire_all()
    return {(row.enterprise_id, row.day): {name: getattr(row, name) for name in COUNT_NAMES}
            for row in db.session.scalars(select(DailyFigures))}


def test_syncs_and_a_hazard_change_of_one_day_at_once_keep_the_figures_equal_to_the_records(app, enterprise,
                                                                                            version, inspector):
    phones, rounds = 3, 4
    for n in range(1, phones):
        make_user("inspector", username=f"inspector{n}", grids=[enterprise.grid])
    make_user("supervisor", username="chief", grids=[enterprise.grid])
    seeded = _with_hazards(inspection_document(enterprise, version), rounds)
    documents = [[_with_hazards(inspection_document(enterprise, version), 1 + n % 2) for n in range(phones)]
                 for _round in range(rounds)]
    db.session.commit()
    with live_server(app) as port:
        sessions = [HttpSession(port) for _ in range(phones)]
        for n, session in enumerate(sessions):
            session.login("inspector" if n == 0 else f"inspector{n}")
        chief = HttpSession(port)
        chief.login("chief")
        status, _body = sessions[0].send_json("POST", "/api/v1/inspections", seeded)
        assert status == 201
        for batch, hazard in zip(documents, seeded["hazards"]):
            calls = [partial(session.send_json, "POST", "/api/v1/inspections", document)
                     for session, document in zip(sessions, batch)]
            calls.append(partial(chief.send_json, "POST", f"/api/v1/hazards/{hazard['uuid']}/events", _escalation()))
            answers = at_once(*calls)
            assert [status for status, _body in answers] == [201] * (phones + 1), answers
    kept = _kept()
    counted = count_days(db.session.connection(), None, min(day for _e, day in kept), max(day for _e, day in kept))
    assert kept == {key: {name: row[name] for name in COUNT_NAMES} for key, row in counted.items()}
    totals = {name: sum(row[name] for row in kept.values()) for name in ("inspections", "hazards_found", "escalated")}
    assert (totals["inspections"], totals["hazards_found"], totals["escalated"]) == (
        1 + phones * rounds, rounds + sum(1 + n % 2 for n in range(phones)) * rounds, rounds)
