"""The demo office's identity, its inspectors' certificate numbers, and a document of every kind issued from
the demo records (so the ledger, the summary's counts and the screenshots have something to show)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from safety.common.errors import DomainError
from safety.common.office_time import office_today
from safety.documents.models import KINDS
from safety.documents.operations import issue_document
from safety.documents.sources import DocumentRequest
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.hazards.vocabulary import BY_DEADLINE, RECHECK_EVENTS
from safety.inspections.models import Inspection
from safety.office.operations import OfficeIdentity, update_office
from safety.users.models import INSPECTING_ROLES, Role, User

OFFICE = OfficeIdentity(
    full_name="滨江经济开发区安全生产监督管理局", short_name="滨开安监", address="滨江经济开发区管委会大楼3楼",
    phone="0571-86001234", seal_text="滨江经济开发区安全生产监督管理局",
    prefixes={"inspection_record": "滨开安监检记", "rectification_order": "滨开安监责改",
              "recheck_opinion": "滨开安监复查", "onsite_measures": "滨开安监现决", "circular": "滨开安委办通"})


def seed_documents(users: list[User]) -> dict[str, int]:
    """Set the office, give every inspector a certificate number, mark one hazard with an on-site measure and
    issue one document of each kind from the demo records. Answers how many of each were issued."""
    update_office(None, OFFICE)  # by the command line, as its audit entry says
    staff = db.session.scalars(select(User).where(User.role.in_([role.value for role in INSPECTING_ROLES]))
                               .order_by(User.id))
    for number, user in enumerate(staff, start=1):
        user.certificate_number = user.certificate_number or f"3301{2026:04d}{number:04d}"
    supervisor = next(user for user in users if user.role == Role.SUPERVISOR.value)
    deadline_inspection = db.session.scalar(
        select(Inspection).join(Hazard, Hazard.inspection_id == Inspection.id)
        .where(Hazard.mode == BY_DEADLINE, Inspection.original_id.is_(None))
        .order_by(Inspection.finished_at.desc()).limit(1))
    issued = dict.fromkeys(KINDS, 0)
    if deadline_inspection is None:
        return issued
    hazard = db.session.scalar(select(Hazard).where(Hazard.inspection_id == deadline_inspection.id)
                               .order_by(Hazard.id).limit(1))
    hazard.onsite_measure = {"measure": "stop_equipment", "place": "生产车间东侧",
                             "legal_basis": "《中华人民共和国安全生产法》第六十五条第一款第三项"}
    recheck = db.session.scalar(select(HazardEvent).where(HazardEvent.type.in_(RECHECK_EVENTS),
                                                          HazardEvent.applied.is_(True))
                                .order_by(HazardEvent.at.desc()).limit(1))
    today = office_today()
    requests = [DocumentRequest("inspection_record", inspection_uuid=deadline_inspection.uuid),
                DocumentRequest("rectification_order", inspection_uuid=deadline_inspection.uuid),
                DocumentRequest("onsite_measures", hazard_uuids=(hazard.uuid,)),
                DocumentRequest("circular", period_from=date(today.year, 1, 1), period_to=today - timedelta(days=1))]
    if recheck is not None:
        requests.append(DocumentRequest("recheck_opinion", event_uuid=recheck.uuid))
    for request in requests:
        try:
            with db.session.begin_nested():
                issue_document(supervisor, request)
        except DomainError:
            continue  # the demo's records did not make this kind this time
        issued[request.kind] += 1
    return issued
