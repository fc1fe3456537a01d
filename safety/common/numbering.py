"""Readable numbers that run per series and year (YH-2026-000123), beside a record's UUID.

A UUID identifies a record everywhere, but nobody reads one over the phone or writes it on
a form. Each series (hazards today; each kind of enforcement document the same way) counts
per calendar year from 1, in one row of ``number_sequences`` per series and year.

A number is taken by bumping that row with an UPDATE, as the sync counter is
(safety.common.revisions): on PostgreSQL the row stays locked until the transaction
commits, so two transactions can never take the same number, and one that rolls back
gives its numbers back (no gaps). On SQLite the write takes the database's write lock,
which serialises writers the same way. The first number of a year inserts the row; two
transactions starting a year at once both try, the database's primary key lets one win,
and the other bumps the row the winner made.

A row can also ask for its number at commit (:func:`number_at_commit`): the sequence is then
bumped together with the sync revision (safety.common.revisions), so its lock is held for the
commit alone rather than for the rest of the request.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Integer, String, insert, inspect, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from safety.extensions import db

ATTEMPTS = 3  # an insert can lose to a twin only once: the row exists afterwards


class NumberSequence(db.Model):
    """The last number handed out in a series and year."""

    __tablename__ = "number_sequences"
    series: Mapped[str] = mapped_column(String(24), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


def take_numbers(series: str, year: int, count: int = 1) -> range:
    """The next ``count`` numbers of ``series`` in ``year`` (from 1 in a new year), for this transaction.

    Holds the sequence's row until the transaction ends: call it as late as the operation allows.
    """
    for _attempt in range(ATTEMPTS):
        last = db.session.execute(
            update(NumberSequence).where(NumberSequence.series == series, NumberSequence.year == year)
            .values(last=NumberSequence.last + count).returning(NumberSequence.last)
            .execution_options(synchronize_session=False)).scalar()
        if last is not None:
            return range(last - count + 1, last + 1)
        try:
            with db.session.begin_nested():
                db.session.execute(insert(NumberSequence).values(series=series, year=year, last=count))
        except IntegrityError:
            continue  # another transaction started the year meanwhile: bump its row
        return range(1, count + 1)
    raise RuntimeError(f"could not take a number of {series} in {year}")


@dataclass
class NumbersDue:
    """Rows waiting for the next numbers of a series and year, given at commit in this order."""

    series: str
    year: int
    prefix: str
    objects: list = field(default_factory=list)
    attribute: str = "number"

    def take(self) -> range:
        return take_numbers(self.series, self.year, len(self.objects))

    def formatted(self, numbers) -> list[str]:
        return [format_number(self.prefix, self.year, number) for number in numbers]


def number_at_commit(session, series: str, year: int, prefix: str, objects: list, attribute: str = "number") -> None:
    """Give ``objects`` (new rows of one table) the next numbers of ``series`` in ``year``, in this order, as
    ``prefix``-``year``-000123 in their ``attribute``, when the transaction commits.

    The sequence's row is then locked only for the commit (safety.common.revisions, which writes them with the
    sync revision), not from the moment the rows are made; until then the attribute is None.
    """
    if not objects:
        return
    pending = session.info.setdefault("numbers_due", {})
    key = (series, year)
    if key not in pending:
        pending[key] = NumbersDue(series, year, prefix, attribute=attribute)
    pending[key].objects.extend(objects)


def take_numbers_due(session) -> list[NumbersDue]:
    """The numbers waiting for this transaction's commit, by series and year (the order locks are taken in),
    of rows still in the database; forgotten once answered."""
    pending = session.info.pop("numbers_due", None) or {}
    due = []
    for key in sorted(pending):
        numbered = pending[key]
        numbered.objects = [obj for obj in numbered.objects if inspect(obj).persistent]
        if numbered.objects:
            due.append(numbered)
    return due


def format_number(prefix: str, year: int, number: int, digits: int = 6) -> str:
    """A number as printed: ``YH-2026-000123``."""
    return f"{prefix}-{year}-{number:0{digits}d}"
