"""The OpenAPI 3.1 description of the sync API (DESIGN.md "Sync protocol") and the campaign API
(DESIGN.md "Plans, campaigns and tasks"), as plain data.

The descriptions are written for client developers in English and are not
translated: no user ever reads them. tests/api_docs checks this document
against the URL map and against the real responses.
"""
from safety.auth.access import access_rule
from safety.documents import models as documents
from safety.documents.onsite import MEASURES as ONSITE_MEASURES
from safety.hazards import vocabulary as hazards
from safety.hazards.api import post_event
from safety.hazards.lifecycle import ROLES_BY_EVENT_TYPE
from safety.inspections import vocabulary as inspections
from safety.users.models import Role

from safety.campaigns.vocabulary import (CAMPAIGN_KINDS, CAMPAIGN_STATUSES, INSPECTION_FLAGS, OUTSIDE_ROLES,
                                         TASK_STATUSES, TEAM_FLAGS, TEAM_ROLES)

UUID = {"type": "string", "format": "uuid"}
TIME = {"type": "string", "format": "date-time", "description": "ISO 8601 with offset."}
DAY = {"type": "string", "format": "date"}


def _null(schema: dict) -> dict:
    """``schema`` or null."""
    kind = schema.get("type")
    if kind is None:
        return {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "type": [kind, "null"] if isinstance(kind, str) else [*kind, "null"]}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _record(properties: dict, required=None, description: str | None = None) -> dict:
    """An object whose listed properties (all of them unless told) are always present; more may be added."""
    schema = {"type": "object", "properties": properties,
              "required": list(properties) if required is None else list(required)}
    if description:
        schema["description"] = description
    return schema


STR, INT, BOOL, NUM = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}, {"type": "number"}
UUIDS = {"type": "array", "items": UUID}

PHOTO_REF = _record({
    "uuid": UUID, "purpose": _null(STR), "thumb_url": STR, "display_url": STR, "sha256": STR, "taken_at": _null(TIME),
}, description="A stored photo as evidence: where to fetch its thumbnail and display size.")

EVENT = _record({
    "uuid": UUID, "type": STR, "actor": _null(STR), "role": STR, "at": TIME, "received_at": _null(TIME),
    "note": _null(STR), "new_deadline": _null(DAY), "applied": BOOL,
    "reason": _null({"type": "string", "description": "Why the event was not applied, in the reader's language."}),
    "signed_by": _null(STR), "plan": _null({"type": "object"}),
    "photos": {"type": "array", "items": _ref("PhotoRef")}, "signature": _null(_ref("PhotoRef")),
}, description="One event of a hazard's log. An event that no longer fits the hazard is stored with applied false.")

HAZARD_NUMBER = _null({"type": "string", "description": "The hazard's readable number, given by the server as it stored it "
                                        "(YH-2026-000123: prefix, office year of finding, number in that year)."})

HAZARD_FIELDS = {
    "uuid": UUID, "number": HAZARD_NUMBER, "enterprise_code": STR, "enterprise_name": STR,
    "status": {"type": "string", "enum": list(hazards.STATUSES)},
    "level": {"type": "string", "enum": list(hazards.LEVELS)}, "description": STR, "deadline": _null(DAY),
    "mode": {"type": "string", "enum": list(hazards.MODES)}, "responsible_person": _null(STR),
    "measures": _null(STR), "funds": _null(STR), "emergency_plan": _null(STR), "supervising_unit": _null(STR),
    "supervision_deadline": _null(DAY), "item_id": _null(STR), "found_at": _null(TIME), "found_by": _null(STR),
    "overdue": BOOL, "escalated": BOOL, "needs_escalation": BOOL, "recurring": BOOL, "failed_recheck_count": INT,
    "photos": {"type": "array", "items": _ref("PhotoRef")},
}

HAZARD_DETAIL = _record({**HAZARD_FIELDS, "events": {"type": "array", "items": _ref("HazardEvent")}},
                        description="One hazard with its evidence and its whole event log, oldest event first.")

PULL_PHOTO_REF = _record({
    "uuid": UUID, "purpose": _null(STR), "thumb_url": STR,
}, description="A stored photo as pull lists it: what the phone keeps of it (its thumbnail). The hazard's own "
               "answer carries its hash, display size and time.")

# The phone's look-back list reads these; the hazard's own answer (GET /api/v1/hazards/<uuid>) has the rest.
PULLED_HAZARD_FIELDS = ("uuid", "number", "enterprise_code", "enterprise_name", "status", "level", "description",
                        "deadline", "responsible_person", "measures", "found_at", "found_by", "escalated", "recurring",
                        "failed_recheck_count")

PULL_HAZARD = _record({**{name: HAZARD_FIELDS[name] for name in PULLED_HAZARD_FIELDS},
                       "photos": {"type": "array", "items": _ref("PullPhotoRef")},
                       "last_event": _null(_record(
    {"type": STR, "note": _null(STR), "actor": _null(STR), "applied": BOOL}))},
    description="An open hazard in scope, with what the phone's look-back list shows of it: the major-hazard "
                "plan, mode, item, derived flags and event times are in GET /api/v1/hazards/<uuid>.")

