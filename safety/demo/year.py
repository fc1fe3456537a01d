"""The office's year in the demo park: an annual plan, two finished campaigns and one under way, a random draw
(双随机) and a joint check with an expert and another department.

Campaigns are made, activated, drawn and closed with the functions behind the campaign API, and their
inspections go through ``parse_inspection``/``store_inspection`` with ``task_uuid`` and ``team``, as a phone
sends them, so the campaign pages, reports and the phones' "my tasks" show what real use leaves behind.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from safety.campaigns.generation import draw_tasks, generate_tasks, plan_tasks
from safety.campaigns.models import Campaign, Task
from safety.campaigns.operations import activate_campaign, add_task, close_campaign, create_campaign
from safety.campaigns.validation import CampaignDocument, DrawRequest, Scope, TaskDocument
from safety.campaigns.vocabulary import task_inspection_kind
from safety.checklists.models import ChecklistTemplate
from safety.demo.history import CHINA, demo_inspection_document
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.inspections.models import Inspection
from safety.inspections.operations import store_inspection
from safety.inspections.validation import parse_inspection
from safety.users.models import Role, User

DRAW_SEED = "binjiang-demo"
EXPERT = {"name": "周国平", "organisation": "市安全生产专家库（燃气专业）", "role": "expert"}
MARKET_REGULATOR = {"name": "钱立", "organisation": "区市场监督管理局特种设备科", "role": "department"}


@dataclass(frozen=True)
class CampaignPlan:
    """One campaign of the demo year: days are counted from the demo's today (negative: in the past)."""

    code: str
    name: str
    kind: str
    basis: tuple[str, str]
    start: int
    end: int
    sectors: tuple[str, ...]
    topic: str
    enforcement: bool = False


FINISHED = (
    CampaignPlan("ZX-01", "危险化学品安全专项整治", "campaign", ("区安委办〔{year}〕8号", "关于开展危险化学品安全专项整治的通知"),
                 -110, -60, ("chemicals", "gas"), "hazardous_chemicals", enforcement=True),
    CampaignPlan("JR-01", "国庆节前消防安全检查", "holiday", ("区安委办〔{year}〕15号", "关于做好节日期间安全防范工作的通知"),
                 -75, -62, ("commerce", "hospitality", "warehousing"), "fire"),
)
UNDER_WAY = CampaignPlan("ZX-02", "粉尘涉爆企业专项整治", "campaign", ("区安委办〔{year}〕21号", "关于开展粉尘涉爆企业专项整治的通知"),
                         -20, 40, ("woodworking", "building_materials", "food"), "dust")
RANDOM = CampaignPlan("SJ-01", "双随机抽查（第四季度）", "random", ("区应急管理局〔{year}〕3号", "双随机、一公开监管工作实施方案"),
                      -15, 45, (), "fire")
JOINT = CampaignPlan("LH-01", "燃气安全联合检查", "joint", ("区安委办〔{year}〕24号", "关于开展燃气安全联合检查的通知"),
                     -10, 20, ("gas", "hospitality"), "gas")


def seed_year(users: list[User], templates: list[ChecklistTemplate], rng: random.Random,
              now: datetime | None = None) -> list[Inspection]:
    """Make the demo year (the caller commits); answer the inspections made for its tasks."""
    now = now or datetime.now(CHINA)
    today = now.date()
    office = next(user for user in users if user.role == Role.SUPERVISOR.value)
    by_topic = {template.topic: template for template in templates}
    inspections = []

    plan = _campaign(office, CampaignPlan("JH-01", f"{today.year}年度安全生产监督检查计划", "plan",
                                          ("区应急管理局〔{year}〕1号", "年度监督检查计划"), -today.day + 1, 364,
                                          (), "fire"), by_topic, today)
    plan_tasks(office, plan, today=today)

    for finished in FINISHED:
        campaign = _campaign(office, finished, by_topic, today)
        tasks = generate_tasks(office, campaign, today=campaign.starts_on)
        # All done but one: a closed campaign's figures keep the task left undone as overdue.
        inspections += _inspect(tasks[:-1], users, by_topic[finished.topic], today, rng)
        # Closed in the tool now that their inspections are in: the figures frozen count what was received.
        close_campaign(campaign, today=today)

    under_way = _campaign(office, UNDER_WAY, by_topic, today)
    tasks = generate_tasks(office, under_way, today=under_way.starts_on)
    past = [task for task in tasks if task.due_on < today]
    inspections += _inspect(past[:-1], users, by_topic[UNDER_WAY.topic], today, rng)  # the last one is overdue

    drawn = _campaign(office, RANDOM, by_topic, today)
    _draw, tasks = draw_tasks(office, drawn, DrawRequest(count=6, share=None, team_size=2, seed=DRAW_SEED, staff=()),
                              today=drawn.starts_on)
    inspections += _inspect([task for task in tasks if task.due_on < today], users, by_topic[RANDOM.topic], today,
                            rng)

    joint = _campaign(office, JOINT, by_topic, today)
    gas = db.session.scalars(select(Enterprise).where(Enterprise.sector == "gas").order_by(Enterprise.code)).first()
    # The park's inspectors: the gas plant is in the park.
    inspectors = [user for user in users if user.role == Role.INSPECTOR.value and user.unit is gas.grid.unit]
    team = tuple(user.username for user in inspectors)
    task = add_task(office, joint, TaskDocument(gas.code, team, today - timedelta(days=3)))
    inspections += _inspect([task], users, by_topic[JOINT.topic], today, rng, outsiders=(EXPERT, MARKET_REGULATOR))
    return inspections


def _campaign(office: User, plan: CampaignPlan, by_topic: dict, today: date) -> Campaign:
    """Create and activate the campaign ``plan`` describes, over the whole park or its sectors."""
    number, title = plan.basis
    template = by_topic.get(plan.topic) or by_topic["fire"]
    document = CampaignDocument(
        code=f"{today.year}-{plan.code}", name=plan.name, kind=plan.kind, basis_number=number.format(year=today.year),
        basis_title=title, starts_on=today + timedelta(days=plan.start), ends_on=today + timedelta(days=plan.end),
        scope=Scope(sectors=plan.sectors), template_ids=(template.id,), enforcement=plan.enforcement,
        exclude_own_grid_alone=plan.kind == "random")
    campaign = create_campaign(office, document, now=_at(document.starts_on - timedelta(days=3)))
    return activate_campaign(campaign, now=_at(document.starts_on))


def _inspect(tasks: list[Task], users: list[User], template: ChecklistTemplate, today: date, rng: random.Random,
             outsiders=()) -> list[Inspection]:
    """Inspect each task as its team's phone would: the first member sends it, the others on its team."""
    by_id = {user.id: user for user in users}
    inspections = []
    for task in tasks:
        team = [by_id[member.user_id] for member in task.members]
        enterprise = db.session.get(Enterprise, task.enterprise_id)
        campaign = db.session.get(Campaign, task.campaign_id)
        finished = datetime.combine(min(task.due_on, today - timedelta(days=1)),
                                    time(9 + rng.randint(0, 6), rng.randint(0, 59)), CHINA)
        document = demo_inspection_document(team[0], enterprise, template.latest, finished, rng)
        document.update(kind=task_inspection_kind(campaign.kind), task_uuid=task.uuid,
                        team=[{"username": member.username} for member in team[1:]] + list(outsiders))
        inspections.append(store_inspection(team[0], parse_inspection(document, now=_at(today))).inspection)
    return inspections


def _at(day: date) -> datetime:
    return datetime.combine(day, time(8, 30), CHINA)
