"""The filters of a list page (review queue, hazard ledger, audit log): read from a validated form, written back
as query arguments so a filtered view can be bookmarked and shared."""
from dataclasses import asdict, dataclass, fields, replace
from datetime import date


@dataclass(frozen=True)
class ListFilters:
    """Base of a frozen dataclass whose fields are the filters, each with its default meaning "everything"."""

    @classmethod
    def from_values(cls, values: dict):
        """Filters from already validated values (missing, None or empty ones take their default)."""
        known = {field.name for field in fields(cls)}
        return cls(**{key: value for key, value in values.items() if key in known and value not in (None, "")})

    def as_args(self, **changes) -> dict[str, str]:
        """The filters (with ``changes``) that differ from their defaults, as query arguments."""
        defaults = {field.name: field.default for field in fields(self)}
        return {key: "1" if value is True else value.isoformat() if isinstance(value, date) else str(value)
                for key, value in asdict(replace(self, **changes)).items()
                if value not in ("", None, False) and value != defaults[key]}