ENTERPRISE = _record({
    "code": {"type": "string", "description": "The code in the enterprise's QR URL."}, "name": STR, "sector": STR,
    "sector_label": STR, "supervision_class": _null(STR),
    "grid": _null({"type": "string", "description": "The grid's code, as create-user --grid takes it."}),
    "grid_name": _null({"type": "string", "description": "The grid's name, as people read it."}),
    "address": _null(STR), "contact_person": _null(STR), "contact_phone": _null(STR), "status": STR, "uscc": _null(STR),
})

TEMPLATE = _record({
    "id": INT, "version": INT, "name": STR, "topic": _null(STR),
    "sectors": {"type": "array", "items": STR,
                "description": "Enterprise sectors for which the phone suggests this checklist."},
    "sections": {"type": "array", "items": _record({"title": STR, "items": {"type": "array", "items": _record({
        "id": STR, "prompt": STR, "guidance": _null(STR), "basis": _null(STR),
        "kind": {"type": "string", "enum": ["pass_fail", "number", "text"]}, "photo_required_on_fail": BOOL,
        "min": _null({**NUM, "description": "A number item's lower limit: a lower reading fails."}),
        "max": _null({**NUM, "description": "A number item's upper limit: a higher reading fails."}),
        "unit": {**STR, "description": "The unit of a number item's reading (%LEL, mA); empty when none."},
        "finding": {**STR, "description": "What a failure of the item means, worded as a hazard's description; "
                                          "empty when the template gives none."}})}})},
}, description="One version of a checklist template.")

LOCATION = _null(_record({"lat": NUM, "lng": NUM, "accuracy_m": _null(NUM)}, required=["lat", "lng"]))
KIND = {"type": "string", "enum": list(inspections.KINDS)}
RESULT = {"type": "string", "enum": list(inspections.RESULTS)}
ANSWER = _record({"item_id": STR, "result": _null({**RESULT, "description": (
    "Required for a pass/fail item. A number item may pass or fail too: a reading outside the item's min/max "
    "fails; sent as pass it is refused (400 outside_limits), sent without a result it is stored as fail.")}),
                  "value": _null({"type": ["string", "number"]}),
                  "note": _null(STR), "photos": UUIDS}, required=["item_id"])
INSPECTION_HAZARD = {
    "uuid": UUID, "item_id": _null(STR), "description": STR, "level": HAZARD_FIELDS["level"],
    "mode": HAZARD_FIELDS["mode"], "responsible_person": _null(STR), "measures": _null(STR),
    "deadline": _null(DAY), "photos": UUIDS, "rectification_photos": UUIDS,
    "onsite_measure": {**_null(_record({
        "measure": {"enum": list(ONSITE_MEASURES)}, "place": STR, "legal_basis": STR})),
        "description": "现场处理措施 ordered on the spot for this hazard (stop using the equipment, stop work in the "
                       "area, withdraw people), where and under which article; it makes the decision on on-site "
                       "measures (POST /api/v1/documents, type onsite_measures)."},
}

