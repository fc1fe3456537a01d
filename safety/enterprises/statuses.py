"""Operating status of an enterprise (经营状态). The key is stored; the label is shown and imported."""
from flask_babel import lazy_gettext as _l

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


def status_label(key: str) -> str:
    """The status as shown to the user, in the current language."""
    return str(STATUS_LABELS.get(key, key))


def status_badge(key: str) -> str:
    """The badge class (ok, warn, bad) that colours the status in lists."""
    return STATUS_BADGES.get(key, "")
