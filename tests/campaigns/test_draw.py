"""The draw as an auditor redoes it: pure, reproducible, fair, exact.

The expected lists below were worked out by hand with ``printf 'audit-7:E103' | sha256sum`` and
sorting, as the docstring of safety/campaigns/draw.py tells an auditor to.
"""
from collections import Counter
from decimal import Decimal

import pytest

from safety.campaigns.draw import NoEligibleTeam, PoolEnterprise, PoolInspector, count_from_share, draw

POOL = [PoolEnterprise("E101", "N1"), PoolEnterprise("E102", "N1"), PoolEnterprise("E103", "N1"),
        PoolEnterprise("E201", "S1"), PoolEnterprise("E202", "S1"), PoolEnterprise("E301", None)]
STAFF = [PoolInspector("ann", frozenset({"N1"})), PoolInspector("bob", frozenset({"N1"})),
         PoolInspector("cat", frozenset({"S1"})), PoolInspector("dan", frozenset({"S1"}))]


def _result(drawn):
    return [(task.enterprise.code, task.team) for task in drawn]


def test_the_worked_example_gives_the_list_an_auditor_computes_by_hand():
    # sha256("audit-7:<code>"): E103 2d8d…, E101 4e48…, E201 7349…, E301 92c8…, E102 9cc9…, E202 cc07…
    # E103: cat 54cb… ann 555c… bob 6289… dan 9cbb… → cat, ann
    # E101: load 0 first: dan d99d… bob f80b…; then load 1: cat d3db… ann f202… → dan, bob
    # E201: all at load 1: ann 3677… bob 37f4… → ann, bob
    drawn = draw("audit-7", POOL, STAFF, count=3, team_size=2, exclude_own_grid_alone=True)
    assert _result(drawn) == [("E103", ("cat", "ann")), ("E101", ("dan", "bob")), ("E201", ("ann", "bob"))]
    assert drawn[0].hash.startswith("2d8de15a730ab2de")


def test_the_same_inputs_give_the_same_list():
    first = draw("9f2c61d0a4b7e355", POOL, STAFF, count=4, team_size=2, exclude_own_grid_alone=True)
    again = draw("9f2c61d0a4b7e355", POOL, STAFF, count=4, team_size=2, exclude_own_grid_alone=True)
    assert _result(first) == _result(again)


@pytest.mark.parametrize("seed", ["a", "audit-7", "2026-ZX-03", "0000"])
def test_the_order_the_pools_are_listed_in_changes_nothing(seed):
    listed = draw(seed, POOL, STAFF, count=5, team_size=2, exclude_own_grid_alone=True)
    shuffled = draw(seed, POOL[3:] + POOL[::-1][3:], STAFF[::-1], count=5, team_size=2, exclude_own_grid_alone=True)
    assert _result(listed) == _result(shuffled)


def test_another_seed_gives_another_list():
    lists = {tuple(_result(draw(f"seed-{n}", POOL, STAFF, count=3, team_size=1, exclude_own_grid_alone=False)))
             for n in range(20)}
    assert len(lists) > 10


def test_every_enterprise_of_the_scope_can_be_drawn():
    drawn = Counter(task.enterprise.code for n in range(600)
                    for task in draw(f"s{n}", POOL, STAFF, count=1, team_size=1, exclude_own_grid_alone=False))
    assert set(drawn) == {enterprise.code for enterprise in POOL}
    # One of six each time: no enterprise is drawn far more or less often than a hundred times in 600.
    assert all(60 <= times <= 140 for times in drawn.values()), drawn


def test_every_inspector_can_be_drawn_and_work_is_shared():
    seen = Counter()
    for n in range(200):
        for task in draw(f"t{n}", POOL, STAFF, count=4, team_size=2, exclude_own_grid_alone=False):
            seen.update(task.team)
    assert set(seen) == {"ann", "bob", "cat", "dan"}
    # Four enterprises, two each: eight places over four inspectors, least loaded first, is two each.
    assert set(seen.values()) == {400}


@pytest.mark.parametrize("count", [1, 2, 5, 6])
def test_exactly_count_enterprises_are_drawn_each_once(count):
    drawn = draw("x", POOL, STAFF, count=count, team_size=2, exclude_own_grid_alone=False)
    codes = [task.enterprise.code for task in drawn]
    assert len(codes) == count and len(set(codes)) == count


@pytest.mark.parametrize("share,pool_size,expected", [
    ("0.1", 30, 3),  # 0.1 × 30 in floating point is 3.0000000000000004: rounded up that would be 4
    ("0.1", 45, 5),
    ("0.05", 20, 1),
    ("0.05", 21, 2),
    ("0.3", 10, 3),
    ("1", 7, 7),
    ("0.001", 3, 1),
])
def test_a_share_is_rounded_up_exactly(share, pool_size, expected):
    assert count_from_share(Decimal(share), pool_size) == expected


def test_a_team_is_never_only_inspectors_of_the_enterprises_own_grid():
    # E101 is in N1. sha256("audit-7:E101:<name>"): eve 5401…, fay b44e…, cat d3db…
    staff = [PoolInspector("eve", frozenset({"N1"})), PoolInspector("fay", frozenset({"N1"})),
             PoolInspector("cat", frozenset({"S1"}))]
    pool = [PoolEnterprise("E101", "N1")]
    assert _result(draw("audit-7", pool, staff, 1, 2, exclude_own_grid_alone=False)) == [("E101", ("eve", "fay"))]
    assert _result(draw("audit-7", pool, staff, 1, 2, exclude_own_grid_alone=True)) == [("E101", ("eve", "cat"))]
    assert _result(draw("audit-7", pool, staff, 1, 1, exclude_own_grid_alone=True)) == [("E101", ("cat",))]


def test_the_own_grid_rule_holds_over_many_seeds():
    for n in range(200):
        for task in draw(f"g{n}", POOL, STAFF, count=6, team_size=2, exclude_own_grid_alone=True):
            grids = [next(s.grids for s in STAFF if s.username == u) for u in task.team]
            assert len(set(task.team)) == 2
            if task.enterprise.grid is not None:
                assert not all(task.enterprise.grid in member_grids for member_grids in grids), task


def test_no_team_is_possible_when_only_the_own_grid_is_in_the_staff_pool():
    northerners = [inspector for inspector in STAFF if "N1" in inspector.grids]
    with pytest.raises(NoEligibleTeam) as refused:
        draw("x", [PoolEnterprise("E101", "N1")], northerners, 1, 1, exclude_own_grid_alone=True)
    assert refused.value.enterprise.code == "E101"
