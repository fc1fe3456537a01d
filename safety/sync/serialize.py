"""Enterprises, review results and returned inspections as the pull sends them."""
from safety.hazards.serialize import photo_urls
from safety.inspections.queries import InspectionContents
from safety.inspections.serialize import inspection_json


def enterprises_json(rows, labels: dict[str, str]) -> list[dict]:
    """The enterprises, from rows of ``safety.sync.queries.PULLED_ENTERPRISE_COLUMNS``; ``grid`` is the grid's code,
    as ``create-user --grid`` takes, ``grid_name`` what the phone shows."""
    return [{"code": code, "name": name, "sector": sector, "sector_label": labels.get(sector, sector),
             "supervision_class": supervision_class, "grid": grid, "grid_name": grid_name, "address": address,
             "contact_person": contact_person, "contact_phone": contact_phone, "status": status, "uscc": uscc}
            for (code, name, sector, supervision_class, grid, grid_name, address, contact_person, contact_phone,
                 status, uscc) in rows]


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