SHA256_HEX = {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"}
SIGNED_CONTENT = (
    "The fingerprint of what the enterprise representative signs: the SHA-256 of the canonical JSON of the "
    "document's enterprise_code, template_id, template_version, kind, notes, answers (item_id, result, value as "
    "text, note, photos sorted; sorted by item_id) and hazards (all their fields, photos sorted; sorted by uuid), "
    "keys sorted, no whitespace, UTF-8.")
SIGNATURES_SENT = {
    "inspector": _null(UUID), "representative": _null(UUID), "representative_name": _null(STR),
    "representative_signed_sha256": _null({**SHA256_HEX, "description": (
        "What the representative's signature covers (" + SIGNED_CONTENT + ") It must be this document's own: "
        "otherwise 400 signature_content_mismatch. A signature carried from an earlier revision must have been "
        "given for the same content: otherwise 409 signature_of_earlier_revision. Absent: a carried signature "
        "is recorded as belonging to the revision it was given on.")}),
    "representative_absent_reason": _null({**STR, "maxLength": 1000, "description": (
        "Why the enterprise did not sign, e.g. an amendment made at the office without the enterprise. Not "
        "together with a representative signature (400 signature_and_reason).")}),
}
SIGNATURES_HELD = {
    **SIGNATURES_SENT,
    "representative_signed_sha256": _null({**SHA256_HEX, "description": (
        "The content the attached representative signature was given for; it differs from signed_content_sha256 "
        "when a revision carried the signature over content changed since.")}),
    "inspector_signed_revision": _null({**INT, "description": "The revision the inspector's signature was drawn "
                                                                "for."}),
    "representative_signed_revision": _null({**INT, "description": "The revision the representative signed; null "
                                                                     "when unknown or not signed."}),
}

INSPECTION_DOCUMENT = _record({
    "uuid": UUID, "enterprise_code": STR, "template_id": INT, "template_version": INT, "kind": KIND,
    "started_at": TIME, "finished_at": TIME,
    "identified_by": {"type": "string", "enum": list(inspections.IDENTIFIED_BY)},
    "location": LOCATION, "answers": {"type": "array", "items": ANSWER},
    "hazards": {"type": "array", "items": _record(INSPECTION_HAZARD, required=["uuid", "description", "level", "mode"])},
    "notes": _null(STR),
    "signatures": _record(SIGNATURES_SENT, required=[]),
    "revision_of": _null({**UUID, "description": "The inspection this one amends after it was returned."}),
    "task_uuid": _null({**UUID, "description": "The campaign task it was made for (404 task_not_found when there is "
                                               "none; 400 task_other_enterprise when the task is for another "
                                               "enterprise). It fulfils the task. A member of the task may send it "
                                               "for the task's enterprise even outside their grids, and even after "
                                               "the task was cancelled or its campaign closed while they were "
                                               "offline. A revision without one goes on fulfilling the task of the "
                                               "inspection it amends."}),
    "team": {"type": "array", "maxItems": 30, "items": {"anyOf": [
        _record({"username": STR}, description="A colleague from the pulled staff list (400 unknown_user or "
                                                "not_staff otherwise; one deactivated since is stored, flagged)."),
        _record({"name": STR, "organisation": STR,
                 "role": {"type": "string", "enum": list(OUTSIDE_ROLES)}}, required=["name", "role"],
                description="Someone from outside: an expert (专家) or another department on a joint check "
                            "(联合检查; organisation required).")]},
             "description": "Who went, besides the sender (always on the team, first). Absent: the sender alone. "
                            "Everyone on it reads the inspection and gets its review result in pull."},
    "visit_uuid": _null({**UUID, "description": (
        "Several checklists in one visit: one inspection per checklist, each with the same visit_uuid, made by "
        "the phone. All inspections of a visit are at one enterprise.")}),
}, required=["uuid", "enterprise_code", "template_id", "template_version", "kind", "started_at", "finished_at",
             "answers"], description="An inspection as the phone sends it. Photo UUIDs refer to photos already "
                                     "uploaded by the same user.")

INSPECTION = _record({
    **INSPECTION_DOCUMENT["properties"],
    "answers": {"type": "array", "items": _record(ANSWER["properties"])},
    "hazards": {"type": "array", "items": _record({**INSPECTION_HAZARD, "number": HAZARD_NUMBER,
                                                   "status": HAZARD_FIELDS["status"]})},
    "signatures": _record(SIGNATURES_HELD),
    "signed_content_sha256": {**SHA256_HEX, "description": SIGNED_CONTENT},
    "received_at": TIME, "review_state": STR, "review_comment": STR,
    "inspector": _record({"username": STR, "name": _null(STR)}),
    "revision": {"type": "integer", "description": "1, 2, ... of a returned inspection amended and sent again."},
    "team": {"type": "array", "items": _record({
        "username": _null(STR), "name": STR, "organisation": STR,
        "role": {"type": "string", "enum": list(TEAM_ROLES)},
        "flag": {"type": ["string", "null"], "enum": [*TEAM_FLAGS, None],
                 "description": "deactivated: the account was deactivated when the inspection arrived."}}),
        "description": "The whole team in order, the inspector first; the inspector alone when none was sent."},
    "flags": {"type": "array", "items": _record({
        "code": {"type": "string", "enum": list(INSPECTION_FLAGS)}, "username": _null(STR),
        "message": {"type": "string", "description": "In the reader's language."}}),
        "description": "What the office is told: a colleague deactivated while the phone was offline; "
                       "understaffed: an enforcement task's inspection with fewer than two staff on the team "
                       "(执法人员不少于两人), stored as sent because the phone cannot change who went."},
    "duplicate": {"type": "boolean", "description": "Present (true) when the same document was stored before."},
}, description="The inspection as the server holds it, with its review state.")
INSPECTION["required"] = [name for name in INSPECTION["properties"] if name != "duplicate"]

RETURNED_INSPECTION = _record({
    **{name: schema for name, schema in INSPECTION["properties"].items() if name != "duplicate"},
    "enterprise_name": STR, "template_name": STR,
    "photos": {"type": "array", "items": _record({"uuid": UUID, "purpose": _null(STR), "thumb_url": STR,
                                                  "display_url": STR}),
               "description": "Every photo and signature the document names, with where to fetch it: a phone "
                              "keeps them to amend the inspection with no network."},
}, description="A returned inspection in pull: the inspection as GET /api/v1/inspections/{uuid} answers it, "
               "with the names it is listed under and its photos' URLs.")

EVENT_DOCUMENT = _record({
    "uuid": UUID,
    "type": {"type": "string", "enum": list(hazards.API_EVENT_TYPES)},
    "at": TIME, "note": _null(STR), "photos": UUIDS,
    "new_deadline": _null({**DAY, "description": "Required for recheck_failed."}),
    "signed_by": _null(STR), "signature": _null(UUID),
    **{name: _null(STR) for name in ("responsible_person", "measures", "funds", "emergency_plan", "supervising_unit")},
    "deadline": _null(DAY), "supervision_deadline": _null(DAY),
    "photo_pairs": {"type": "array", "items": _record({"photo": UUID, "before": UUID}, required=["photo", "before"]),
                    "description": "Before and after: each of this event's photos taken to match an earlier photo "
                                   "of the hazard, with that photo."},
}, required=["uuid", "type", "at"], description="One hazard event; idempotent by its UUID. The plan fields "
                                                 "are for plan_set only; absent ones keep their value.")

PHOTO = _record({"uuid": UUID, "sha256": STR, "content_type": STR, "size_bytes": INT, "width": INT, "height": INT,
                 "taken_at": _null(TIME), "received_at": TIME})

SESSION = _record({
    "user": _record({"id": INT, "username": STR, "name": _null(STR),
                     "role": {"type": "string", "enum": [role.value for role in Role]},
                     "enterprise_code": _null(STR), "grids": {"type": "array", "items": STR}}),
    "csrf_token": {"type": "string", "description": "Send it as X-CSRFToken on every state-changing request."},
})

ERROR = _record({"error": _record({"code": {"type": "string", "description": "Machine code a client can branch on."},
                                   "message": {"type": "string", "description": "In the user's language."},
                                   "field": _null({"type": "string", "description": "The offending field."})})})

CAMPAIGN_KIND = {"type": "string", "enum": list(CAMPAIGN_KINDS),
                 "description": "campaign 专项整治, random 双随机抽查, plan 年度计划, holiday 节假日检查, joint 联合检查."}
CAMPAIGN_STATUS = {"type": "string", "enum": list(CAMPAIGN_STATUSES)}
TASK_STATUS = {"type": "string", "enum": list(TASK_STATUSES),
               "description": "Derived: cancelled, done (a counted inspection fulfils it), overdue (past its due day), "
                              "else pending."}
STRINGS = {"type": "array", "items": STR}
SCOPE = _record({
    "sectors": {**STRINGS, "description": "Sector keys (as pull's enterprise.sector)."},
    "grids": {**STRINGS, "description": "Grid codes."},
    "classes": {"type": "array", "items": {"type": "string", "enum": ["A", "B", "C", "D"]}},
    "enterprises": {**STRINGS, "description": "Enterprise codes, added to those the criteria select."},
}, description="The enterprises not closed that match every criterion given, plus those listed. No criterion: the "
               "list alone, or the whole register when there is no list either.")
BASIS = _record({"number": {"type": "string", "description": "文号, e.g. 区安委办〔2026〕12号."},
                 "title": {"type": "string", "description": "The title of the document that ordered the campaign."}})
CAMPAIGN_FIELDS = {
    "code": STR, "name": STR, "kind": CAMPAIGN_KIND, "kind_label": STR, "status": CAMPAIGN_STATUS, "status_label": STR,
    "basis": BASIS, "starts_on": DAY, "ends_on": DAY, "scope": SCOPE, "template_ids": {"type": "array", "items": INT},
    "enforcement": {"type": "boolean", "description": "执法人员不少于两人: every task has two inspectors or more."},
    "exclude_own_grid_alone": {"type": "boolean", "description": "A drawn team is never only inspectors of the "
                                                                "enterprise's own grid."},
    "unit": _record({"code": STR, "name": STR, "kind": STR},
                    description="The unit whose campaign it is (the bureau, a town, a park)."),
    "created_at": _null(TIME), "activated_at": _null(TIME), "closed_at": _null(TIME),
}
COUNTS = {"tasks": {"type": "integer", "description": "Tasks not cancelled."}, "done": INT, "overdue": INT}
CAMPAIGN_LISTED = _record({**CAMPAIGN_FIELDS, **COUNTS}, description="A campaign with its task counts.")
CAMPAIGN = _record({
    **CAMPAIGN_FIELDS, **COUNTS,
    "enterprises_inspected": {"type": "integer", "description": "Different enterprises of the counted inspections "
                                                                "made for its tasks."},
    "hazards_found": {"type": "integer", "description": "Found by the inspections made for its tasks."},
    "major_hazards": INT, "rectified": {"type": "integer", "description": "Of those found, closed now."},
    "rectification_rate": _null({"type": "number", "description": "Rectified of found, percent, one decimal; null "
                                                                  "when nothing was found."}),
    "as_of": {**DAY, "description": "The day overdue is judged on (the closing day when frozen)."},
    "frozen": {"type": "boolean",
               "description": "true for a closed campaign: the figures as they were when it closed."},
    "by_grid": {"type": "array", "items": _record({"grid": _null(STR), "name": STR, **COUNTS})},
    "by_sector": {"type": "array", "items": _record({"sector": STR, "label": STR, **COUNTS})},
    "overdue_by_inspector": {"type": "array", "items": _record({"username": STR, "name": _null(STR), "overdue": INT})},
}, description="A campaign with its figures (the summary's definitions) at the top level, then the coverage tables.")
CAMPAIGN_DOCUMENT = _record({
    "code": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9-]{0,31}$", "description": "e.g. 2026-ZX-03; "
                                                                                          "stored in upper case."},
    "name": STR, "kind": CAMPAIGN_KIND,
    "basis": {"anyOf": [BASIS, STR, {"type": "null"}],
              "description": "The document that ordered it: {number, title}, or one string whose leading document "
                             "number (〔2026〕12号) is taken apart from the title. Answered as {number, title}."},
    "starts_on": DAY, "ends_on": {**DAY, "description": "Not before starts_on (400 invalid_period otherwise)."},
    "scope": _record(SCOPE["properties"], required=[]),
    "template_ids": {"type": "array", "items": INT, "description": "Checklist template ids, in order."},
    "enforcement": BOOL, "exclude_own_grid_alone": BOOL,
    "unit": {"type": "string", "description": "The code of the unit whose campaign it is: the creator's own unit "
                                              "or one below it (403 unit_out_of_scope otherwise, 404 when no unit "
                                              "has the code). Left out: the creator's unit."},
}, required=["code", "name", "kind", "starts_on", "ends_on"],
    description="A new campaign (a draft). A supervisor whose jurisdiction is their grids gets their grids as the "
                "scope's grids when it names none.")
