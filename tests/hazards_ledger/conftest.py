"""A small park for the ledger tests: two grids, three enterprises, hazards in every state and flag."""
import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tests.factories import make_enterprise, make_hazard, make_park, make_user

# The office's today (its deadlines end at its midnight), as the ledger computes it.
TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()
NOW = datetime.now(timezone.utc)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def found(days_ago: int) -> datetime:
    """A found time safely inside its day in Shanghai and in UTC (04:00 UTC is noon in Shanghai)."""
    day = TODAY - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, 4, 0, tzinfo=timezone.utc)


@pytest.fixture
def park(app):
    """The suite's park (tests.factories.make_park), a bakery in the north, the steelworks' own account
    ("firm"), and hazards named by what sets them apart; inspector "north" covers N1, "south" covers S1.

    Each hazard has its own checklist item: one of the same enterprise and item as an open
    one would be flagged recurring (反复出现) when stored.
    """
    park = make_park()
    steel, chem = park["enterprises"]["steel"], park["enterprises"]["chem"]
    bakery = make_enterprise(grid=park["grids"]["north"], code="E10002", name="Sunny Bakery Ltd", sector="food")
    users = {**park["users"], "firm": make_user("enterprise", username="firm", enterprise=steel, locale="en",
                                                display_name="钢厂安全员")}
    finder = users["north"].id
    hazards = {
        "open": make_hazard(steel, description="灭火器过期未更换", item_key="fire-01", deadline=days(7), found_at=found(3),
                            found_by_id=finder),
        "overdue": make_hazard(steel, description="配电箱门未关闭", item_key="electrical-01", deadline=days(-10), found_at=found(20),
                               found_by_id=finder),
        "escalated": make_hazard(bakery, description="烤炉燃气管道老化", item_key="gas-01", deadline=days(3), found_at=found(8),
                                 escalated=True, escalated_at=NOW, found_by_id=finder),
        "recurring": make_hazard(bakery, description="面粉粉尘积聚", item_key="dust-01", status="rectified", deadline=days(2),
                                 found_at=found(12), recurring=True, failed_recheck_count=2, found_by_id=finder),
        "major": make_hazard(chem, description="储罐区可燃气体报警器失效", item_key="chemicals-01", level="major", status="pending_verification",
                             deadline=days(5), found_at=found(5), found_by_id=users["south"].id),
        "closed": make_hazard(chem, description="安全出口标志缺失", item_key="fire-02", status="closed", deadline=days(-30),
                              found_at=found(40), found_by_id=users["south"].id),
        "long_overdue": make_hazard(chem, description="危化品仓库通风不良", item_key="chemicals-02", deadline=days(-45), found_at=found(60),
                                    found_by_id=users["south"].id),
    }
    return {**park, "enterprises": {"steel": steel, "bakery": bakery, "chem": chem}, "users": users,
            "hazards": hazards}


def uuids_on(response) -> list[str]:
    """The hazards listed on a ledger page, in their order."""
    return re.findall(r'data-hazard="([0-9a-f-]{36})"', response.get_data(as_text=True))


def names(park, response) -> list[str]:
    """The fixture names of the hazards listed on a ledger page, in their order."""
    by_uuid = {hazard.uuid: name for name, hazard in park["hazards"].items()}
    return [by_uuid[uuid] for uuid in uuids_on(response)]
