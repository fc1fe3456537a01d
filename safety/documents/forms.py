"""Reading a document request and the ledger's filters from a form, a query string or a JSON body."""
from __future__ import annotations

from flask_babel import gettext as _

from safety.common.errors import DomainError
from safety.common.parsing import parse_iso_date
from safety.documents.models import KINDS
from safety.documents.queries import DocumentFilters
from safety.documents.sources import DocumentRequest


def _date(value, field: str):
    if value in (None, ""):
        return None
    day = parse_iso_date(value) if isinstance(value, str) else None
    if day is None:
        raise DomainError("invalid_date", _("%(value)s is not a date (YYYY-MM-DD).", value=str(value)[:40]),
                          field=field)
    return day


def document_request_from(values) -> DocumentRequest:
    """A request from the issue form or query string: kind, inspection, event, hazards (comma-separated), start
    and end of a circular's period and the enterprises picked for it (``enterprise``, repeated)."""
    hazards = tuple(uuid.strip() for uuid in (values.get("hazards") or "").split(",") if uuid.strip())
    picked = tuple(values.getlist("enterprise")) if hasattr(values, "getlist") else ()
    corrects = values.get("corrects") or ""
    return DocumentRequest(
        kind=values.get("kind", "") or "", inspection_uuid=values.get("inspection", "") or "",
        event_uuid=values.get("event", "") or "", hazard_uuids=hazards,
        period_from=_date(values.get("start"), "period"), period_to=_date(values.get("end"), "period"),
        enterprise_codes=picked or None, corrects=int(corrects) if str(corrects).isdigit() else None)


def document_request_from_json(body: dict) -> DocumentRequest:
    """A request from the API's JSON body (the contract's shape)."""
    kind = body.get("type")
    if not isinstance(kind, str) or kind not in KINDS:
        raise DomainError("unknown_type", _("type must be one of %(known)s.", known=", ".join(KINDS)), field="type")
    inspection_uuid = body.get("inspection_uuid") or ""
    if not isinstance(inspection_uuid, str):
        raise DomainError("invalid_uuid", _("inspection_uuid must be a UUID."), field="inspection_uuid")
    hazard_uuids = body.get("hazard_uuids") or []
    if not isinstance(hazard_uuids, list) or not all(isinstance(uuid, str) for uuid in hazard_uuids):
        raise DomainError("invalid_hazard_uuids", _("hazard_uuids must be a list of UUIDs."), field="hazard_uuids")
    event_uuid = body.get("event_uuid") or ""
    if not isinstance(event_uuid, str):
        raise DomainError("invalid_uuid", _("event_uuid must be a UUID."), field="event_uuid")
    period = body.get("period")
    period_from = period_to = None
    if period is not None:
        if not isinstance(period, dict):
            raise DomainError("invalid_period", _("period must be an object with from and to."), field="period")
        period_from, period_to = _date(period.get("from"), "period"), _date(period.get("to"), "period")
    codes = body.get("enterprise_codes")
    if codes is not None and (not isinstance(codes, list) or not all(isinstance(code, str) for code in codes)):
        raise DomainError("invalid_enterprise_codes", _("enterprise_codes must be a list of enterprise codes."),
                          field="enterprise_codes")
    return DocumentRequest(kind, inspection_uuid=inspection_uuid, hazard_uuids=tuple(hazard_uuids),
                           event_uuid=event_uuid, period_from=period_from, period_to=period_to,
                           enterprise_codes=tuple(codes) if codes is not None else None)


def document_filters(args) -> DocumentFilters:
    """The ledger's filters from the query string; a malformed value means "everything"."""
    def day(name):
        try:
            return _date(args.get(name), name)
        except DomainError:
            return None
    inspector = args.get("inspector", "")
    kind = args.get("kind", "")
    return DocumentFilters.from_values({"kind": kind if kind in KINDS else "", "start": day("start"),
                                        "end": day("end"), "enterprise": (args.get("enterprise") or "").strip()[:32],
                                        "inspector": int(inspector) if inspector.isdigit() else None})
