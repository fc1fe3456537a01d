"""The demo park's enforcement measures: a warning with a fine, fines, a shutdown order in force (the foundry is
suspended until its restart inspection), an on-site stop-work order lifted, a seizure and a referral awaiting
its reply. Recorded through the measures' own operations, dated back from the demo's today."""
from __future__ import annotations

from datetime import date, timedelta

from safety.enterprises.models import Enterprise
from safety.measures.models import Measure
from safety.measures.operations import lift_measure, record_measure
from safety.measures.validation import parse_measure
from safety.users.models import Role, User

WORK_SAFETY_LAW = "《中华人民共和国安全生产法》"
# (enterprise, type, number, basis, what it applies to, fine in yuan, decided / served / lifted days ago, referral)
MEASURES = (
    ("宏远铸造有限公司", "warning", "园应急罚〔{year}〕3号", WORK_SAFETY_LAW + "第九十七条", "", None, 40, 38, None, None),
    ("宏远铸造有限公司", "fine", "园应急罚〔{year}〕3号", WORK_SAFETY_LAW + "第九十七条", "", 30000, 40, 38, None, None),
    ("宏远铸造有限公司", "shutdown", "园应急停〔{year}〕1号", WORK_SAFETY_LAW + "第一百一十三条", "", None, 12, 11,
     None, None),
    ("华宇金属表面处理有限公司", "fine", "园应急罚〔{year}〕5号", WORK_SAFETY_LAW + "第一百零一条", "", 200000, 25, 24,
     None, None),
    ("昌达传动设备有限公司", "stop_work", "园应急现决〔{year}〕7号", WORK_SAFETY_LAW + "第六十五条",
     "喷漆车间", None, 20, 20, 9, None),
    ("永盛模具制造有限公司", "seizure", "园应急封〔{year}〕2号", WORK_SAFETY_LAW + "第六十五条",
     "未经检验的起重机械1台", None, 6, 6, None, None),
    ("金诚铝业有限公司", "referral", "园应急移〔{year}〕2号", WORK_SAFETY_LAW + "第一百零二条", "", None, 8, 7, None,
     ("区市场监督管理局", 20)),
)


def seed_measures(enterprises: list[Enterprise], users: list[User], today: date) -> list[Measure]:
    """Record the demo's measures (the caller commits)."""
    office = next(user for user in users if user.role == Role.SUPERVISOR.value)
    by_name = {enterprise.name: enterprise for enterprise in enterprises}
    measures = []
    for name, kind, number, basis, subject, fine, decided, served, lifted, referral in MEASURES:
        decided_on = today - timedelta(days=decided)
        values = {"kind": kind, "decision_number": number.format(year=decided_on.year), "legal_basis": basis,
                  "subject": subject, "fine_yuan": str(fine or ""), "decided_on": decided_on,
                  "served_on": today - timedelta(days=served)}
        if referral:
            values.update(department=referral[0], reply_due_on=decided_on + timedelta(days=referral[1]))
        measure = record_measure(office, by_name[name], parse_measure(values, today))
        if lifted is not None:
            lift_measure(measure, today - timedelta(days=lifted), "已设置隔离防护，经复查可恢复作业")
        measures.append(measure)
    return measures
