"""A park whose figures were counted by hand, for the first and second quarters of 2025.

Times are UTC; the office is in Shanghai (UTC+8), so 2024-12-31 17:00 UTC is already the
first quarter there and 2025-03-31 20:00 UTC already the second. Deadlines are set from
today, so what is overdue and escalated (judged today) is known whatever day the tests run.

First quarter of 2025 (2025-01-01 … 2025-03-31, Shanghai):
  inspections 4 (I1, I2 steel; I3 bakery; I5 chem), enterprises inspected 3, supervised 5
  hazards found 7: H1 steel on the spot, closed      H2 steel major, open, due in 10 days
                   H3 steel open, 5 days overdue      H4 bakery closed in the second quarter
                   H5 bakery open, 40 days overdue (escalated by the rule)
                   H6 chem major, awaiting verification   H7 chem rectified, escalated by a supervisor
  major 2, rectified 2 (1 on the spot), rate 28.6 %, overdue 2, escalated 2, documents 1 (notice of I1)
Second quarter: inspections 2 (I4 chem, I6 no grid), enterprises 2, hazards 2 (H8 on the spot, closed;
  H9 major, two failed re-checks), major 1, rectified 1, rate 50.0 %, overdue 0, escalated 1,
  documents 2 (notice of I3, opinion on H4's re-check).
"""
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from safety.documents.operations import issue_recheck_opinion, issue_rectification_order
from safety.extensions import db
from safety.hazards.models import HazardEvent
from tests.factories import make_enterprise, make_hazard, make_inspection, make_park, make_template, make_user

TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()
Q1 = {"from": "2025-01-01", "to": "2025-03-31"}
Q2 = {"from": "2025-04-01", "to": "2025-06-30"}


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.fixture
def park(app):
    """The suite's park (tests.factories.make_park) with the records counted above."""
    park = make_park(steel={"supervision_class": "A"}, chem={"supervision_class": "B"})
    north, south = park["grids"]["north"], park["grids"]["south"]
    enterprises = {
        "steel": park["enterprises"]["steel"],
        "bakery": make_enterprise(grid=north, code="E10002", name="阳光食品有限公司", sector="food",
                                  supervision_class="C"),
        "gone": make_enterprise(grid=north, code="E10003", name="已关闭食品厂", sector="food", status="closed"),
        "chem": park["enterprises"]["chem"],
        "idle": make_enterprise(grid=south, code="E20002", name="南方仓储化学品公司", sector="chemicals",
                                supervision_class="D"),
        "nogrid": make_enterprise(code="E30001", name="无网格机械厂", sector="machinery", supervision_class="C"),
    }
    users = {
        **park["users"],
        "northchief": make_user("supervisor", username="northchief", grids=[north], display_name="北区主任"),
    }
    version = make_template().versions[0]
    item = version.sections[0].items[0]

    def inspection(name, enterprise, at, inspector="north", **extra):
        return make_inspection(enterprises[enterprise], users[inspector], version, started_at=at - timedelta(hours=1),
                               finished_at=at, **extra)

    inspections = {
        "I1": inspection("I1", "steel", utc(2025, 1, 10, 4)),
        "I2": inspection("I2", "steel", utc(2025, 2, 20, 4)),
        "I3": inspection("I3", "bakery", utc(2025, 3, 5, 4)),
        "I4": inspection("I4", "chem", utc(2025, 3, 31, 20), inspector="south"),
        "I5": inspection("I5", "chem", utc(2024, 12, 31, 17), inspector="south",
                         representative_name="化工厂安全员"),
        "I6": inspection("I6", "nogrid", utc(2025, 5, 1, 4), inspector="south"),
    }

    def hazard(enterprise, found_in, **values):
        found = inspections[found_in]
        return make_hazard(enterprises[enterprise], inspection_id=found.id, found_at=found.finished_at,
                           found_by_id=found.inspector_id, item_id=item.id, **values)

    hazards = {
        "H1": hazard("steel", "I1", mode="on_the_spot", deadline=None, status="closed", closed_at=utc(2025, 1, 10, 4),
                     description="灭火器被遮挡"),
        "H2": hazard("steel", "I1", level="major", deadline=days(10), description="煤气管道泄漏报警器失效"),
        "H3": hazard("steel", "I2", deadline=days(-5), description="配电箱门未关闭"),
        "H4": hazard("bakery", "I3", status="closed", deadline=date(2025, 4, 10), closed_at=utc(2025, 4, 15, 2),
                     description="面粉粉尘积聚"),
        "H5": hazard("bakery", "I3", deadline=days(-40), description="烤炉燃气管道老化"),
        "H6": hazard("chem", "I5", level="major", status="pending_verification", deadline=days(3),
                     description="储罐区可燃气体报警器失效"),
        "H7": hazard("chem", "I5", status="rectified", deadline=days(20), escalated=True,
                     escalated_at=utc(2025, 2, 1), description="危化品仓库通风不良"),
        "H8": hazard("chem", "I4", mode="on_the_spot", deadline=None, status="closed", closed_at=utc(2025, 3, 31, 20),
                     description="安全出口标志缺失"),
        "H9": hazard("nogrid", "I6", level="major", deadline=days(5), failed_recheck_count=2,
                     description="冲床光电保护装置失效"),
    }
    recheck = HazardEvent(uuid="6f1f43c4-9f0e-4c55-9a53-2a7a4c1c0a01", hazard_id=hazards["H4"].id,
                          type="recheck_passed", actor_id=users["north"].id, role="inspector", at=utc(2025, 4, 15, 2),
                          from_status="rectified", to_status="closed", signed_by="李北")
    db.session.add(recheck)
    db.session.flush()
    chief = users["chief"]
    documents = {
        "notice_I1": issue_rectification_order(chief, inspections["I1"], now=utc(2025, 1, 11, 2))[0],
        "notice_I3": issue_rectification_order(chief, inspections["I3"], now=utc(2025, 3, 31, 17))[0],
        "opinion_H4": issue_recheck_opinion(chief, event=recheck, now=utc(2025, 4, 16, 2))[0],
    }
    db.session.commit()
    return {"grids": park["grids"], "enterprises": enterprises, "users": users,
            "inspections": inspections, "hazards": hazards, "documents": documents, "recheck": recheck,
            "version": version}


Q1_TOTALS = {"inspections": 4, "enterprises_inspected": 3, "enterprises_supervised": 5, "hazards_found": 7,
             "major_hazards": 2, "rectified": 2, "rectified_on_the_spot": 1, "rectification_rate": 28.6,
             "overdue": 2, "escalated": 2, "documents_issued": 1}
Q2_TOTALS = {"inspections": 2, "enterprises_inspected": 2, "enterprises_supervised": 5, "hazards_found": 2,
             "major_hazards": 1, "rectified": 1, "rectified_on_the_spot": 1, "rectification_rate": 50.0,
             "overdue": 0, "escalated": 1, "documents_issued": 2}
