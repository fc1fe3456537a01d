"""Reading the enterprise register: filtered lists in the user's scope, and lookups for imports."""
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload

from safety.auth.scope import visible_enterprises
from safety.common.pagination import Page, paginate
from safety.enterprises.models import STATUSES, SUPERVISION_CLASSES, Enterprise
from safety.enterprises.sectors import sector_labels
from safety.extensions import db
from safety.users.models import Grid, Role, User

# IN lists stay well below every driver's parameter limit.
_LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class EnterpriseFilters:
    """What the list, the exports and the label sheets select; all empty means everything in scope."""

    q: str = ""
    sector: str = ""
    grid: str = ""  # a grid code
    supervision_class: str = ""
    status: str = ""

    @classmethod
    def from_args(cls, args: Mapping) -> "EnterpriseFilters":
        """Filters from a query string; values that name nothing are dropped rather than refused."""
        sector = args.get("sector", "")
        supervision_class = args.get("supervision_class", "")
        status = args.get("status", "")
        return cls(q=" ".join(str(args.get("q", "")).split())[:100],
                   sector=sector if sector in sector_labels() else "",
                   grid=str(args.get("grid", "")).strip()[:32],
                   supervision_class=supervision_class if supervision_class in SUPERVISION_CLASSES else "",
                   status=status if status in STATUSES else "")

    def as_args(self) -> dict[str, str]:
        """The non-empty filters, for links that keep the same selection (export, labels)."""
        return {key: value for key, value in asdict(self).items() if value}


def filtered_enterprises(user: User, filters: EnterpriseFilters) -> Select:
    """A select of the enterprises ``user`` may see that match ``filters``, ordered by code, grid loaded."""
    statement = visible_enterprises(user).options(joinedload(Enterprise.grid)).order_by(Enterprise.code)
    if filters.q:
        term = filters.q.lower()
        compact = "".join(filters.q.split()).upper()
        statement = statement.where(or_(
            func.lower(Enterprise.name).contains(term, autoescape=True),
            func.lower(Enterprise.code).contains(term, autoescape=True),
            Enterprise.uscc.contains(compact, autoescape=True),
        ))
    if filters.sector:
        statement = statement.where(Enterprise.sector == filters.sector)
    if filters.grid:
        statement = statement.where(Enterprise.grid_id.in_(select(Grid.id).where(Grid.code == filters.grid)))
    if filters.supervision_class:
        statement = statement.where(Enterprise.supervision_class == filters.supervision_class)
    if filters.status:
        statement = statement.where(Enterprise.status == filters.status)
    return statement


def list_enterprises(user: User, filters: EnterpriseFilters, per_page: int | None = None) -> Page:
    """One page (``?page=``) of the filtered register."""
    return paginate(filtered_enterprises(user, filters), per_page=per_page)


def list_all_enterprises(user: User, filters: EnterpriseFilters) -> list[Enterprise]:
    """The whole filtered selection, for exports."""
    return list(db.session.scalars(filtered_enterprises(user, filters)).unique())


def list_grids_for(user: User) -> list[Grid]:
    """The grids ``user`` may filter by: their own when their scope is their grids, their unit's below a
    supervisor of a town or park, else all."""
    from safety.auth.scope import jurisdiction_grid_ids, sees_every_enterprise

    role = Role(user.role)
    if role is Role.INSPECTOR or (role is Role.SUPERVISOR and user.grids):
        return list(user.grids)
    if role is Role.SUPERVISOR and not sees_every_enterprise(user):
        return list(db.session.scalars(select(Grid).where(Grid.id.in_(jurisdiction_grid_ids(user)))
                                       .order_by(Grid.code)))
    return list_grids()


def list_grids() -> list[Grid]:
    """Every grid, by code."""
    return list(db.session.scalars(select(Grid).order_by(Grid.code)))


def get_grid_by_code(code: str) -> Grid | None:
    """The grid with this code, or None."""
    return db.session.scalar(select(Grid).where(Grid.code == code))


def get_enterprise_by_code(code: str) -> Enterprise | None:
    """The enterprise with this code regardless of scope (for checks inside operations), or None."""
    return db.session.scalar(select(Enterprise).where(Enterprise.code == code))


def get_enterprise_by_uscc(uscc: str) -> Enterprise | None:
    """The enterprise with this unified social credit code, or None."""
    return db.session.scalar(select(Enterprise).where(Enterprise.uscc == uscc))


def existing_codes(codes: Iterable[str]) -> dict[str, str]:
    """Of ``codes``, those already taken, each with the name of the enterprise holding it."""
    return {code: name for code, name, _code in _existing(Enterprise.code, codes)}


def existing_usccs(usccs: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Of ``usccs``, those already registered, each with the (code, name) of the enterprise holding it."""
    return {uscc: (code, name) for uscc, name, code in _existing(Enterprise.uscc, usccs)}


def _existing(column, values: Iterable[str]) -> list[tuple[str, str, str]]:
    """(value, name, code) of the enterprises whose ``column`` is one of ``values``, in a few queries."""
    values = sorted(set(values))
    found = []
    for start in range(0, len(values), _LOOKUP_CHUNK):
        chunk = values[start:start + _LOOKUP_CHUNK]
        found.extend(db.session.execute(
            select(column, Enterprise.name, Enterprise.code).where(column.in_(chunk))).tuples())
    return found


def highest_generated_code_number() -> int:
    """The largest N of the codes "E" + digits in use (0 when there are none).

    Codes of that shape sort numerically when they have the same length, so the
    longest ones in descending order come first; a few odd codes (letters after
    the E) are skipped in Python.
    """
    candidates = db.session.scalars(
        select(Enterprise.code).where(Enterprise.code.like("E%"), func.length(Enterprise.code).between(2, 12))
        .order_by(func.length(Enterprise.code).desc(), Enterprise.code.desc()).limit(200))
    for code in candidates:
        if code[1:].isdigit():
            return int(code[1:])
    return 0
