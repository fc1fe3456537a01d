"""The office's calendar: days begin at the office's midnight, whatever the server's clock says."""
from datetime import UTC, date, datetime

from safety.common.office_time import office_date, office_day, start_of_office_day


def test_an_office_day_starts_at_the_offices_midnight_in_utc(app):
    with app.test_request_context():
        assert start_of_office_day(date(2026, 4, 1)) == datetime(2026, 3, 31, 16, 0, tzinfo=UTC)


def test_an_early_morning_in_shanghai_is_that_days_date_not_utcs(app):
    seven_in_shanghai = datetime(2026, 3, 31, 23, 0, tzinfo=UTC)
    with app.test_request_context():
        assert office_day(seven_in_shanghai) == date(2026, 4, 1)
        assert office_date(seven_in_shanghai.isoformat()) == "2026-04-01"
        assert office_date(None) == ""


def test_the_zone_is_never_shanghais_local_mean_time(app):
    # A pytz zone attached with tzinfo= would start the day at 15:54 UTC (+08:06).
    with app.test_request_context():
        assert start_of_office_day(date(2026, 1, 1)).time().isoformat() == "16:00:00"