TASK = _record({
    "uuid": UUID, "campaign": _record({"code": STR, "name": STR, "kind": CAMPAIGN_KIND}),
    "enterprise_code": STR, "enterprise_name": STR, "due_on": DAY,
    "template_ids": {"type": "array", "items": INT, "description": "The campaign's checklist templates, in order."},
    "team": {"type": "array", "items": STR, "description": "Usernames, in order."},
    "status": TASK_STATUS, "status_label": STR,
    "inspection_kind": {**KIND, "description": "The kind an inspection opened from this task gets."},
    "reasons": {"type": "array", "items": _record({"code": STR, "label": STR}),
                "description": "Why the annual plan proposed it (class_B, open_major_hazard, overdue_hazards, "
                               "recurring, not_inspected_for_N_days with days, …); empty when picked by hand."},
    "cancel_reason": _null(STR),
})
TASK_DOCUMENT = _record({
    "enterprise_code": STR, "team": {"type": "array", "items": STR, "minItems": 1,
                                     "description": "Usernames of active inspectors or supervisors; two or more in "
                                                    "an enforcement campaign."},
    "due_on": {**DAY, "description": "Within the campaign's period; absent: its last day."},
}, required=["enterprise_code", "team"])
DRAW_DOCUMENT = _record({
    "count": {"type": "integer", "minimum": 1, "description": "How many enterprises; or give share."},
    "share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1,
              "description": "Which part of the scope, rounded up (0.1 of 45 is 5); or give count."},
    "team_size": {"type": "integer", "minimum": 1, "maximum": 10, "default": 2},
    "seed": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$", "description": "Absent: the server chooses one."},
    "staff": {**STRINGS, "description": "Usernames of the staff pool; absent: the active inspectors of the scope's "
                                        "grids (all when it names none)."},
}, required=[], description="Give count or share. The draw is made once per campaign, before it has tasks; its tasks "
                            "are due on days spread from today to the campaign's end, in draw order.")
