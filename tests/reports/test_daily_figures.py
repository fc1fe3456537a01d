"""The daily figures the summary reads are what the records count, after any history of writes.

Random histories of the ways records change (inspections with their hazards and teams, every hazard event of the
life cycle, a revision superseding an inspection, documents issued, an enterprise moving to another grid and
sector), committed one by one or several to a transaction. After each history:

* the kept rows equal a count of the records from scratch (safety.reports.rollup.count_days);
* the summary, for several periods and several days of judging, equals the figures counted straight from every
  record (tests/reports/live_figures.py, the summary's way before the figures were kept);
* each enterprise's kept standing (hazards not closed, major, last inspection) equals its records, and the
  dashboard's enterprises with most open hazards and its coverage equal what every record gives.
"""
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from safety.common.errors import DomainError
from safety.common.revisions import touch
from safety.documents.models import INSPECTION_RECORD, RECTIFICATION_ORDER
from safety.documents.operations import issue_document
from safety.documents.sources import DocumentRequest
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.hazards.lifecycle import apply_event
from safety.hazards.vocabulary import (
    COMMENT,
    ESCALATED,
    PLAN_SET,
    RECHECK_FAILED,
    RECHECK_PASSED,
    RECTIFICATION_REPORTED,
    REOPENED,
    VERIFIED,
)
from safety.inspections.models import InspectionTeamMember
from safety.reports.periods import CUSTOM, Period
from safety.reports.attention import get_coverage, list_most_open_hazards
from safety.reports.rollup import COUNT_NAMES, DailyFigures, count_days
from safety.reports.scope import ReportScope
from safety.reports.standing import EnterpriseStanding
from safety.reports.summary import get_summary
from safety.units.moves import record_move
from safety.users.models import Grid
from tests.factories import make_enterprise, make_grid, make_hazard, make_inspection, make_template, make_user
from tests.reports.live_figures import live_coverage, live_most_open, live_standing, live_tables, summary_tables

# 23:00 in Shanghai on the last day of the first quarter: histories cross office midnights, a month and a quarter.
BASE = datetime(2025, 3, 31, 15, 0, tzinfo=UTC)
BASE_DAY = date(2025, 3, 31)
EVENT_ROLES = {RECTIFICATION_REPORTED: "inspector", RECHECK_PASSED: "inspector", RECHECK_FAILED: "inspector",
               PLAN_SET: "inspector", VERIFIED: "supervisor", ESCALATED: "supervisor", REOPENED: "supervisor",
               COMMENT: "supervisor"}

minutes = st.integers(min_value=-3 * 24 * 60, max_value=40 * 24 * 60)
deadline = st.one_of(st.none(), st.integers(min_value=-70, max_value=40))
found = st.tuples(st.sampled_from(["general", "major"]), st.sampled_from(["deadline", "on_the_spot"]), deadline,
                  st.integers(min_value=0, max_value=3))  # failed re-checks already
operation = st.one_of(
    st.tuples(st.just("inspect"), st.integers(0, 2), minutes, st.integers(0, 2), st.lists(found, max_size=3)),
    st.tuples(st.just("event"), st.integers(0, 30), st.sampled_from(sorted(EVENT_ROLES)), st.integers(0, 60),
              deadline),
    st.tuples(st.just("supersede"), st.integers(0, 30)),
    st.tuples(st.just("notice"), st.integers(0, 30), st.integers(0, 3),
              st.sampled_from([RECTIFICATION_ORDER, INSPECTION_RECORD])),
    st.tuples(st.just("move"), st.integers(0, 2), st.integers(0, 1), st.sampled_from(["food", "chemicals"])),
)
history = st.lists(st.tuples(operation, st.booleans()), min_size=1, max_size=14)  # (operation, commit after it)
judged = st.lists(st.integers(min_value=-30, max_value=90), min_size=1, max_size=3)  # days from BASE_DAY


