"""The follow-up of the demo park's hazards (回头看, 整改, 验收销号, 移送), made through the hazard event path.

Every step goes through :func:`safety.hazards.operations.record_hazard_event`, the
function behind the event API and the back office's buttons, with photos stored as
uploads: the demo's hazards stand in every state of the life cycle exactly as
real ones would, with their logs, photos and signatures.
"""
from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from safety.checklists.models import ChecklistTemplate
from safety.demo.history import CHINA, TOPIC_BY_SECTOR, demo_photo
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.models import Hazard
from safety.hazards.operations import record_hazard_event
from safety.inspections.models import Inspection
from safety.inspections.operations import store_inspection
from safety.inspections.validation import parse_inspection
from safety.users.models import Role, User


@dataclass
class People:
    supervisor: User
    inspectors: dict[int, User]  # by grid id
    contact: User  # the enterprise account

    def inspector_for(self, hazard: Hazard) -> User:
        enterprise = db.session.get(Enterprise, hazard.enterprise_id)
        return self.inspectors[enterprise.grid_id]


def seed_follow_up(users: list[User], templates: list[ChecklistTemplate], rng: random.Random,
                   now: datetime | None = None) -> list[Inspection]:
    """Drive the demo's hazards through the life cycle; answer the look-back inspections it adds."""
    now = now or datetime.now(CHINA)
    people = _people(users)
    step = _Steps(people, rng, now)
    inspections = _follow_up_at_the_enterprise_account(step, templates)
    hazards = db.session.scalars(
        select(Hazard).where(Hazard.status == "open", Hazard.mode == "deadline", Hazard.level == "general",
                             Hazard.enterprise_id != people.contact.enterprise_id)
        .order_by(Hazard.found_at, Hazard.id)).all()
    # The oldest first: their deadlines have passed, so their follow-up has had time to happen.
    plan = [step.rectified_awaiting_recheck] * 3 + [step.closed_after_recheck] * 3 + [
        step.reopened_after_closure, step.escalated_by_the_office, step.closed_then_late_report,
        step.failed_twice]
    for scenario, hazard in zip(plan, hazards):
        scenario(hazard)
    return inspections


def _people(users: list[User]) -> People:
    inspectors = {}
    for user in users:
        if user.role == Role.INSPECTOR.value:
            for grid in user.grids:
                inspectors.setdefault(grid.id, user)
    supervisor = next(user for user in users if user.role == Role.SUPERVISOR.value)
    contact = next(user for user in users if user.role == Role.ENTERPRISE.value)
    return People(supervisor, inspectors, contact)


class _Steps:
    """The steps of a hazard's follow-up, each one event recorded as a phone or the office would send it."""

    def __init__(self, people: People, rng: random.Random, now: datetime):
        self.people, self.rng, self.now = people, rng, now

    def event(self, user: User, hazard: Hazard, event_type: str, at: datetime, photos: int = 0,
              signed_by: str = "", signature: bool = False, **fields) -> None:
        data = {"uuid": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)), "type": event_type,
                "at": at.isoformat(), "photos": [demo_photo(user, at, self.rng) for _ in range(photos)],
                "signed_by": signed_by, **fields}
        if signature:
            data["signature"] = demo_photo(user, at, self.rng, signature=True)
        record_hazard_event(user, hazard.uuid, data, now=self.now)

    def when(self, hazard: Hazard, days_after_found: float) -> datetime:
        """A moment after the hazard was found, never later than an hour ago."""
        found = hazard.found_at.astimezone(CHINA)
        return min(found + timedelta(days=days_after_found, hours=self.rng.uniform(1, 5)),
                   self.now - timedelta(hours=1))

    def rectification(self, hazard: Hazard, at: datetime) -> None:
        """The enterprise fixes it; the inspector records the report on site with its photos (谁治理谁签名)."""
        contact_person = db.session.get(Enterprise, hazard.enterprise_id).contact_person
        self.event(self.people.inspector_for(hazard), hazard, "rectification_reported", at, photos=2,
                   signed_by=contact_person, signature=True, note="已按整改措施完成整改，请复查。")

    def recheck_passed(self, hazard: Hazard, at: datetime) -> None:
        inspector = self.people.inspector_for(hazard)
        self.event(inspector, hazard, "recheck_passed", at, photos=1, signed_by=inspector.display_name,
                   note="复查合格，整改到位。")

    def rectified_awaiting_recheck(self, hazard: Hazard) -> None:
        self.rectification(hazard, self.when(hazard, 3))

    def closed_after_recheck(self, hazard: Hazard) -> None:
        self.rectification(hazard, self.when(hazard, 3))
        self.recheck_passed(hazard, self.when(hazard, 6))

    def reopened_after_closure(self, hazard: Hazard) -> None:
        self.closed_after_recheck(hazard)
        self.event(self.people.supervisor, hazard, "reopened", self.when(hazard, 9),
                   note="抽查发现问题反弹，撤销销号，重新整改。")

    def escalated_by_the_office(self, hazard: Hazard) -> None:
        self.event(self.people.supervisor, hazard, "comment", self.when(hazard, 5), note="请企业尽快落实整改。")
        self.event(self.people.supervisor, hazard, "escalated", self.when(hazard, 8),
                   note="逾期拒不整改，移送区应急管理局执法大队处理。")

    def closed_then_late_report(self, hazard: Hazard) -> None:
        """A colleague's re-check synced first: the report from a phone that was offline is kept, not applied."""
        self.recheck_passed(hazard, self.when(hazard, 4))
        self.rectification(hazard, self.when(hazard, 3.5))

    def failed_twice(self, hazard: Hazard) -> None:
        """Two failed re-checks: the escalation rule flags it (移送), though nobody has escalated it yet."""
        inspector = self.people.inspector_for(hazard)
        for days in (2, 5):
            at = self.when(hazard, days)
            self.event(inspector, hazard, "recheck_failed", at, photos=1, note="复查未整改到位。",
                       new_deadline=(at + timedelta(days=2)).date().isoformat())


