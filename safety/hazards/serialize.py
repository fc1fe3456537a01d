"""Hazards as the sync contract's ``pull`` sends them to phones."""
from safety.hazards.models import Hazard

# The states a phone needs for look-back re-checks; closed hazards leave the phone.
OPEN_STATUSES = ("open", "rectified", "pending_verification")


def hazard_json(hazard: Hazard, enterprise_code: str) -> dict:
    """One hazard in the pull's shape (contract fields: uuid, enterprise_code, status, level, description,
    deadline). ``item_id`` is the template item's key, as in the inspection document."""
    return {
        "uuid": hazard.uuid,
        "enterprise_code": enterprise_code,
        "status": hazard.status,
        "level": hazard.level,
        "description": hazard.description,
        "deadline": hazard.deadline.isoformat() if hazard.deadline else None,
        "mode": hazard.mode,
        "responsible_person": hazard.responsible_person,
        "measures": hazard.measures,
        "item_id": hazard.item_key,
        "found_at": hazard.found_at.isoformat() if hazard.found_at else None,
    }
