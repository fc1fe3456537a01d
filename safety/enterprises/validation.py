"""Checking and normalising one enterprise's fields, shared by the form, the import and the operations.

Each ``clean_*`` function returns the value as it is stored or raises a
:class:`DomainError` naming the field, with a message precise enough to act on.
"""
import re
import unicodedata

from flask_babel import force_locale, gettext as _

from safety.common.errors import DomainError
from safety.common.text import required_text
from safety.enterprises.models import STATUSES, SUPERVISION_CLASSES
from safety.enterprises.sectors import active_sectors, name_of, sector_lookup
from safety.enterprises.statuses import STATUS_LABELS, STATUS_NAMES_ZH, status_label
from safety.enterprises.uscc import normalise_uscc

# The code is the QR payload and part of a URL (/e/<code>): letters, digits and hyphens only.
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,31}$")
PHONE_PATTERN = re.compile(r"^[0-9+()\-/,;、 转]+$")
MIN_PHONE_DIGITS = 5

NAME_MAX = 200
ADDRESS_MAX = 300
CONTACT_MAX = 100
PHONE_MAX = 32


class InvalidFields(DomainError):
    """Several fields are wrong at once: ``errors`` holds one DomainError per field, the first is the main one."""

    def __init__(self, errors: list[DomainError]):
        super().__init__(errors[0].code, errors[0].message, field=errors[0].field)
        self.errors = errors


def plain(raw) -> str:
    """Text as typed, trimmed, with full-width letters and digits (common in Chinese input) made ASCII."""
    return unicodedata.normalize("NFKC", str(raw or "")).strip()


def clean_name(raw) -> str:
    """The name with runs of spaces collapsed; required."""
    return required_text(" ".join(plain(raw).split()), field="name", max_length=NAME_MAX,
                         missing=_("The enterprise name is required."),
                         too_long=_("The enterprise name is longer than %(n)s characters.", n=NAME_MAX))


def clean_code(raw) -> str:
    """An enterprise code in upper case; an empty string means "generate one"."""
    code = plain(raw).upper()
    if code and not CODE_PATTERN.match(code):
        raise DomainError("code_invalid",
                          _("The enterprise code %(code)s may only contain letters, digits and hyphens "
                            "(at most 32, starting with a letter or digit).", code=code), field="code")
    return code


def clean_uscc(raw) -> str:
    """The unified social credit code, checked (see :func:`normalise_uscc`)."""
    return normalise_uscc(plain(raw))


def clean_sector(raw, lookup: dict[str, str] | None = None) -> str:
    """The sector key for a key, its Chinese name, or its label (English or the current language).

    A bulk import passes ``lookup`` (from :func:`sector_lookup`) so it is built once, not per row.
    """
    value = plain(raw)
    if not value:
        raise DomainError("sector_required", _("The sector is required."), field="sector")
    key = (lookup or sector_lookup()).get(value.lower())
    if key is None:
        raise DomainError("sector_unknown",
                          _("Unknown sector \"%(value)s\". Use one of: %(choices)s.", value=value,
                            choices="、".join(name_of(sector) for sector in active_sectors())), field="sector")
    return key


def clean_supervision_class(raw, default: str | None = None) -> str:
    """One of A–D (case-insensitive); ``default`` when empty."""
    value = plain(raw).upper()
    if not value and default:
        return default
    if value not in SUPERVISION_CLASSES:
        raise DomainError("class_invalid",
                          _("The supervision class must be one of A, B, C or D, not \"%(value)s\".", value=value),
                          field="supervision_class")
    return value


def clean_status(raw, default: str | None = None, lookup: dict[str, str] | None = None) -> str:
    """The status key for a key, its Chinese name, or its label; ``default`` when empty."""
    value = plain(raw)
    if not value and default:
        return default
    key = (lookup or status_lookup()).get(value.lower())
    if key is None:
        raise DomainError("status_unknown",
                          _("Unknown status \"%(value)s\". Use one of: %(choices)s.", value=value,
                            choices="、".join(status_label(k) for k in STATUSES)), field="status")
    return key


def clean_phone(raw) -> str:
    """A phone number (or several, separated by / or ,) with at least a few digits; may be empty."""
    phone = " ".join(plain(raw).split())
    if not phone:
        return ""
    digits = sum(char.isdigit() for char in phone)
    if len(phone) > PHONE_MAX or not PHONE_PATTERN.match(phone) or digits < MIN_PHONE_DIGITS:
        raise DomainError("phone_invalid",
                          _("\"%(value)s\" is not a phone number: use digits, with spaces, hyphens or a "
                            "leading + if needed.", value=phone), field="contact_phone")
    return phone


def clean_text(raw, field: str, max_length: int) -> str:
    """Free text such as the address, trimmed, with a length limit."""
    value = " ".join(plain(raw).split())
    if len(value) > max_length:
        raise DomainError("too_long", _("At most %(n)s characters.", n=max_length), field=field)
    return value


def status_lookup() -> dict[str, str]:
    """Every accepted spelling of every status (lower case) to its key."""
    lookup = {}
    for key, label in STATUS_LABELS.items():
        lookup[key] = key
        lookup[STATUS_NAMES_ZH[key]] = key
        lookup[str(label).lower()] = key
    with force_locale("en"):
        lookup.update({str(label).lower(): key for key, label in STATUS_LABELS.items()})
    return lookup
