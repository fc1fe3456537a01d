"""The words of the office's year: campaign kinds and statuses, task statuses, outcomes, team roles.

The keys are stored and sent; the labels are shown. Models, rules, serializers, the OpenAPI
document and reports import them from here, so no second module spells them.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import case

from safety.common.words import labeller

CAMPAIGN_KIND_LABELS = {
    "campaign": _l("Special rectification campaign"),  # 专项整治
    "random": _l("Random check"),  # 双随机抽查
    "plan": _l("Annual plan"),  # 年度计划
    "holiday": _l("Holiday check"),  # 节假日检查
    "joint": _l("Joint check"),  # 联合检查
}
CAMPAIGN_KINDS = tuple(CAMPAIGN_KIND_LABELS)

CAMPAIGN_STATUS_LABELS = {
    "draft": _l("Draft"),  # 草稿
    "active": _l("In progress"),  # 进行中
    "closed": _l("Ended"),  # 已结束
}
CAMPAIGN_STATUSES = tuple(CAMPAIGN_STATUS_LABELS)
DRAFT, ACTIVE, CLOSED = CAMPAIGN_STATUSES

# Derived from the task, its due date and the inspections fulfilling it; only cancellation is stored.
TASK_STATUS_LABELS = {
    "pending": _l("To inspect"),  # 待检查
    "done": _l("Completed"),  # 已完成
    "overdue": _l("Past due"),  # 已逾期
    "cancelled": _l("Cancelled"),  # 已取消
}
TASK_STATUSES = tuple(TASK_STATUS_LABELS)
PENDING, DONE, OVERDUE, CANCELLED = TASK_STATUSES

# The verdict on each target enterprise of a 整治 campaign, as offices report them.
OUTCOME_LABELS = {
    "not_inspected": _l("Not inspected yet"),  # 未检查
    "rectifying": _l("Rectifying"),  # 整改中
    "rectified": _l("Rectified"),  # 已整改
    "upgraded": _l("Upgraded in place"),  # 原地整治提升
    "suspended": _l("Suspended for rectification"),  # 停产整顿
    "closed": _l("Shut down"),  # 淘汰关闭
    "relocated": _l("Relocated"),  # 搬迁
}
OUTCOMES = tuple(OUTCOME_LABELS)
NOT_INSPECTED = OUTCOMES[0]  # a target without a verdict yet counts here
# Outcomes are a verdict of a 整治 (special campaign), not of a plan or a random check.
OUTCOME_KINDS = ("campaign",)

# Who is on an inspection's team: the office's own staff, and outside participants typed in on the phone.
TEAM_ROLE_LABELS = {
    "staff": _l("Staff"),  # 本单位人员
    "expert": _l("Expert"),  # 专家
    "department": _l("Other department"),  # 部门（联合检查）
}
TEAM_ROLES = tuple(TEAM_ROLE_LABELS)
# The user roles that are staff: sent on tasks, picked for an inspection's team (users.models.Role values).
STAFF_USER_ROLES = ("inspector", "supervisor")
OUTSIDE_ROLES = ("expert", "department")
# A team member is stored as the phone sent it, and flagged rather than dropped when something is off.
TEAM_FLAG_LABELS = {
    "deactivated": _l("Account deactivated"),  # 账号已停用
}
TEAM_FLAGS = tuple(TEAM_FLAG_LABELS)
(DEACTIVATED,) = TEAM_FLAGS
# Derived whenever an inspection is read, never stored: an enforcement task's inspection (执法人员不少于两人)
# with fewer than two staff on its team. An inspection's flags are its members' and this one.
UNDERSTAFFED = "understaffed"
INSPECTION_FLAGS = (*TEAM_FLAGS, UNDERSTAFFED)

# The inspection kind (a contract: routine|campaign|lookback|unannounced) an inspection opened from a task gets.
TASK_INSPECTION_KIND = {"plan": "routine", "campaign": "campaign", "random": "campaign", "holiday": "campaign",
                        "joint": "campaign"}

# How reports break inspections down (日常 / 专项 / 双随机 / 四不两直 / 回头看 / 联合 / 节假日).
REPORT_CATEGORY_LABELS = {
    "routine": _l("Routine"),  # 日常
    "campaign": _l("Campaign"),  # 专项
    "random": _l("Random check"),  # 双随机
    "unannounced": _l("Unannounced"),  # 四不两直
    "lookback": _l("Look-back"),  # 回头看
    "joint": _l("Joint check"),  # 联合
    "holiday": _l("Holiday check"),  # 节假日
    "restart": _l("Restart check"),  # 复产验收
}
REPORT_CATEGORIES = tuple(REPORT_CATEGORY_LABELS)

# Why the annual plan proposes a visit (plan.py); the label of each is shown with the task.
PLAN_REASON_LABELS = {
    "class_A": _l("Class A: inspected every %(days)s days"),
    "class_B": _l("Class B: inspected every %(days)s days"),
    "class_C": _l("Class C: inspected every %(days)s days"),
    "class_D": _l("Class D: inspected every %(days)s days"),
    "open_major_hazard": _l("Open major hazard"),  # 重大隐患未销号
    "overdue_hazards": _l("Hazards past their deadline"),  # 隐患逾期未整改
    "open_hazards": _l("Hazards not yet struck off"),  # 隐患未销号
    "recurring": _l("Hazards that recurred"),  # 隐患反复出现
    "not_inspected_for_N_days": _l("Not inspected for %(days)s days"),
    "never_inspected": _l("Never inspected"),  # 从未检查
}
PLAN_REASONS = tuple(PLAN_REASON_LABELS)

# The vocabularies the field app names ("my tasks", the team picker), by the names static/js/labels.js asks for.
VOCABULARIES = {
    "campaign_kind": CAMPAIGN_KIND_LABELS,
    "task_status": TASK_STATUS_LABELS,
    "team_role": TEAM_ROLE_LABELS,
}


campaign_kind_label = labeller(CAMPAIGN_KIND_LABELS)
campaign_status_label = labeller(CAMPAIGN_STATUS_LABELS)
task_status_label = labeller(TASK_STATUS_LABELS)
outcome_label = labeller(OUTCOME_LABELS)
team_role_label = labeller(TEAM_ROLE_LABELS)
report_category_label = labeller(REPORT_CATEGORY_LABELS)


def plan_reason_label(reason: dict) -> str:
    """A plan reason ``{"code", "days"?}`` in the reader's language, its number filled in."""
    label = PLAN_REASON_LABELS.get(reason.get("code"))
    if label is None:
        return str(reason.get("code", ""))
    # A mapping fills the labels that name a number of days and leaves the others as they are.
    return str(label) % {"days": reason.get("days", "")}


