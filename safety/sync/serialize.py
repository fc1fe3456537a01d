"""Enterprises, review results and returned inspections as the pull sends them."""
from safety.enterprises.models import Enterprise
from safety.hazards.serialize import photo_urls
from safety.inspections.queries import InspectionContents
from safety.inspections.serialize import inspection_json


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


def returned_json(contents: InspectionContents) -> dict:
    """A returned inspection as ``GET /api/v1/inspections/<uuid>`` answers it, plus what amending it on a phone
    with no network needs: the names it is listed under, and where to fetch each of its photos and signatures
    (the phone that opens it may never have held them)."""
    photos = {}
    for photo_uuid, purpose, *_rest in contents.photos:
        photos.setdefault(photo_uuid, {"uuid": photo_uuid, "purpose": purpose, **photo_urls(photo_uuid)})
    return {**inspection_json(contents), "enterprise_name": contents.enterprise_name,
            "template_name": contents.template_name, "photos": list(photos.values())}
