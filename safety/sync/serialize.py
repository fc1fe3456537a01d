"""Enterprises and review results as the pull sends them."""
from safety.enterprises.models import Enterprise



def enterprise_json(enterprise: Enterprise, labels: dict[str, str]) -> dict:
    """One enterprise (load its grid with it); ``grid`` is the grid's code, as ``create-user --grid`` takes,
    ``grid_name`` what the phone shows."""
    return {
        "code": enterprise.code,
        "name": enterprise.name,
        "sector": enterprise.sector,
        "sector_label": labels.get(enterprise.sector, enterprise.sector),
        "supervision_class": enterprise.supervision_class,
        "grid": enterprise.grid.code if enterprise.grid else None,
        "grid_name": enterprise.grid.name if enterprise.grid else None,
        "address": enterprise.address,
        "contact_person": enterprise.contact_person,
        "contact_phone": enterprise.contact_phone,
        "status": enterprise.status,
        "uscc": enterprise.uscc,
    }


def review_json(uuid: str, review_state: str, review_comment: str) -> dict:
    """The review result of one of the user's inspections."""
    return {"uuid": uuid, "review_state": review_state, "review_comment": review_comment}
