"""Checking the campaign API's request bodies: each parser answers a frozen document or raises a
:class:`DomainError` naming the field. What needs the database (grids, enterprises, users and templates
that exist) is checked by the operations."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from safety.campaigns.rules import SCOPE_KEYS
from safety.campaigns.vocabulary import CAMPAIGN_KINDS, OUTCOMES
from safety.common.errors import DomainError
from safety.common.parsing import parse_iso_date
from safety.enterprises.models import SUPERVISION_CLASSES
from safety.enterprises.sectors import active_sectors, sector_labels

# In URLs (/api/v1/campaigns/2026-ZX-03): letters, digits and hyphens.
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,31}$")
# A seed is written into the hashed texts ("<seed>:<code>"): plain characters keep a hand audit simple.
SEED_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# 〔2026〕12号 or 某安委办〔2026〕12号 at the start of a basis given as one string.
BASIS_NUMBER = re.compile(r"^\s*(\S*?[〔\[(（]\d{4}[〕\])）]\s*第?\s*\d+\s*号)\s*(.*)$", re.S)
NAME_MAX, BASIS_NUMBER_MAX, BASIS_TITLE_MAX, REASON_MAX, NOTE_MAX = 200, 100, 300, 500, 2000
SCOPE_LIST_MAX = 20000  # as many enterprises as an import takes
TEAM_MAX = 20
TEAM_SIZE_MAX = 10


def invalid(code: str, message: str, field: str) -> DomainError:
    return DomainError(code, message, field=field)


def plain(raw) -> str:
    """Text as typed, trimmed, with full-width letters and digits (common in Chinese input) made ASCII."""
    return unicodedata.normalize("NFKC", raw).strip() if isinstance(raw, str) else ""


def clean_code(raw, field: str = "code") -> str:
    code = plain(raw).upper()
    if not CODE_PATTERN.match(code):
        raise invalid("invalid_code", _("The campaign code must be letters, digits and hyphens (at most 32, "
                                        "starting with a letter or digit), e.g. 2026-ZX-03."), field)
    return code


def _text(data: dict, field: str, limit: int, required: bool = False) -> str:
    raw = data.get(field)
    if raw is not None and not isinstance(raw, str):
        raise invalid("invalid_text", _("%(field)s must be text.", field=field), field)
    value = " ".join(plain(raw).split())
    if required and not value:
        raise invalid("required", _("%(field)s is required.", field=field), field)
    if len(value) > limit:
        raise invalid("too_long", _("%(field)s is longer than %(n)s characters.", field=field, n=limit), field)
    return value


def _date(data: dict, field: str, required: bool = True) -> date | None:
    raw = data.get(field)
    if raw is None and not required:
        return None
    value = parse_iso_date(raw)
    if value is None:
        raise invalid("invalid_date", _("%(field)s must be a date written YYYY-MM-DD.", field=field), field)
    return value


def _bool(data: dict, field: str) -> bool:
    raw = data.get(field, False)
    if not isinstance(raw, bool):
        raise invalid("invalid_boolean", _("%(field)s must be true or false.", field=field), field)
    return raw


def _strings(raw, field: str, limit: int = SCOPE_LIST_MAX, upper: bool = False) -> tuple[str, ...]:
    """A list of short texts, trimmed, duplicates dropped, in the order given."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise invalid("invalid_list", _("%(field)s must be a list of texts.", field=field), field)
    if len(raw) > limit:
        raise invalid("too_many", _("%(field)s lists more than %(n)s entries.", field=field, n=limit), field)
    values = [plain(item).upper() if upper else plain(item) for item in raw]
    if not all(values) or any(len(value) > 64 for value in values):
        raise invalid("invalid_list", _("%(field)s holds an empty or overlong entry.", field=field), field)
    return tuple(dict.fromkeys(values))


def period_error() -> DomainError:
    return invalid("invalid_period", _("The period must not end (ends_on) before it starts (starts_on)."),
                   "ends_on")


@dataclass(frozen=True)
class Scope:
    sectors: tuple[str, ...] = ()
    grids: tuple[str, ...] = ()  # grid codes
    classes: tuple[str, ...] = ()
    enterprises: tuple[str, ...] = ()  # enterprise codes

    def as_json(self) -> dict:
        return {key: list(getattr(self, key)) for key in SCOPE_KEYS}