def _play(steps, people, version, grids, enterprises) -> None:
    inspections, hazards = [], []
    for step, commit in steps:
        kind = step[0]
        if kind == "inspect":
            _kind, which, offset, team, findings = step
            at = BASE + timedelta(minutes=offset)
            inspection = make_inspection(enterprises[which], people["inspector"], version,
                                         started_at=at - timedelta(hours=1), finished_at=at)
            for position in range(team):
                db.session.add(InspectionTeamMember(inspection_id=inspection.id, position=position, role="staff",
                                                    name=f"成员{position}",
                                                    user_id=people["inspector"].id if position == 0 else None))
            inspections.append(inspection)
            for level, mode, due, failed in findings:
                on_the_spot = mode == "on_the_spot"
                hazards.append(make_hazard(
                    enterprises[which], inspection_id=inspection.id, found_at=at, level=level, mode=mode,
                    deadline=None if on_the_spot or due is None else BASE_DAY + timedelta(days=due),
                    status="closed" if on_the_spot else "open", closed_at=at if on_the_spot else None,
                    failed_recheck_count=0 if on_the_spot else failed))
        elif kind == "event" and hazards:
            _kind, which, event_type, later, due = step
            hazard = hazards[which % len(hazards)]
            at = BASE + timedelta(days=later)
            new_deadline = BASE_DAY + timedelta(days=due if due is not None else 10)
            apply_event(hazard, event_type, people[EVENT_ROLES[event_type]], EVENT_ROLES[event_type], at,
                        new_deadline=new_deadline if event_type == RECHECK_FAILED else None,
                        plan={"deadline": new_deadline} if event_type == PLAN_SET else None)
            touch(hazard)
        elif kind == "supersede" and inspections:
            inspections[step[1] % len(inspections)].review_state = "superseded"
        elif kind == "notice" and inspections:
            db.session.commit()
            try:
                issue_document(people["supervisor"],
                               DocumentRequest(step[3], inspection_uuid=inspections[step[1] % len(inspections)].uuid),
                               now=BASE + timedelta(days=step[2], hours=3))
            except DomainError:
                db.session.rollback()
        elif kind == "move":
            enterprise = enterprises[step[1]]
            record_move(enterprise, db.session.get(Grid, enterprise.grid_id), grids[step[2]])  # as the edit does
            enterprise.grid_id, enterprise.sector = grids[step[2]].id, step[3]
        if commit:
            db.session.commit()
    db.session.commit()


def _periods(judging: list[int]) -> list[tuple[Period, date]]:
    periods = [Period(date(2025, 1, 1), date(2025, 3, 31), "q1"), Period(date(2025, 4, 1), date(2025, 6, 30), "q2"),
               Period(date(2025, 3, 31), date(2025, 4, 1), CUSTOM), Period(date(2025, 1, 1), date(2025, 12, 31), "year")]
    return [(period, BASE_DAY + timedelta(days=offset)) for period in periods for offset in judging]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=history, judging=judged)
def test_the_kept_figures_are_what_the_records_count(app, steps, judging):
    with app.test_request_context():
        grids = [make_grid(), make_grid()]
        enterprises = [make_enterprise(grid=grids[n % 2], sector=("food", "chemicals", "gas")[n]) for n in range(3)]
        people = {"inspector": make_user("inspector", grids=grids), "supervisor": make_user("supervisor")}
        version = make_template().versions[0]
        db.session.commit()
        _play(steps, people, version, grids, enterprises)
        ids = [enterprise.id for enterprise in enterprises]

        kept = {(row.enterprise_id, row.day): {"month": row.month, "sector": row.sector, "grid_id": row.grid_id,
                                               **{name: getattr(row, name) for name in COUNT_NAMES}}
                for row in db.session.scalars(select(DailyFigures).where(DailyFigures.enterprise_id.in_(ids)))}
        assert kept == count_days(db.session, ids, date(2024, 12, 1), date(2025, 12, 31))

        standing = {row.enterprise_id: (row.open_hazards, row.open_major, row.last_finished_at)
                    for row in db.session.scalars(select(EnterpriseStanding))}
        assert {enterprise_id: standing.get(enterprise_id, (0, 0, None)) for enterprise_id in ids} == live_standing(ids)

        scope = ReportScope(Enterprise.id.in_(ids))
        for period, today in _periods(judging):
            assert summary_tables(get_summary(scope, period, today, breakdowns=False)) == live_tables(
                ids, period, today), (period, today)
            assert [(line.code, line.name, line.grid_name, line.open, line.major, line.overdue)
                    for line in list_most_open_hazards(scope, today, limit=2)] == live_most_open(ids, today, 2)
            coverage = get_coverage(scope, period, today)
            assert (coverage.counts, [(row.code, row.supervision_class, row.last_inspected, row.days_since)
                                      for row in coverage.rows]) == live_coverage(ids, coverage.as_of,
                                                                                  coverage.intervals), (period, today)