def _follow_up_at_the_enterprise_account(step: _Steps, templates: list[ChecklistTemplate]) -> list[Inspection]:
    """The enterprise account's own story: an overdue hazard found again (recurring), a major hazard under
    listed supervision awaiting the office's verification, and one struck off."""
    people, now = step.people, step.now
    enterprise = db.session.get(Enterprise, people.contact.enterprise_id)
    inspector = people.inspectors[enterprise.grid_id]
    by_topic = {template.topic: template.latest for template in templates if template.latest}
    version = by_topic.get(TOPIC_BY_SECTOR.get(enterprise.sector, "fire")) or by_topic["fire"]
    keys = [item.key for item in version.items() if item.kind == "pass_fail"]
    found = now - timedelta(days=40)
    first, (overdue, listed, struck_off) = _inspection(step, inspector, enterprise, version, found, [
        (keys[0], "general", 10, "防爆区域内使用非防爆电气设备"),
        (keys[1], "major", 30, "储罐区可燃气体报警装置失效，未与紧急切断联锁"),
        (keys[2], "major", 20, "重点监管危险化工工艺装置未实现自动化控制")], kind="routine")
    again, _recurring = _inspection(step, inspector, enterprise, version, now - timedelta(days=3), [
        (keys[0], "general", 7, "防爆区域内仍在使用非防爆电气设备")], kind="lookback")
    supervisor, contact = people.supervisor, people.contact

    step.event(supervisor, listed, "plan_set", step.when(listed, 1), responsible_person=enterprise.contact_person,
               measures="更换可燃气体探测器，恢复与紧急切断阀联锁，整改期间加强人工巡检。", funds="12万元",
               emergency_plan="泄漏应急处置预案：发现泄漏立即切断物料、疏散人员、启动喷淋。",
               supervising_unit="滨江经济开发区安全生产委员会办公室",
               supervision_deadline=(listed.found_at + timedelta(days=45)).date().isoformat(),
               note="列为重大事故隐患，挂牌督办。")
    step.event(supervisor, listed, "escalated", step.when(listed, 2), note="重大事故隐患，报区应急管理局备案。")
    step.event(contact, listed, "rectification_reported", step.when(listed, 25), photos=2,
               signed_by=contact.display_name, signature=True, note="探测器已更换并完成联锁调试。")
    step.recheck_passed(listed, step.when(listed, 30))  # a major hazard now awaits the office (待验收)

    step.event(supervisor, struck_off, "plan_set", step.when(struck_off, 1), responsible_person="企业主要负责人",
               measures="完成自动化控制改造并通过专家论证。", funds="30万元", emergency_plan="装置紧急停车预案。",
               supervising_unit="滨江经济开发区安全生产委员会办公室",
               supervision_deadline=(struck_off.found_at + timedelta(days=30)).date().isoformat())
    step.event(contact, struck_off, "rectification_reported", step.when(struck_off, 15), photos=2,
               signed_by=contact.display_name, signature=True, note="自动化控制系统已投用。")
    step.recheck_passed(struck_off, step.when(struck_off, 18))
    step.event(supervisor, struck_off, "verified", step.when(struck_off, 20), signed_by=supervisor.display_name,
               note="经专家验收合格，予以销号。")

    step.event(contact, overdue, "comment", step.when(overdue, 12), note="防爆电气设备已订货，预计下月到货。")
    return [first, again]


def _inspection(step: _Steps, inspector: User, enterprise: Enterprise, version, finished: datetime,
                findings: list[tuple[str, str, int, str]], kind: str) -> tuple[Inspection, list[Hazard]]:
    """An inspection through the sync path, failing the items of ``findings`` (item key, level, days, text);
    answers it with its hazards in the order of ``findings``."""
    rng = step.rng
    failed = {key: (level, days, description) for key, level, days, description in findings}
    answers, hazards = [], []
    for item in version.items():
        if item.kind != "pass_fail":
            answers.append({"item_id": item.key, "result": None,
                            "value": 1 if item.kind == "number" else "正常", "note": "", "photos": []})
            continue
        if item.key not in failed:
            answers.append({"item_id": item.key, "result": "pass", "value": None, "note": "", "photos": []})
            continue
        level, days, description = failed[item.key]
        photos = [demo_photo(inspector, finished, rng)]
        answers.append({"item_id": item.key, "result": "fail", "value": None, "note": description,
                        "photos": photos})
        hazards.append({"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "item_id": item.key,
                        "description": description, "level": level, "mode": "deadline", "photos": photos,
                        "responsible_person": enterprise.contact_person, "measures": "制定整改方案，限期整改。",
                        "deadline": (finished + timedelta(days=days)).date().isoformat()})
    document = {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "enterprise_code": enterprise.code,
        "template_id": version.template_id, "template_version": version.version, "kind": kind,
        "started_at": (finished - timedelta(minutes=50)).isoformat(), "finished_at": finished.isoformat(),
        "identified_by": "qr", "location": None, "answers": answers, "hazards": hazards, "notes": "",
        "signatures": {"inspector": demo_photo(inspector, finished, rng, signature=True),
                       "representative": demo_photo(inspector, finished, rng, signature=True),
                       "representative_name": enterprise.contact_person},
    }
    inspection = store_inspection(inspector, parse_inspection(document)).inspection
    stored = {hazard.uuid: hazard for hazard in db.session.scalars(
        select(Hazard).where(Hazard.inspection_id == inspection.id))}
    return inspection, [stored[hazard["uuid"]] for hazard in hazards]