DRAW_RESULT = _record({
    "seed": STR, "tasks": {"type": "array", "items": _ref("Task")},
    "draw": _record({"count": INT, "share": _null(STR), "team_size": INT, "exclude_own_grid_alone": BOOL,
                     "drawn_at": TIME,
                     "enterprise_pool": {"type": "array", "items": _record({"code": STR, "grid": _null(STR)})},
                     "staff_pool": {"type": "array", "items": _record({"username": STR, "grids": STRINGS})},
                     "result": {"type": "array", "items": _record({"enterprise": STR, "hash": STR,
                                                                   "team": STRINGS})}},
                    description="Everything needed to redo the draw by hand (safety/campaigns/draw.py says how)."),
})

PULL_CAMPAIGN = _record({
    "code": STR, "name": STR, "kind": CAMPAIGN_KIND, "kind_label": STR, "basis": BASIS, "starts_on": DAY,
    "ends_on": DAY, "template_ids": {"type": "array", "items": INT, "description": "Checklist template ids, in order."},
    "enforcement": {"type": "boolean", "description": "执法人员不少于两人: an inspection for its tasks needs two staff "
                                                      "on its team."},
    "inspection_kind": {**KIND, "description": "The kind an inspection opened from its tasks gets."},
}, description="An active campaign the user has a task in.")
STAFF_MEMBER = _record({"username": STR, "display_name": _null(STR),
                        "grids": {**STRINGS, "description": "Grid codes."}},
                       description="An active inspector or supervisor, for an inspection's team picked offline.")