def test_a_history_is_kept_whole_for_the_whole_register(app):
    """The whole register's report (no scope clause on the daily rows) counts the same as the records."""
    with app.test_request_context():
        grids = [make_grid(), make_grid()]
        enterprises = [make_enterprise(grid=grids[0], sector="food"), make_enterprise(grid=grids[1], sector="gas")]
        people = {"inspector": make_user("inspector", grids=grids), "supervisor": make_user("supervisor")}
        version = make_template().versions[0]
        db.session.commit()
        _play([(("inspect", 0, 60, 1, [("major", "deadline", -40, 0), ("general", "on_the_spot", None, 0)]), True),
               (("inspect", 1, 600, 0, [("general", "deadline", 5, 2)]), False),
               (("event", 0, ESCALATED, 2, None), True), (("move", 1, 0, "chemicals"), True)],
              people, version, grids, enterprises)
        ids = [enterprise.id for enterprise in enterprises]
        for period, today in _periods([0, 45]):
            summary = get_summary(ReportScope(Enterprise.id.in_(ids), whole_register=True), period, today,
                                  breakdowns=False)
            assert summary_tables(summary) == live_tables(ids, period, today)
        year = Period(date(2025, 1, 1), date(2025, 12, 31), "year")
        totals = summary_tables(get_summary(ReportScope(Enterprise.id.in_(ids), whole_register=True), year,
                                            BASE_DAY + timedelta(days=45)))["total"]
        assert (totals["hazards_found"], totals["overdue"], totals["escalated"]) == (3, 2, 2)


def test_a_past_period_s_coverage_reads_the_inspections_before_its_end(app):
    """The kept last inspection is later than the period: the one before its end is read from the inspections."""
    with app.test_request_context():
        grid = make_grid()
        steel, bakery = make_enterprise(grid=grid, sector="metallurgy"), make_enterprise(grid=grid, sector="food")
        inspector, version = make_user("inspector", grids=[grid]), make_template().versions[0]
        for enterprise, at in ((steel, datetime(2025, 2, 1, 3, tzinfo=UTC)), (steel, datetime(2025, 5, 10, 3, tzinfo=UTC)),
                               (bakery, datetime(2025, 5, 10, 3, tzinfo=UTC))):
            make_inspection(enterprise, inspector, version, started_at=at - timedelta(hours=1), finished_at=at)
        db.session.commit()
        ids = [steel.id, bakery.id]
        q1 = Period(date(2025, 1, 1), date(2025, 3, 31), "q1")
        coverage = get_coverage(ReportScope(Enterprise.id.in_(ids)), q1, date(2025, 6, 1))
        rows = [(row.code, row.supervision_class, row.last_inspected, row.days_since) for row in coverage.rows]
        assert [row[0] for row in rows] == [bakery.code]  # steel's February inspection covers the quarter
        assert (coverage.counts, rows) == live_coverage(ids, coverage.as_of, coverage.intervals)


@pytest.mark.parametrize("figure", COUNT_NAMES)
def test_every_kept_count_is_a_column(figure):
    assert figure in DailyFigures.__table__.c
