"""The words of enforcement measures: their types, the groups the office reports them in, and their statuses.

Each value is what is stored; each has one label, made in the reader's language when shown. Models, rules,
forms, pages, the workbook and the summary all name these from here.
"""
from flask_babel import lazy_gettext as _l

from safety.common.words import badger, labeller
# 现场处理措施: ordered on the spot when a hazard is too serious to wait, the same values the phone's hazard sheet
# sends (stop using equipment, stop work in an area, withdraw people).
from safety.documents.onsite import MEASURE_LABELS as ONSITE_LABELS
from safety.documents.onsite import STOP_EQUIPMENT, STOP_WORK, WITHDRAW_PEOPLE
# 行政强制措施
SEIZURE = "seizure"  # 查封、扣押
# 行政处罚 (the 「四个一律」: 停产整顿、上限处罚、关闭取缔、从严追责)
WARNING = "warning"  # 警告
FINE = "fine"  # 罚款
SHUTDOWN = "shutdown"  # 责令停产停业整顿
CLOSURE = "closure"  # 关闭取缔
# 移送: handed to the department competent for it (公安、市场监管、住建…), which is to reply.
REFERRAL = "referral"

KINDS = (STOP_EQUIPMENT, STOP_WORK, WITHDRAW_PEOPLE, SEIZURE, WARNING, FINE, SHUTDOWN, CLOSURE, REFERRAL)
KIND_LABELS = {
    **ONSITE_LABELS,
    SEIZURE: _l("Seizure"),
    WARNING: _l("Warning"),
    FINE: _l("Fine"),
    SHUTDOWN: _l("Order to suspend production for rectification"),
    CLOSURE: _l("Closure"),
    REFERRAL: _l("Referral to another department"),
}

ONSITE, COERCIVE, PENALTY, REFERRALS = "onsite", "coercive", "penalty", "referral"
GROUPS = (ONSITE, COERCIVE, PENALTY, REFERRALS)
GROUP_LABELS = {
    ONSITE: _l("On-site measures"),  # 现场处理措施
    COERCIVE: _l("Coercive measures"),  # 行政强制措施
    PENALTY: _l("Administrative penalties"),  # 行政处罚
    REFERRALS: _l("Referrals"),  # 移送
}
KIND_GROUP = {STOP_EQUIPMENT: ONSITE, STOP_WORK: ONSITE, WITHDRAW_PEOPLE: ONSITE, SEIZURE: COERCIVE,
              WARNING: PENALTY, FINE: PENALTY, SHUTDOWN: PENALTY, CLOSURE: PENALTY, REFERRAL: REFERRALS}
# What an office without penalty powers (a park's 管委会) cannot decide: it refers such cases instead.
NEEDS_PENALTY_POWERS = frozenset(kind for kind, group in KIND_GROUP.items() if group in (COERCIVE, PENALTY))
# Lifted by hand once the danger is gone; a shutdown only by a passing restart inspection (复产验收); a warning,
# a fine and a closure are never lifted; a referral ends with the department's reply.
LIFTED_BY_HAND = frozenset({STOP_EQUIPMENT, STOP_WORK, WITHDRAW_PEOPLE, SEIZURE})
# 责令停产停业停工 in the office's reports: the enterprises so ordered.
STOPPING_KINDS = (SHUTDOWN, STOP_WORK)

# The status follows from the dates (never stored): decided, served (in force from then), lifted.
DECIDED, IN_FORCE, LIFTED = "decided", "in_force", "lifted"
STATUSES = (DECIDED, IN_FORCE, LIFTED)
STATUS_LABELS = {
    DECIDED: _l("Decided, not yet served"),  # 已决定，待送达
    IN_FORCE: _l("In force"),  # 执行中
    LIFTED: _l("Lifted"),  # 已解除
}
# A referral reads the same statuses in its own words.
REFERRAL_STATUS_LABELS = {
    DECIDED: _l("Decided, not yet sent"),  # 已决定，待移送
    IN_FORCE: _l("Referred, awaiting reply"),  # 已移送，待回复
    LIFTED: _l("Replied"),  # 已回复
}
STATUS_BADGES = {DECIDED: "info", IN_FORCE: "warn", LIFTED: "ok"}

kind_label = labeller(KIND_LABELS)
group_label = labeller(GROUP_LABELS)
status_label = labeller(STATUS_LABELS)
status_badge = badger(STATUS_BADGES)


def measure_status_label(kind: str, status: str) -> str:
    """The status of a measure of ``kind`` in its own words (a referral is "replied", not "lifted")."""
    return str((REFERRAL_STATUS_LABELS if kind == REFERRAL else STATUS_LABELS).get(status, status))