PULL = _record({
    "cursor": {"type": "string", "description": "Send it back as since= on the next pull."},
    "full": {"type": "boolean", "description": "true: the lists are everything in scope and replace what the phone "
                                               "holds; false: only rows changed since the cursor."},
    "enterprises": {"type": "array", "items": _ref("Enterprise"),
                    "description": "In scope: for an inspector, their grids' enterprises and those of their open "
                                   "tasks elsewhere (campaign active, task neither cancelled nor done)."},
    "templates": {"type": "array", "items": _ref("Template")},
    "hazards": {"type": "array", "items": _ref("PullHazard")},
    "inspections": {"type": "array", "items": _record({"uuid": UUID, "review_state": STR, "review_comment": STR}),
                    "description": "Review results of the user's inspections, and of those whose team they were on."},
    "tasks": {"type": "array", "items": _ref("Task"),
              "description": "The user's own tasks of active campaigns, not cancelled (done ones included), by due "
                             "day; updated by uuid in a delta. status is as of the pull: a pending task past its "
                             "due_on is overdue."},
    "campaigns": {"type": "array", "items": _ref("PullCampaign"),
                  "description": "The active campaigns the user has a task in: always complete, the phone replaces "
                                 "them."},
    "staff": {"type": "array", "items": _ref("StaffMember"),
              "description": "Active inspectors and supervisors, to pick an inspection's team from offline: always "
                             "complete, the phone replaces them. Empty for enterprise accounts and administrators."},
    "returned": {"type": "array", "items": _ref("ReturnedInspection"),
                 "description": "The user's own inspections returned for amendment, whichever phone sent them "
                                "(only the inspector who made an inspection may revise it); updated by uuid in a "
                                "delta."},
    "removed": _record({"enterprises": {"type": "array", "items": STR}, "templates": {"type": "array", "items": INT},
                        "hazards": UUIDS,
                        "tasks": {**UUIDS, "description": "Cancelled, given to others, or of a campaign that "
                                                          "closed; may name tasks the phone never held."},
                        "returned": {**UUIDS, "description": "The user's inspections no longer returned (amended "
                                                             "and sent again, or approved): drop them from the "
                                                             "returned list. May name one the phone never held."}}),
    "number_blocks": {"type": "array", "items": _record({
        "id": INT, "type": {"enum": ["inspection_record", "rectification_order", "onsite_measures"]},
        "year": INT, "numbers": {"type": "array", "items": INT}, "reserved_at": TIME,
        "prefix": {"type": "string", "description": "The office's prefix for the type, as printed before 〔year〕."},
        "office": {"type": "string", "description": "The issuing office's full name."}}),
        "description": "Document numbers reserved for this phone (device=), one block per type issued on site, "
                       "to give offline. A block comes again while untouched; once a number of it is used (or "
                       "named in pending=) the next pull releases its other numbers as void and reserves a new "
                       "one. Empty without device= and for users who do not inspect."},
    "documents": {"type": "array", "items": _record({
        "id": INT, "type": {"enum": ["inspection_record", "rectification_order", "recheck_opinion",
                                     "onsite_measures"]},
        "number": {"type": "string", "description": "As printed, prefix included: 区应急责改〔2026〕第012号."},
        "issued_on": {"type": "string", "format": "date"}, "sha256": STR,
        "superseded": {"type": "boolean", "description": "A correction replaced it."},
        "pdf_url": STR, "verify_url": STR}),
        "description": "An enterprise account's documents, those addressed to its enterprise, the newest 100: "
                       "always the complete list, the phone replaces it and keeps each PDF offline. Empty for "
                       "other roles."},
}, required=["cursor", "full", "enterprises", "templates", "hazards", "inspections", "tasks", "campaigns", "staff",
             "returned", "removed", "number_blocks", "documents"])

DOCUMENT_TYPES = {"type": "string", "enum": list(documents.KINDS)}
DOCUMENT_REQUEST = {
    "type": "object", "required": ["type"],
    "description": "The kind and one source: inspection_uuid (inspection_record, rectification_order, "
                   "onsite_measures, recheck_opinion of a look-back inspection), hazard_uuids (rectification_order, "
                   "onsite_measures: hazards of one enterprise), event_uuid (recheck_opinion of a re-check), or period "
                   "(circular; enterprise_codes narrows it to the enterprises the supervisor confirmed).",
    "properties": {
        "type": DOCUMENT_TYPES, "inspection_uuid": UUID, "hazard_uuids": {"type": "array", "items": UUID},
        "event_uuid": UUID,
        "period": {"type": "object", "required": ["from", "to"], "properties": {"from": DAY, "to": DAY}},
        "enterprise_codes": STRINGS,
        # Issued on a phone (safety.documents.field): its own uuid, the number of its block (null when the block
        # ran out), when, and how the enterprise received it.
        "uuid": UUID, "number": _null({"type": "integer", "minimum": 1}),
        "year": _null({"type": "integer", "minimum": 1}), "issued_at": TIME,
        "receipt": {"type": "object", "properties": {
            "signature": _null(UUID), "refused": BOOL, "refusal_photo": _null(UUID), "refusal_note": STR,
            "recipient": STR, "method": {"enum": ["in_person", "left_on_site"]}, "served_at": TIME}},
    },
}
DOCUMENT = _record({
    "id": INT, "number": {"type": "string", "description": "As printed: prefix〔year〕第NNN号."},
    "type": DOCUMENT_TYPES, "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$",
                                      "description": "SHA-256 of the frozen content's canonical JSON."},
    "verify_url": {"type": "string", "description": "The public verify page, as the printed QR code encodes it."},
    "pdf_url": {"type": "string"},
})

SCHEMAS = {
    "Error": ERROR, "Session": SESSION, "Pull": PULL, "Enterprise": ENTERPRISE, "Template": TEMPLATE,
    "PullHazard": PULL_HAZARD, "PullPhotoRef": PULL_PHOTO_REF, "PhotoRef": PHOTO_REF, "Photo": PHOTO, "InspectionDocument": INSPECTION_DOCUMENT,
    "Inspection": INSPECTION, "ReturnedInspection": RETURNED_INSPECTION, "HazardDetail": HAZARD_DETAIL, "HazardEvent": EVENT, "EventDocument": EVENT_DOCUMENT,
    "EventResult": _record({"event": _ref("HazardEvent"), "hazard": _ref("HazardDetail")}),
    "Campaign": CAMPAIGN, "CampaignListed": CAMPAIGN_LISTED, "CampaignDocument": CAMPAIGN_DOCUMENT, "Task": TASK,
    "TaskDocument": TASK_DOCUMENT, "DrawDocument": DRAW_DOCUMENT, "DrawResult": DRAW_RESULT,
    "PullCampaign": PULL_CAMPAIGN, "StaffMember": STAFF_MEMBER,
    "DocumentRequest": DOCUMENT_REQUEST, "Document": DOCUMENT,
}

