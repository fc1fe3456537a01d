"""Checking the short texts people type into the back office: names, titles, comments."""
from safety.common.errors import DomainError


def required_text(text: str | None, *, field: str, max_length: int, missing: str, too_long: str) -> str:
    """``text`` trimmed, or refused on ``field`` when empty (``<field>_required``, message ``missing``) or longer
    than ``max_length`` characters (``<field>_too_long``, message ``too_long``).

    The messages are given by the caller because each names what it checks in its own words ("Give the
    section a title.").
    """
    text = (text or "").strip()
    if not text:
        raise DomainError(f"{field}_required", missing, field=field)
    if len(text) > max_length:
        raise DomainError(f"{field}_too_long", too_long, field=field)
    return text
