"""A 现场处理措施决定书 decides the on-site measures of the hazards it names: each measure carries the document's
number as its decision number and links to it, shown on the hazard page and in the measures ledger."""
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from safety.common.errors import Conflict
from safety.documents.operations import issue_document
from safety.documents.sources import DocumentRequest
from safety.extensions import db
from safety.measures.models import Measure
from safety.measures.operations import record_measure
from safety.measures.validation import parse_measure
from tests.factories import make_hazard
from tests.measures.conftest import TODAY, measure_values

ORDERED = {"measure": "stop_equipment", "place": "3号冲压机", "legal_basis": "《安全生产法》第六十五条"}


def _decide(park, *hazards, corrects=None):
    document, _created = issue_document(park["users"]["chief"], DocumentRequest(
        "onsite_measures", hazard_uuids=tuple(hazard.uuid for hazard in hazards), corrects=corrects))
    db.session.commit()
    return document


@pytest.fixture
def ordered(park):
    return make_hazard(park["enterprises"]["steel"], onsite_measure=ORDERED)


def test_the_decision_records_the_measure_under_its_own_number(client, auth, park, ordered):
    document = _decide(park, ordered)
    measure = db.session.scalar(select(Measure))
    assert (measure.hazard_id, measure.document_id, measure.decision_number) == (ordered.id, document.id,
                                                                                 document.reference)
    assert (measure.kind, measure.subject, measure.legal_basis) == ("stop_equipment", "3号冲压机",
                                                                    "《安全生产法》第六十五条")
    # issued in the office: decided that day, in force once the office records its service
    assert (measure.status, measure.served_on) == ("decided", None)
    auth.login("chief")
    hazard_page = client.get(f"/hazards/{ordered.uuid}").get_data(as_text=True)
    link = re.search(r'<dd class="decision-number">\s*<a class="decision-document" href="([^"]+)">([^<]+)</a>',
                     hazard_page)
    assert link and link.groups() == (f"/documents/{document.id}", document.reference)
    ledger = client.get("/measures/").get_data(as_text=True)
    assert f'<a class="decision-document" href="/documents/{document.id}"' in ledger and document.reference in ledger
    # on the register now: no longer offered to record by hand
    assert f'data-hazard="{ordered.uuid}"' not in client.get("/measures/enterprise/E10001").get_data(as_text=True)


def test_one_decision_may_stop_two_machines(park, ordered):
    second = make_hazard(park["enterprises"]["steel"], onsite_measure={**ORDERED, "place": "5号冲压机"})
    document = _decide(park, ordered, second)
    measures = db.session.scalars(select(Measure).order_by(Measure.hazard_id)).all()
    assert [(m.hazard_id, m.decision_number, m.subject) for m in measures] == [
        (ordered.id, document.reference, "3号冲压机"), (second.id, document.reference, "5号冲压机")]
    # typed by hand, a decision number still names one measure of a type
    record_measure(None, park["enterprises"]["steel"], parse_measure(measure_values(), TODAY))
    with pytest.raises(Conflict) as refused:
        record_measure(None, park["enterprises"]["steel"], parse_measure(measure_values(), TODAY))
    assert refused.value.code == "decision_number_taken"


def test_a_measure_recorded_by_hand_first_takes_the_decisions_number(park, ordered):
    record_measure(None, park["enterprises"]["steel"], parse_measure(measure_values(
        kind="stop_equipment", fine_yuan="", decision_number="手填〔2026〕8号", served_on="2026-12-02"), TODAY),
        hazard=ordered)
    db.session.commit()
    document = _decide(park, ordered)
    [measure] = db.session.scalars(select(Measure)).all()
    assert (measure.decision_number, measure.document_id, measure.served_on) == (document.reference, document.id,
                                                                                date(2026, 12, 2))


def test_a_corrected_decision_renumbers_its_measures(park, ordered):
    first = _decide(park, ordered)
    correction = _decide(park, ordered, corrects=first.id)
    assert correction.reference != first.reference
    [measure] = db.session.scalars(select(Measure)).all()
    assert (measure.decision_number, measure.document_id) == (correction.reference, correction.id)
    assert db.session.scalar(select(func.count()).select_from(Measure)) == 1