_ERRORS = {
    400: "Invalid input; field names the offending field.", 401: "Not signed in, or wrong username or password.",
    403: "Not allowed for this user or account, or the CSRF token is missing or wrong.", 404: "No such record.",
    409: "Conflicts with what is stored.", 413: "The body is too large.", 415: "Unsupported Content-Type.",
    429: "Too many requests (per user, per endpoint); wait for the Retry-After header's seconds and try again.",
}


def _json(schema_name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema_name)}}}


def _operation(summary: str, answers: dict, errors=(), body: dict | None = None, public: bool = False,
               parameters=()) -> dict:
    operation = {"summary": summary, "responses": {**{str(k): v for k, v in answers.items()},
                                                   **{str(s): {"$ref": f"#/components/responses/E{s}"}
                                                      for s in errors}}}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": body}
    if public:
        operation["security"] = []
    if parameters:
        operation["parameters"] = list(parameters)
    return operation


def _event_refusals() -> dict:
    """The 403 answer of the events endpoint, naming which role may record which event type."""
    posting = access_rule(post_event)
    who = "; ".join(f"{event_type}: " + ", ".join(role.value for role in Role if role in posting
                                                   and role.value in ROLES_BY_EVENT_TYPE.get(event_type, ()))
                    for event_type in hazards.API_EVENT_TYPES)
    return _json("Error", "Refused: nothing stored, no photo attached. role_may_not_record: the user's role may "
                          "record this event type in no state of a hazard (who may record what: "
                          f"{who}); a phone keeps such an event and lets its user discard it. "
                          "hazard_out_of_scope: the hazard is not in the user's scope. photo_not_yours: a photo "
                          "was uploaded by someone else. forbidden: the role posts no events at all. An event "
                          "that only no longer fits the hazard's state is not refused: it is stored with applied "
                          "false and its reason.")


