"""The random draw (双随机、一公开): which enterprises, and which inspectors go to each.

The draw is published, so anyone must be able to redo it by hand (with any SHA-256 tool)
and get the same list. It uses no random number generator, whose algorithm could change
between versions of Python; only SHA-256 of short texts, written as 64 hexadecimal
characters in lower case, and comparisons of those texts. This is the whole rule:

1. The pool of enterprises is the campaign's scope at the moment of the draw. For each
   enterprise compute ``SHA-256("<seed>:<enterprise code>")`` (the text encoded as UTF-8),
   e.g. for seed ``9f2c61d0a4b7e355`` and enterprise ``E00012`` the hash of
   ``9f2c61d0a4b7e355:E00012``. Sort the enterprises by that hash, smallest first (as text:
   ``0`` < ``9`` < ``a`` < ``f``). Take the first N, where N is the count asked for, or the
   share times the size of the pool rounded up (a share of 0.1 of 45 enterprises is 5).
2. Then, for each drawn enterprise in that order, choose its team from the staff pool.
   Every inspector starts with a load of 0. For this enterprise, order the inspectors by
   their load (fewest tasks drawn so far first), then by
   ``SHA-256("<seed>:<enterprise code>:<username>")``, smallest first. Take inspectors from
   the top of that order until the team is complete. When the draw excludes the
   enterprise's own grid inspectors alone, a team must hold at least one inspector who
   does not work in the enterprise's grid: if only the last place is left and everyone
   taken so far works in that grid, skip the inspectors of that grid for the last place.
   Add 1 to the load of each inspector taken, then go on with the next enterprise.

The same seed, pool and parameters give the same enterprises and teams, in whatever order
the pool is listed. Ties cannot change the result: hashes of different texts differ, and
the code or username decides should two ever be equal.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PoolEnterprise:
    code: str
    grid: str | None  # the grid's code; None for an enterprise without a grid


@dataclass(frozen=True)
class PoolInspector:
    username: str
    grids: frozenset[str]  # grid codes


@dataclass(frozen=True)
class DrawnTask:
    enterprise: PoolEnterprise
    hash: str  # SHA-256 of "<seed>:<code>" that ranked it
    team: tuple[str, ...]  # usernames, in the order they were taken


class NoEligibleTeam(Exception):
    """No team can be formed for ``enterprise`` under the draw's rules."""

    def __init__(self, enterprise: PoolEnterprise):
        super().__init__(enterprise.code)
        self.enterprise = enterprise


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def count_from_share(share: Decimal, pool_size: int) -> int:
    """``ceil(share × pool_size)``, exactly: 0.1 × 30 is 3, where floating point would make it 4."""
    return math.ceil(share * pool_size)


def rank_enterprises(seed: str, enterprises) -> list[tuple[str, PoolEnterprise]]:
    """Every enterprise of the pool with its hash, in draw order."""
    ranked = [(sha256_hex(f"{seed}:{enterprise.code}"), enterprise) for enterprise in set(enterprises)]
    return sorted(ranked, key=lambda pair: (pair[0], pair[1].code))


def draw(seed: str, enterprises, staff, count: int, team_size: int,
         exclude_own_grid_alone: bool) -> list[DrawnTask]:
    """Draw ``count`` enterprises of ``enterprises`` and a team of ``team_size`` of ``staff`` for each.

    The caller has checked that ``1 <= count <= len(enterprises)`` and ``1 <= team_size <= len(staff)``.
    Raises :class:`NoEligibleTeam` when an enterprise's grid leaves no one to complete its team.
    """
    staff = sorted(set(staff), key=lambda inspector: inspector.username)
    load = {inspector.username: 0 for inspector in staff}
    drawn = []
    for enterprise_hash, enterprise in rank_enterprises(seed, enterprises)[:count]:
        candidates = sorted(staff, key=lambda inspector: (
            load[inspector.username], sha256_hex(f"{seed}:{enterprise.code}:{inspector.username}"),
            inspector.username))
        team = _take_team(candidates, enterprise, team_size, exclude_own_grid_alone)
        for username in team:
            load[username] += 1
        drawn.append(DrawnTask(enterprise, enterprise_hash, team))
    return drawn


def _take_team(candidates: list[PoolInspector], enterprise: PoolEnterprise, team_size: int,
               exclude_own_grid_alone: bool) -> tuple[str, ...]:
    team: list[PoolInspector] = []
    for inspector in candidates:
        own = enterprise.grid is not None and enterprise.grid in inspector.grids
        last_place = len(team) == team_size - 1
        if (exclude_own_grid_alone and own and last_place
                and all(enterprise.grid in member.grids for member in team)):
            continue
        team.append(inspector)
        if len(team) == team_size:
            return tuple(member.username for member in team)
    raise NoEligibleTeam(enterprise)