def task_inspection_kind(campaign_kind: str) -> str:
    """The inspection kind of an inspection opened from a task of a ``campaign_kind`` campaign."""
    return TASK_INSPECTION_KIND[campaign_kind]


def report_category(inspection_kind: str, campaign_kind: str | None = None) -> str:
    """The report category of an inspection of ``inspection_kind``, fulfilling a task of a ``campaign_kind``
    campaign (None: done without a task).

    The way the visit was organised decides first: a random, joint or holiday campaign's inspections are
    counted as 双随机, 联合 or 节假日 whatever their kind. Otherwise the inspection's own kind: 回头看,
    四不两直, 专项, 复产验收. A task of a 专项整治 makes an inspection 专项 too; what is left (a routine inspection, alone
    or of the annual plan) is 日常. :func:`report_category_case` is the same rule in SQL.
    """
    if campaign_kind in ("random", "joint", "holiday"):
        return campaign_kind
    if inspection_kind in ("lookback", "unannounced", "campaign", "restart"):
        return inspection_kind
    if campaign_kind == "campaign":
        return "campaign"
    return "routine"


def report_category_case(inspection_kind_column, campaign_kind_column):
    """SQL: :func:`report_category` for each row, from the inspection's kind and its task's campaign kind
    (NULL when the inspection fulfils no task), for grouped counts."""
    return case(
        (campaign_kind_column.in_(("random", "joint", "holiday")), campaign_kind_column),
        (inspection_kind_column.in_(("lookback", "unannounced", "campaign", "restart")), inspection_kind_column),
        (campaign_kind_column == "campaign", "campaign"),
        else_="routine")