def _path_uuid(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": UUID}


def _path_code(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": STR}


def _paths() -> dict:
    write = (400, 401, 403, 404, 409, 413, 415, 429)
    return {
        "/api/v1/session": {
            "get": _operation("The signed-in user and a CSRF token.", {200: _json("Session", "Signed in.")}, (401,)),
            "post": _operation(
                "Sign in (no CSRF token needed) and receive the session cookie. Failed sign-ins are limited per "
                "account and per address (successful ones are never counted): over a limit, 429 with Retry-After.",
                {200: _json("Session", "Signed in; the session cookie is set.")}, (400, 401, 403, 413, 415, 429),
                body={"application/json": {"schema": _record({"username": STR, "password": STR})}}, public=True),
            "delete": _operation("Sign out.", {200: {"description": "Signed out.", "content": {"application/json": {
                "schema": _record({"signed_out": {"const": True}})}}}}, (401, 403)),
        },
        "/api/v1/sync/pull": {"get": _operation(
            "What changed for this user since the cursor; without one, everything in scope.",
            {200: _json("Pull", "The changes and the next cursor (Cache-Control: no-store).")}, (400, 401, 429),
            parameters=[{"name": "since", "in": "query", "required": False, "schema": STR,
                         "description": "The cursor of the previous pull; a stale or foreign one means a full pull."},
                        {"name": "device", "in": "query", "required": False,
                         "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]{1,64}$"},
                         "description": "The phone's own random id: its number blocks are reserved for it."},
                        {"name": "pending", "in": "query", "required": False, "schema": STR,
                         "description": "Numbers this phone has given on documents not yet sent, as "
                                        "type:year:number separated by commas: they stay reserved (400 "
                                        "invalid_pending otherwise)."}])},
        "/api/v1/photos/{photo_uuid}": {"put": _operation(
            "Upload a photo's bytes. Same UUID and bytes again: 200, nothing new stored; other bytes: 409.",
            {201: _json("Photo", "Stored."), 200: _json("Photo", "Stored before with these bytes.")}, write,
            body={"image/*": {"schema": {"type": "string", "contentMediaType": "image/*"}},
                  "application/octet-stream": {"schema": {"type": "string", "contentMediaType":
                                                          "application/octet-stream"}}},
            parameters=[_path_uuid("photo_uuid"),
                        {"name": "X-Content-SHA256", "in": "header", "required": True,
                         "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"},
                         "description": "SHA-256 of the body as 64 hex characters."},
                        {"name": "X-Photo-Taken-At", "in": "header", "required": False, "schema": TIME,
                         "description": "When the phone took it (or ?taken_at=)."},
                        {"name": "X-Photo-Location", "in": "header", "required": False, "schema": STR,
                         "description": "latitude,longitude,accuracy_m (or ?location=)."}])},
        "/api/v1/inspections": {"post": _operation(
            "Send one inspection; idempotent by its UUID, stored all or nothing. Upload its photos first "
            "(409 photo_missing otherwise). Other content under a stored UUID: 409 inspection_conflict, "
            "nothing stored.",
            {201: _json("Inspection", "Stored."), 200: _json("Inspection", "Stored before (duplicate: true).")},
            write, body={"application/json": {"schema": _ref("InspectionDocument")}})},
        "/api/v1/inspections/{inspection_uuid}": {"get": _operation(
            "A stored inspection with its review state (its inspector, its team's staff and the office in scope).",
            {200: _json("Inspection", "The inspection.")}, (400, 401, 403, 404),
            parameters=[_path_uuid("inspection_uuid")])},
        "/api/v1/hazards/{hazard_uuid}": {"get": _operation(
            "One hazard with its whole event log.", {200: _json("HazardDetail", "The hazard.")}, (401, 403, 404),
            parameters=[_path_uuid("hazard_uuid")])},
        "/api/v1/hazards/{hazard_uuid}/events": {"post": _operation(
            "Record one hazard event; idempotent by the event's UUID (another body, another sender or another "
            "hazard under a stored UUID: 409 event_conflict, nothing stored).",
            {201: _json("EventResult", "Stored (applied or not: see the event's applied and reason)."),
             200: _json("EventResult", "Stored before."), 403: _event_refusals()},
            [status for status in write if status != 403],
            body={"application/json": {"schema": _ref("EventDocument")}}, parameters=[_path_uuid("hazard_uuid")])},
        "/api/v1/campaigns": {
            "get": _operation("The campaigns this user may read (an inspector: those they have tasks in).", {
                200: {"description": "Newest period first.", "content": {"application/json": {"schema": _record(
                    {"campaigns": {"type": "array", "items": _ref("CampaignListed")}})}}}}, (401, 403)),
            "post": _operation("Create a campaign (a draft); supervisors and administrators.",
                               {201: _json("Campaign", "Created.")}, write,
                               body={"application/json": {"schema": _ref("CampaignDocument")}}),
        },
        "/api/v1/campaigns/{campaign_code}": {"get": _operation(
            "A campaign with its figures; a closed one with those frozen when it closed.",
            {200: _json("Campaign", "The campaign.")}, (401, 403, 404), parameters=[_path_code("campaign_code")])},
        "/api/v1/campaigns/{campaign_code}/tasks": {"post": _operation(
            "Add a task by hand: an enterprise in the user's scope, its team, its due day.",
            {201: _json("Task", "Created.")}, write, body={"application/json": {"schema": _ref("TaskDocument")}},
            parameters=[_path_code("campaign_code")])},
        "/api/v1/campaigns/{campaign_code}/draw": {"post": _operation(
            "The random draw (双随机): enterprises from the scope, a team for each; recorded and reproducible.",
            {201: _json("DrawResult", "Drawn; the tasks are made.")}, write,
            body={"application/json": {"schema": _ref("DrawDocument")}}, parameters=[_path_code("campaign_code")])},
        "/api/v1/documents": {"post": _operation(
            "Issue an enforcement document: numbered per type and year, frozen with its SHA-256. The same type and "
            "source again answers the same document (200). Refusals: 400 no_deadline_hazards, no_onsite_measures, "
            "empty_period, certificate_missing (names the team member without an enforcement certificate number), "
            "source_missing; 403 out of the user's scope (a circular: supervisors and administrators only); "
            "404 unknown inspection, hazard or event.",
            {201: _json("Document", "Issued."), 200: _json("Document", "Issued before for this type and source.")},
            write, body={"application/json": {"schema": _ref("DocumentRequest")}})},
        "/documents/{document_id}/verify": {"get": _operation(
            "Public (no sign-in, rate limited per address): whether a printed document is genuine — its number, "
            "type, enterprise, date, issuing office and the SHA-256 of its frozen content, recomputed at every "
            "visit; says when a correction superseded it. k (optional) is the start of the hash the QR code "
            "carries; an unknown id or a k that does not match is 404.",
            {200: {"description": "The document's verification page.", "content": {"text/html": {
                "schema": {"type": "string"}}}},
             400: {"description": "An address no browser sends (a NUL character in it).", "content": {
                 "text/html": {"schema": {"type": "string"}}}},
             404: {"description": "No document under this address.", "content": {"text/html": {
                 "schema": {"type": "string"}}}}}, (429,), public=True,
            parameters=[{"name": "document_id", "in": "path", "required": True, "schema": INT},
                        {"name": "k", "in": "query", "required": False,
                         "schema": {"type": "string", "pattern": "^[0-9a-f]{16}$"}}])},
        "/api/v1/openapi.json": {"get": _operation(
            "This document.", {200: {"description": "OpenAPI 3.1.", "content": {"application/json": {
                "schema": {"type": "object"}}}}}, public=True)},
    }


def build_spec() -> dict:
    """The whole OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Safety inspection sync API", "version": "1",
                 "description": "Session-cookie authentication: sign in with POST /api/v1/session, then send the "
                                "cookie, and the csrf_token as X-CSRFToken on every state-changing request. "
                                'Errors are {"error": {"code", "message", "field"}}.'},
        "security": [{"session": []}],
        "paths": _paths(),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "session",
                            "description": "The session cookie; writes also need the X-CSRFToken header."}},
            "responses": {
                f"E{status}": _json("Error", text) for status, text in _ERRORS.items()},
        },
    }