def parse_scope(raw) -> Scope:
    if raw is None:
        return Scope()
    if not isinstance(raw, dict):
        raise invalid("invalid_scope", _("scope must be an object with sectors, grids, classes and enterprises."),
                      "scope")
    unknown = sorted(set(raw) - set(SCOPE_KEYS))
    if unknown:
        raise invalid("invalid_scope", _("scope has no field %(name)s; it takes sectors, grids, classes and "
                                         "enterprises.", name=unknown[0]), f"scope.{unknown[0]}")
    sectors = _strings(raw.get("sectors"), "scope.sectors")
    known = sector_labels()  # a deactivated sector stays valid in a scope that named it
    wrong = [sector for sector in sectors if sector not in known]
    if wrong:
        raise invalid("unknown_sector", _("%(value)s is not a sector; the sectors are %(keys)s.", value=wrong[0],
                                          keys=", ".join(sector.key for sector in active_sectors())),
                      "scope.sectors")
    classes = _strings(raw.get("classes"), "scope.classes", upper=True)
    wrong = [klass for klass in classes if klass not in SUPERVISION_CLASSES]
    if wrong:
        raise invalid("unknown_class", _("%(value)s is not a supervision class (A, B, C or D).", value=wrong[0]),
                      "scope.classes")
    return Scope(sectors=sectors, grids=_strings(raw.get("grids"), "scope.grids"), classes=classes,
                 enterprises=_strings(raw.get("enterprises"), "scope.enterprises", upper=True))


def parse_basis(raw) -> tuple[str, str]:
    """(文号, title) from ``{"number", "title"}``, or from one string whose document number, when it starts
    with one (〔2026〕12号), is taken apart from the title."""
    if raw is None:
        return "", ""
    if isinstance(raw, str):
        text = " ".join(plain(raw).split())
        match = BASIS_NUMBER.match(text)
        number, title = (match.group(1), match.group(2).strip()) if match else ("", text)
        raw = {"number": number, "title": title}
    if not isinstance(raw, dict) or set(raw) - {"number", "title"}:
        raise invalid("invalid_basis", _("basis must be text, or an object with number and title."), "basis")
    number = _text(raw, "number", BASIS_NUMBER_MAX)
    title = _text(raw, "title", BASIS_TITLE_MAX)
    return number, title


@dataclass(frozen=True)
class CampaignDocument:
    code: str
    name: str
    kind: str
    basis_number: str
    basis_title: str
    starts_on: date
    ends_on: date
    scope: Scope
    template_ids: tuple[int, ...]
    enforcement: bool
    exclude_own_grid_alone: bool
    unit: str = ""  # the unit's code; empty: the creator's unit (an edit keeps the campaign's)


def parse_template_ids(raw) -> tuple[int, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(item, int) and not isinstance(item, bool) for item in raw):
        raise invalid("invalid_template_ids", _("template_ids must be a list of checklist template ids."),
                      "template_ids")
    if len(set(raw)) != len(raw):
        raise invalid("invalid_template_ids", _("template_ids lists a template twice."), "template_ids")
    return tuple(raw)


def parse_campaign(data: dict) -> CampaignDocument:
    """A campaign as ``POST /api/v1/campaigns`` takes it."""
    kind = data.get("kind")
    if kind not in CAMPAIGN_KINDS:
        raise invalid("invalid_kind", _("kind must be one of %(kinds)s.", kinds=", ".join(CAMPAIGN_KINDS)), "kind")
    starts_on, ends_on = _date(data, "starts_on"), _date(data, "ends_on")
    if ends_on < starts_on:
        raise period_error()
    number, title = parse_basis(data.get("basis"))
    return CampaignDocument(
        code=clean_code(data.get("code")), name=_text(data, "name", NAME_MAX, required=True), kind=kind,
        basis_number=number, basis_title=title, starts_on=starts_on, ends_on=ends_on,
        scope=parse_scope(data.get("scope")), template_ids=parse_template_ids(data.get("template_ids")),
        enforcement=_bool(data, "enforcement"), exclude_own_grid_alone=_bool(data, "exclude_own_grid_alone"),
        unit=_text(data, "unit", 32))


