"""The words of the inspection domain: kinds of inspection, how the enterprise was identified, review states
and answer results.

Each value is what is stored and sent (the contract's inspection document); each has one label, made in the
reader's language when shown. The models, the validation of a phone's document, the OpenAPI document, the
review pages, the reports and the field app (through its message catalogue) all name these from here.
"""
from flask_babel import lazy_gettext as _l

from safety.common.words import badger, labeller

ROUTINE = "routine"  # 日常检查
CAMPAIGN = "campaign"  # 专项检查: part of a special campaign (专项整治)
LOOKBACK = "lookback"  # 回头看: re-checking the hazards found before
UNANNOUNCED = "unannounced"  # 四不两直: without notice, straight to the site
# 复产验收: the inspection of a suspended enterprise before it may restart; approved and passed, it lifts the
# shutdown order (safety.measures.rules).
RESTART = "restart"
KINDS = (ROUTINE, CAMPAIGN, LOOKBACK, UNANNOUNCED, RESTART)
KIND_LABELS = {
    ROUTINE: _l("Routine inspection"),
    CAMPAIGN: _l("Campaign inspection"),
    LOOKBACK: _l("Look-back re-check"),
    UNANNOUNCED: _l("Unannounced inspection"),
    RESTART: _l("Restart inspection"),
}

# How the inspector reached the enterprise's record: its QR label scanned, or chosen from the list.
QR = "qr"
MANUAL = "manual"
IDENTIFIED_BY = (QR, MANUAL)
IDENTIFIED_BY_LABELS = {QR: _l("QR code"), MANUAL: _l("Chosen by hand")}

SUBMITTED = "submitted"  # 待审核
APPROVED = "approved"
RETURNED = "returned"  # to its inspector, with a comment, to be amended
# A returned inspection is "superseded" once its inspector sends the revision: the revision is what is
# reviewed and counted from then on, and the returned one stays readable as an earlier revision.
SUPERSEDED = "superseded"
REVIEW_STATES = (SUBMITTED, APPROVED, RETURNED, SUPERSEDED)
REVIEW_STATE_LABELS = {
    SUBMITTED: _l("Awaiting review"),
    APPROVED: _l("Approved"),
    RETURNED: _l("Returned"),
    SUPERSEDED: _l("Earlier revision"),
}
# Badge colour classes of office.css.
REVIEW_STATE_BADGES = {SUBMITTED: "info", RETURNED: "warn", APPROVED: "ok", SUPERSEDED: ""}

# The result of a pass / fail / not applicable item; items answered with a number or text have none.
PASS = "pass"  # 合格
FAIL = "fail"  # 不合格
NOT_APPLICABLE = "na"  # 不适用
RESULTS = (PASS, FAIL, NOT_APPLICABLE)
RESULT_LABELS = {PASS: _l("Pass"), FAIL: _l("Fail"), NOT_APPLICABLE: _l("Not applicable")}
RESULT_BADGES = {PASS: "ok", FAIL: "bad", NOT_APPLICABLE: ""}

# The vocabularies the field app names, by the names static/js/labels.js asks for.
VOCABULARIES = {
    "inspection_kind": KIND_LABELS,
    "identified_by": IDENTIFIED_BY_LABELS,
    "review_state": REVIEW_STATE_LABELS,
    "answer_result": RESULT_LABELS,
}


kind_label = labeller(KIND_LABELS)
identified_by_label = labeller(IDENTIFIED_BY_LABELS)
review_state_label = labeller(REVIEW_STATE_LABELS)
review_state_badge = badger(REVIEW_STATE_BADGES)
result_label = labeller(RESULT_LABELS)
result_badge = badger(RESULT_BADGES)
