"""The demo park's measures: recorded through the measures' operations, the foundry suspended by its shutdown."""
from sqlalchemy import select

from safety.documents.models import Document
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.measures.models import Measure


def test_seed_demo_records_measures_of_every_group(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    measures = db.session.scalars(select(Measure)).all()
    assert {m.kind for m in measures} == {"warning", "fine", "shutdown", "stop_work", "seizure", "referral",
                                          "stop_equipment"}
    # the demo's decision on on-site measures, issued in the office: decided with its number, to be served
    decided = next(m for m in measures if m.kind == "stop_equipment")
    assert (decided.status, decided.decision_number) == ("decided", db.session.get(Document, decided.document_id)
                                                         .reference)
    assert {m.status for m in measures if m is not decided} == {"in_force", "lifted"}
    foundry = db.session.scalar(select(Enterprise).where(Enterprise.name == "宏远铸造有限公司"))
    assert foundry.status == "suspended"
    referral = next(m for m in measures if m.kind == "referral")
    assert referral.referral.department == "区市场监督管理局"