@dataclass(frozen=True)
class TaskDocument:
    enterprise_code: str
    team: tuple[str, ...]  # usernames, in order
    due_on: date | None  # None: the campaign's last day


def parse_team(raw, field: str = "team") -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise invalid("team_required", _("team must list at least one inspector's username."), field)
    if not all(isinstance(item, str) and item.strip() for item in raw):
        raise invalid("invalid_team", _("team must be a list of usernames."), field)
    team = tuple(item.strip() for item in raw)
    if len(set(team)) != len(team):
        raise invalid("invalid_team", _("team lists someone twice."), field)
    if len(team) > TEAM_MAX:
        raise invalid("invalid_team", _("A team has at most %(n)s members.", n=TEAM_MAX), field)
    return team


def parse_task(data: dict) -> TaskDocument:
    """A task as ``POST /api/v1/campaigns/<code>/tasks`` takes it."""
    code = _text(data, "enterprise_code", 32, required=True).upper()
    return TaskDocument(enterprise_code=code, team=parse_team(data.get("team")),
                        due_on=_date(data, "due_on", required=False))


@dataclass(frozen=True)
class DrawRequest:
    count: int | None
    share: Decimal | None  # of the pool, 0 < share <= 1
    team_size: int
    seed: str | None  # None: the server chooses one
    staff: tuple[str, ...]  # usernames; empty: the campaign's inspectors


def _share(raw) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise invalid("invalid_share", _("share must be a number above 0 and at most 1 (0.1 for a tenth)."), "share")
    try:
        # Through its shortest text: the float 0.1 is then exactly one tenth, as the office meant it.
        share = Decimal(repr(raw))
    except InvalidOperation:
        share = Decimal(0)
    if not share.is_finite() or not 0 < share <= 1:
        raise invalid("invalid_share", _("share must be a number above 0 and at most 1 (0.1 for a tenth)."), "share")
    return share.normalize()


def parse_draw(data: dict) -> DrawRequest:
    """A draw as ``POST /api/v1/campaigns/<code>/draw`` takes it: ``count`` or ``share``, ``team_size``, ``seed``."""
    has_count, has_share = data.get("count") is not None, data.get("share") is not None
    if has_count == has_share:
        raise invalid("count_or_share", _("Give either count (how many enterprises) or share (which part of the "
                                          "scope), not both."), "count")
    count = share = None
    if has_count:
        count = data["count"]
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise invalid("invalid_count", _("count must be a whole number of at least 1."), "count")
    else:
        share = _share(data["share"])
    team_size = data.get("team_size", 2)
    if isinstance(team_size, bool) or not isinstance(team_size, int) or not 1 <= team_size <= TEAM_SIZE_MAX:
        raise invalid("invalid_team_size", _("team_size must be a whole number from 1 to %(n)s.", n=TEAM_SIZE_MAX),
                      "team_size")
    seed = data.get("seed")
    if seed is not None and (not isinstance(seed, str) or not SEED_PATTERN.match(seed)):
        raise invalid("invalid_seed", _("seed must be 1 to 64 letters, digits, hyphens or underscores."), "seed")
    return DrawRequest(count=count, share=share, team_size=team_size, seed=seed,
                       staff=_strings(data.get("staff"), "staff", limit=2000))


def parse_cancel_reason(raw) -> str:
    reason = " ".join(plain(raw).split())
    if not reason:
        raise invalid("reason_required", _("Say why the task is cancelled."), "reason")
    if len(reason) > REASON_MAX:
        raise invalid("too_long", _("%(field)s is longer than %(n)s characters.", field="reason", n=REASON_MAX),
                      "reason")
    return reason


def parse_outcome(raw_outcome, raw_note) -> tuple[str, str]:
    if raw_outcome not in OUTCOMES:
        raise invalid("invalid_outcome", _("outcome must be one of %(keys)s.", keys=", ".join(OUTCOMES)), "outcome")
    note = plain(raw_note)
    if len(note) > NOTE_MAX:
        raise invalid("too_long", _("%(field)s is longer than %(n)s characters.", field="note", n=NOTE_MAX), "note")
    return raw_outcome, note
