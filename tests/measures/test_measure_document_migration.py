"""Migration 0029 links a measure to the decision that numbered it, on a database holding measures: those keep
their numbers and their uniqueness per type; measures of the phone's hazards may share a decision's number."""
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from safety import create_app
from safety.extensions import db
from tests.conftest import base_config
from tests.factories import make_enterprise, make_grid

MEASURE = {"kind": "fine", "legal_basis": "《安全生产法》第一百零一条", "subject": "", "lift_note": "",
           "decided_on": "2026-12-01", "created_at": "2026-12-01 02:00:00", "updated_at": "2026-12-01 02:00:00"}


def _measure(enterprise_id, number, **values):
    db.session.execute(text(
        "INSERT INTO enforcement_measures (enterprise_id, kind, decision_number, legal_basis, subject, lift_note, "
        "decided_on, created_at, updated_at, hazard_id) VALUES (:enterprise_id, :kind, :decision_number, "
        ":legal_basis, :subject, :lift_note, :decided_on, :created_at, :updated_at, :hazard_id)"),
        {**MEASURE, "enterprise_id": enterprise_id, "decision_number": number, "hazard_id": None, **values})


def _hazard(enterprise_id, n):
    db.session.execute(text(
        "INSERT INTO hazards (uuid, number, enterprise_id, description, level, mode, responsible_person, measures, "
        "status, found_at, created_at, sync_rev) VALUES (:uuid, :number, :e, '冲压机防护缺失', 'major', 'deadline', "
        "'', '', 'open', '2026-12-01 02:00:00', '2026-12-01 02:00:00', 0)"),
        {"uuid": f"00000000-0000-4000-9000-00000000000{n}", "number": f"YH-2026-00000{n}", "e": enterprise_id})
    return db.session.execute(text("SELECT id FROM hazards WHERE number = :n"), {"n": f"YH-2026-00000{n}"}).scalar()


def test_measures_keep_their_numbers_and_the_phones_may_share_a_decision(tmp_path):
    app = create_app(base_config("sqlite:///" + str(tmp_path / "old.sqlite"), tmp_path))
    with app.app_context():
        upgrade(revision="0028")
        enterprise_id = make_enterprise(grid=make_grid(), code="E00042").id
        _measure(enterprise_id, "园应急罚〔2026〕12号")
        db.session.commit()
        upgrade(revision="0029")
        assert "document_id" in {c["name"] for c in inspect(db.engine).get_columns("enforcement_measures")}
        assert db.session.execute(text("SELECT decision_number, document_id FROM enforcement_measures")).all() == [
            ("园应急罚〔2026〕12号", None)]
        with pytest.raises(IntegrityError):  # by hand: still one fine per decision
            _measure(enterprise_id, "园应急罚〔2026〕12号")
        db.session.rollback()
        first, second = _hazard(enterprise_id, 1), _hazard(enterprise_id, 2)
        for hazard_id in (first, second):  # one decision stopping two machines
            _measure(enterprise_id, "园应急〔2026〕第001号", kind="stop_equipment", hazard_id=hazard_id)
        db.session.commit()
        assert db.session.execute(text("SELECT count(*) FROM enforcement_measures")).scalar() == 3
        db.session.execute(text("DELETE FROM enforcement_measures WHERE hazard_id = :id"), {"id": second})
        db.session.commit()
        db.session.remove()
        downgrade(revision="0028")
        assert "document_id" not in {c["name"] for c in inspect(db.engine).get_columns("enforcement_measures")}
        assert db.session.execute(text("SELECT count(*) FROM enforcement_measures")).scalar() == 2
        db.session.remove()
        db.engine.dispose()
