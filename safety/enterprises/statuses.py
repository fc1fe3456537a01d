"""Operating status of an enterprise (经营状态). The key is stored; the label is shown and imported."""
from flask_babel import lazy_gettext as _l

from safety.common.words import badger, labeller

ACTIVE, SUSPENDED, CLOSED = "active", "suspended", "closed"

STATUS_LABELS = {
    ACTIVE: _l("Operating"),  # 在业
    SUSPENDED: _l("Production suspended"),  # 停产
    CLOSED: _l("Closed"),  # 关闭
}

# The Chinese names offices write in their spreadsheets; exports write these too.
STATUS_NAMES_ZH = {ACTIVE: "在业", SUSPENDED: "停产", CLOSED: "关闭"}

# Badge colour classes of office.css, so a suspended or closed enterprise stands out in a list.
STATUS_BADGES = {ACTIVE: "ok", SUSPENDED: "warn", CLOSED: "bad"}


status_label = labeller(STATUS_LABELS)
status_badge = badger(STATUS_BADGES)
