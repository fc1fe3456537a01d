"""Reading the reporting period: presets, dates, the office's calendar and every way to get it wrong."""
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from safety import create_app
from safety.common.errors import DomainError
from safety.reports.periods import parse_period
from tests.conftest import base_config

TODAY = date(2026, 5, 20)


def _period(**args):
    return parse_period(args, today=TODAY)


@pytest.mark.parametrize("args,start,end", [
    ({}, date(2026, 4, 1), date(2026, 6, 30)),
    ({"period": "quarter"}, date(2026, 4, 1), date(2026, 6, 30)),
    ({"period": "month"}, date(2026, 5, 1), date(2026, 5, 31)),
    ({"period": "year"}, date(2026, 1, 1), date(2026, 12, 31)),
    ({"period": "year", "year": "2024"}, date(2024, 1, 1), date(2024, 12, 31)),
    ({"period": "q1"}, date(2026, 1, 1), date(2026, 3, 31)),
    ({"period": "q4", "year": "2025"}, date(2025, 10, 1), date(2025, 12, 31)),
    ({"from": "2026-02-03", "to": "2026-02-03"}, date(2026, 2, 3), date(2026, 2, 3)),
    ({"period": "custom", "from": "2024-02-01", "to": "2024-02-29"}, date(2024, 2, 1), date(2024, 2, 29)),
])
def test_presets_and_dates(app, args, start, end):
    period = _period(**args)
    assert (period.start, period.end) == (start, end)


def test_bounds_are_the_offices_midnights_in_utc(app):
    period = _period(period="q2", year="2025")
    assert period.utc_bounds() == (datetime(2025, 3, 31, 16, tzinfo=UTC),
                                   datetime(2025, 6, 30, 16, tzinfo=UTC))
    assert [month.key for month in period.months()] == ["2025-04", "2025-05", "2025-06"]
    assert period.months()[1].start == datetime(2025, 4, 30, 16, tzinfo=UTC)


def test_the_office_time_zone_is_configurable(tmp_path):
    berlin = create_app({**base_config("sqlite://", tmp_path), "BABEL_DEFAULT_TIMEZONE": "Europe/Berlin"})
    with berlin.app_context():
        start, end = _period(period="q1", year="2025").utc_bounds()
    assert (start, end) == (datetime(2024, 12, 31, 23, tzinfo=UTC),
                            datetime(2025, 3, 31, 22, tzinfo=UTC))  # summer time began on 30 March


@pytest.mark.parametrize("args,name", [
    ({"period": "q3", "year": "2025"}, "the third quarter of 2025"),
    ({"from": "2025-07-01", "to": "2025-09-30"}, "the third quarter of 2025"),
    ({"period": "month"}, "May 2026"),
    ({"period": "year"}, "the year 2026"),
    ({"from": "2026-01-05", "to": "2026-02-10"}, "the period from January 5, 2026 to February 10, 2026"),
    ({"from": "2026-01-01", "to": "2026-02-28"}, "the period from January 1, 2026 to February 28, 2026"),
])
def test_a_period_is_named_by_its_dates(app, args, name):
    with app.test_request_context(), force_locale("en"):
        assert _period(**args).name == name


def test_links_name_the_period_again(app):
    for args in ({"period": "q2", "year": "2025"}, {"from": "2025-01-05", "to": "2025-02-01"}, {"period": "month"}):
        period = _period(**args)
        assert _period(**period.as_args()) == period


@pytest.mark.parametrize("args,field", [
    ({"from": "2026-03-02", "to": "2026-03-01"}, "from"),
    ({"from": "2026-02-29", "to": "2026-03-01"}, "from"),
    ({"from": "26-01-01", "to": "2026-03-01"}, "from"),
    ({"from": "2026-W01-1", "to": "2026-03-01"}, "from"),
    ({"from": "2026-01-01", "to": ""}, "to"),
    ({"period": "custom", "from": "2026-01-01"}, "to"),
    ({"from": "2010-01-01", "to": "2026-01-01"}, "to"),
    ({"period": "week"}, "period"),
    ({"period": "q2", "year": "two"}, "year"),
])
def test_malformed_periods_are_refused_naming_the_argument(app, args, field):
    with pytest.raises(DomainError) as refused:
        _period(**args)
    assert (refused.value.status, refused.value.code, refused.value.field) == (400, "invalid_period", field)
