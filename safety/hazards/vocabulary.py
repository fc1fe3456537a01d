"""The words of the hazard domain: statuses, levels, rectification modes, event types, and why an event was
stored without being applied.

Each value is what is stored and sent; each has one label, made in the reader's language when shown. The
models, the life-cycle table, the ledger and its export, the reports, the OpenAPI document and the field app
(through its message catalogue) all name these from here.
"""
from flask_babel import lazy_gettext as _l

from safety.common.words import badger, labeller

# Statuses (隐患状态), in the order a hazard goes through them. Overdue is derived, never a status.
OPEN = "open"  # 待整改
RECTIFIED = "rectified"  # 已整改，待复查
PENDING_VERIFICATION = "pending_verification"  # 待核查销号: a major hazard waits for a supervisor
CLOSED = "closed"  # 已销号
STATUSES = (OPEN, RECTIFIED, PENDING_VERIFICATION, CLOSED)
# Not struck off yet: what a phone keeps for look-back re-checks and what may be due for escalation.
OPEN_STATUSES = (OPEN, RECTIFIED, PENDING_VERIFICATION)
STATUS_LABELS = {
    OPEN: _l("To be rectified"),  # the office's word, not the verb "open"
    RECTIFIED: _l("Rectified, awaiting re-check"),
    PENDING_VERIFICATION: _l("Awaiting verification"),
    CLOSED: _l("Struck off"),
}
# Badge colour classes of office.css.
STATUS_BADGES = {OPEN: "warn", RECTIFIED: "info", PENDING_VERIFICATION: "info", CLOSED: "ok"}

GENERAL = "general"  # 一般隐患
MAJOR = "major"  # 重大隐患: only a supervisor's verification strikes it off
LEVELS = (GENERAL, MAJOR)
LEVEL_LABELS = {GENERAL: _l("General hazard"), MAJOR: _l("Major hazard")}

# Rectification modes (整改方式).
ON_THE_SPOT = "on_the_spot"  # 现场整改: found and rectified in the same inspection
BY_DEADLINE = "deadline"  # 限期整改
MODES = (ON_THE_SPOT, BY_DEADLINE)
MODE_LABELS = {ON_THE_SPOT: _l("Rectified on the spot"), BY_DEADLINE: _l("Rectification by deadline")}

# Event types of a hazard's log. `found` creates the hazard: the first event of every log, never another.
FOUND = "found"
PLAN_SET = "plan_set"  # 三定 (who, how, by when), and for a major hazard 五落实 and 挂牌督办
RECTIFICATION_REPORTED = "rectification_reported"
RECHECK_PASSED = "recheck_passed"  # 回头看: re-checked and found fixed
RECHECK_FAILED = "recheck_failed"  # re-checked, still not fixed: a new deadline
VERIFIED = "verified"  # 验收销号 of a major hazard
ESCALATED = "escalated"  # 移送
REOPENED = "reopened"
COMMENT = "comment"
EVENT_TYPES = (FOUND, PLAN_SET, RECTIFICATION_REPORTED, RECHECK_PASSED, RECHECK_FAILED, VERIFIED, ESCALATED,
               REOPENED, COMMENT)
RECHECK_EVENTS = (RECHECK_PASSED, RECHECK_FAILED)  # the two outcomes of a look-back re-check
# What a client sends on its own: `found` comes with the inspection that found the hazard.
API_EVENT_TYPES = tuple(event_type for event_type in EVENT_TYPES if event_type != FOUND)
EVENT_LABELS = {
    FOUND: _l("Found"),
    PLAN_SET: _l("Rectification plan set"),
    RECTIFICATION_REPORTED: _l("Rectification reported"),
    RECHECK_PASSED: _l("Re-check passed"),
    RECHECK_FAILED: _l("Re-check failed"),
    VERIFIED: _l("Verified and closed"),
    ESCALATED: _l("Escalated"),
    REOPENED: _l("Reopened"),
    COMMENT: _l("Comment"),
}

# Why an event was stored without being applied. The code is stored; the text is made when the event is
# shown, in the reader's language, which need not be the language of whoever sent the event.
NOT_IN_STATE = "not_in_state"
# Stored on events of a type their sender's role may never record until such events were refused instead
# (ROLE_MAY_NOT_RECORD_MESSAGE): no new event gets it, the old ones keep it, as a log is never edited.
ROLE_NOT_ALLOWED = "role_not_allowed"
FOUND_ONCE = "found_once"
REASONS = (NOT_IN_STATE, ROLE_NOT_ALLOWED, FOUND_ONCE)
# One sentence per status rather than a status word put into one sentence: English says "a hazard that is
# open" where a label would read "To be rectified", and each language words the state its own way.
NOT_IN_STATE_MESSAGES = {
    OPEN: _l("A %(event)s event does not apply to a hazard that is open."),
    RECTIFIED: _l("A %(event)s event does not apply to a hazard that is rectified."),
    PENDING_VERIFICATION: _l("A %(event)s event does not apply to a hazard that is awaiting verification."),
    CLOSED: _l("A %(event)s event does not apply to a hazard that is closed."),
}
NOT_IN_ANY_STATE_MESSAGE = _l("A %(event)s event does not apply to the hazard as it stands.")
ROLE_NOT_ALLOWED_MESSAGE = _l("The role %(role)s may not record %(event)s here.")
# The 403 refusal of an event type the sender's role may record in no state (safety.hazards.lifecycle).
ROLE_MAY_NOT_RECORD_MESSAGE = _l("An account with the role %(role)s may not record %(event)s at all. "
                                 "The event was refused and nothing was stored.")
FOUND_ONCE_MESSAGE = _l("A hazard is found only once.")

# The vocabularies the field app names, by the names static/js/labels.js asks for.
VOCABULARIES = {
    "hazard_status": STATUS_LABELS,
    "hazard_level": LEVEL_LABELS,
    "hazard_mode": MODE_LABELS,
    "hazard_event": EVENT_LABELS,
}


status_label = labeller(STATUS_LABELS)
status_badge = badger(STATUS_BADGES)  # warn, info, ok: colours the status in lists
level_label = labeller(LEVEL_LABELS)
mode_label = labeller(MODE_LABELS)
event_label = labeller(EVENT_LABELS)
