"""Spreading tasks over a period and sharing them among inspectors, for generated and planned tasks.

Plain functions of plain values, so the rules read (and test) without a database.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta


def spread_dates(starts_on: date, ends_on: date, count: int) -> list[date]:
    """``count`` due dates spread evenly over the period, the last on its last day.

    The Nth of ``count`` tasks (from 1) is due at the end of the Nth equal slice of the period:
    ``starts_on + floor(N × days / count) − 1`` where ``days`` counts the period's days. Ten tasks
    over a 30-day month are due every third day; more tasks than days share days.
    """
    days = (ends_on - starts_on).days + 1
    return [starts_on + timedelta(days=max(0, (n * days) // count - 1)) for n in range(1, count + 1)]


@dataclass
class StaffMember:
    user_id: int
    username: str
    grids: frozenset[str]  # grid codes


@dataclass
class TeamBalancer:
    """Chooses teams from a grid's inspectors, least loaded first, keeping count as it goes.

    ``load`` starts from the tasks each inspector already has in the campaign. An enterprise's team
    comes from its grid's inspectors; when the grid has too few (none, or one where two are needed),
    the least-loaded inspectors of other grids make up the number. Ties go to the username, so the
    same facts always give the same teams.
    """

    staff: list[StaffMember]
    load: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.staff = sorted(self.staff, key=lambda member: member.username)
        for member in self.staff:
            self.load.setdefault(member.user_id, 0)

    def _least_loaded(self, members: Iterable[StaffMember]) -> list[StaffMember]:
        return sorted(members, key=lambda member: (self.load[member.user_id], member.username))

    def team_for(self, grid_code: str | None, size: int) -> list[StaffMember] | None:
        """``size`` inspectors for an enterprise of ``grid_code``, or None when the office has fewer."""
        if len(self.staff) < size:
            return None
        own = [member for member in self.staff if grid_code is not None and grid_code in member.grids]
        team = self._least_loaded(own)[:size]
        if len(team) < size:
            others = [member for member in self.staff if member not in team]
            team += self._least_loaded(others)[:size - len(team)]
        for member in team:
            self.load[member.user_id] += 1
        return team
