"""Operating status of an enterprise (经营状态). The key is stored; the label is shown and imported."""
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "active": _l("Operating"),  # 在业
    "suspended": _l("Production suspended"),  # 停产
    "closed": _l("Closed"),  # 关闭
}

# The Chinese names offices write in their spreadsheets; exports write these too.
STATUS_NAMES_ZH = {"active": "在业", "suspended": "停产", "closed": "关闭"}

# Badge colour classes of office.css, so a suspended or closed enterprise stands out in a list.
STATUS_BADGES = {"active": "ok", "suspended": "warn", "closed": "bad"}


def status_label(key: str) -> str:
    """The status as shown to the user, in the current language."""
    return str(STATUS_LABELS.get(key, key))


def status_badge(key: str) -> str:
    """The badge class (ok, warn, bad) that colours the status in lists."""
    return STATUS_BADGES.get(key, "")
