"""The kinds and statuses of a referral, with their labels."""
from flask_babel import lazy_gettext as _l

from safety.common.words import badger, labeller

REFERRAL = "referral"  # 移送: to the department (or unit) competent for it, which replies
REPORT_UP = "report_up"  # 上报: a unit without enforcement powers reports to the one above, which takes it over
KINDS = (REFERRAL, REPORT_UP)
KIND_LABELS = {REFERRAL: _l("Referral"), REPORT_UP: _l("Report upward")}

# Derived, never stored: replied once answered; overdue when the reply date has passed without one.
AWAITING, OVERDUE, REPLIED, TAKEN_OVER = "awaiting", "overdue", "replied", "taken_over"
STATUS_LABELS = {AWAITING: _l("Awaiting reply"), OVERDUE: _l("Reply overdue"), REPLIED: _l("Replied"),
                 TAKEN_OVER: _l("Taken over")}
STATUS_BADGES = {AWAITING: "info", OVERDUE: "bad", REPLIED: "ok", TAKEN_OVER: "ok"}

kind_label = labeller(KIND_LABELS)
status_label = labeller(STATUS_LABELS)
status_badge = badger(STATUS_BADGES)
