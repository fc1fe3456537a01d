"""The ledger list: scope, every filter, sorting, pagination, counts, row contents and a constant number of queries."""
import itertools
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tests.factories import make_enterprise, make_hazard
from tests.hazards_ledger.conftest import days, found, names, uuids_on
from tests.statements import counting_statements

EVERYTHING = {"open", "overdue", "escalated", "recurring", "major", "closed", "long_overdue"}
NORTH = {"open", "overdue", "escalated", "recurring"}
SOUTH = {"major", "closed", "long_overdue"}


@pytest.mark.parametrize("username,expected", [("chief", EVERYTHING), ("root", EVERYTHING), ("north", NORTH),
                                               ("south", SOUTH)])
def test_each_role_sees_the_hazards_in_its_scope(client, auth, park, username, expected):
    auth.login(username)
    response = client.get("/hazards/")
    assert response.status_code == 200
    assert set(names(park, response)) == expected


def test_enterprise_account_may_not_open_the_ledger(client, auth, park):
    auth.login("firm")
    assert client.get("/hazards/").status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client, park):
    response = client.get("/hazards/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("filters,expected", [
    ({"status": "open"}, {"open", "overdue", "escalated", "long_overdue"}),
    ({"status": "rectified"}, {"recurring"}),
    ({"status": "pending_verification"}, {"major"}),
    ({"status": "closed"}, {"closed"}),
    ({"level": "major"}, {"major"}),
    ({"level": "general"}, EVERYTHING - {"major"}),
    ({"sector": "food"}, {"escalated", "recurring"}),
    ({"grid": "S1"}, SOUTH),
    ({"q": "钢铁"}, {"open", "overdue"}),
    ({"q": "sunny BAKERY"}, {"escalated", "recurring"}),
    ({"q": "e2000"}, SOUTH),
    ({"q": "100%"}, set()),
    ({"overdue": "1"}, {"overdue", "long_overdue"}),
    # flagged by a supervisor, two failed re-checks, or overdue longer than the limit (30 days)
    ({"escalated": "1"}, {"escalated", "recurring", "long_overdue"}),
    ({"recurring": "1"}, {"recurring"}),
    ({"found_from": found(8).date().isoformat()}, {"open", "escalated", "major"}),
    ({"found_to": found(20).date().isoformat()}, {"overdue", "closed", "long_overdue"}),
    ({"found_from": found(12).date().isoformat(), "found_to": found(5).date().isoformat()},
     {"escalated", "recurring", "major"}),
    ({"deadline_from": days(3).isoformat()}, {"open", "escalated", "major"}),
    ({"deadline_to": days(-10).isoformat()}, {"overdue", "closed", "long_overdue"}),
    ({"deadline_from": days(-10).isoformat(), "deadline_to": days(3).isoformat()},
     {"overdue", "escalated", "recurring"}),
    ({"overdue": "1", "grid": "N1"}, {"overdue"}),
    ({"status": "open", "level": "general", "sector": "chemicals"}, {"long_overdue"}),
])
def test_each_filter_narrows_the_ledger(client, auth, park, filters, expected):
    auth.login("chief")
    response = client.get("/hazards/", query_string=filters)
    assert response.status_code == 200
    assert set(names(park, response)) == expected


def test_filters_are_kept_in_the_form_and_the_export_link(client, auth, park):
    auth.login("chief")
    page = client.get("/hazards/", query_string={"level": "major", "overdue": "1", "q": "化工"}).get_data(as_text=True)
    assert '<option selected value="major">' in page
    assert '<input checked data-autosubmit id="overdue" name="overdue" type="checkbox"' in page
    assert '<input data-autosubmit id="recurring" name="recurring" type="checkbox"' in page
    assert 'value="化工"' in page
    export_link = page.split('/hazards/export.xlsx?')[1].split('"')[0]
    assert "level=major" in export_link and "overdue=1" in export_link and "q=" in export_link


@pytest.mark.parametrize("args,field_message", [
    ({"status": "bogus"}, "“bogus” is not one of the choices."),
    ({"level": "huge"}, "“huge” is not one of the choices."),
    ({"sort": "sideways"}, "“sideways” is not one of the choices."),
    ({"found_from": "2026-13-01"}, "Enter the date as YYYY-MM-DD (“2026-13-01” is not a date)."),
    ({"deadline_to": "yesterday"}, "Enter the date as YYYY-MM-DD (“yesterday” is not a date)."),
    ({"deadline_from": "2026-05-01", "deadline_to": "2026-04-01"}, "The end of the range is before its start."),
])
def test_invalid_filter_values_are_explained_not_a_server_error(client, auth, park, args, field_message):
    auth.login("chief")
    response = client.get("/hazards/", query_string=args)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="error" role="alert">' + field_message.replace("“", "&#34;").replace("”", "&#34;") in page or \
        field_message in page
    assert "Some filters could not be read and are not applied." in page
    # The filter that could not be read filters nothing; the ledger is still there.
    assert set(names(park, response)) == EVERYTHING


def test_inspector_filtering_by_another_grid_is_told_and_sees_only_their_own(client, auth, park):
    auth.login("north")
    response = client.get("/hazards/", query_string={"grid": "S1"})
    assert response.status_code == 400
    assert "“S1” is not one of the choices." in response.get_data(as_text=True)
    assert set(names(park, response)) == NORTH


@pytest.mark.parametrize("sort,expected", [
    ("-found", ["open", "major", "escalated", "recurring", "overdue", "closed", "long_overdue"]),
    ("found", ["long_overdue", "closed", "overdue", "recurring", "escalated", "major", "open"]),
    ("deadline", ["long_overdue", "closed", "overdue", "recurring", "escalated", "major", "open"]),
    ("-deadline", ["open", "major", "escalated", "recurring", "overdue", "closed", "long_overdue"]),
])
def test_sorting_by_dates_both_ways(client, auth, park, sort, expected):
    auth.login("chief")
    assert names(park, client.get("/hazards/", query_string={"sort": sort}, follow_redirects=True)) == expected


def test_the_filter_form_as_sent_is_answered_with_the_short_url(client, auth, park):
    auth.login("chief")
    sent = {"q": "", "status": "", "level": "major", "sector": "", "grid": "", "sort": "-found", "overdue": "y",
            "found_from": "", "found_to": "", "deadline_from": "", "deadline_to": ""}
    response = client.get("/hazards/", query_string=sent)
    assert response.status_code == 302
    assert response.headers["Location"] == "/hazards/?level=major&overdue=1"


def test_default_order_is_newest_found_first(client, auth, park):
    auth.login("chief")
    assert names(park, client.get("/hazards/"))[:2] == ["open", "major"]


def test_sorting_by_enterprise_status_and_level(client, auth, park):
    auth.login("chief")

    def order(sort):
        return names(park, client.get("/hazards/", query_string={"sort": sort}))

    def enterprises(sort):
        # The order of names is the database's collation; what must hold anywhere is that each
        # enterprise's hazards come together and that the other direction reverses the enterprises.
        return [key for key, _group in itertools.groupby(park["hazards"][n].enterprise_id for n in order(sort))]

    assert len(enterprises("enterprise")) == 3
    assert enterprises("-enterprise") == list(reversed(enterprises("enterprise")))
    statuses = [park["hazards"][n].status for n in order("status")]
    assert statuses == ["open"] * 4 + ["rectified", "pending_verification", "closed"]
    assert [park["hazards"][n].status for n in order("-status")] == list(reversed(statuses))
    assert order("-level")[0] == "major" and order("level")[-1] == "major"


def test_column_headings_link_to_sorting_and_turn_it_round(client, auth, park):
    auth.login("chief")
    page = client.get("/hazards/", query_string={"sort": "deadline", "level": "general"}).get_data(as_text=True)
    assert '<th aria-sort="ascending">\n    <a href="/hazards/?level=general&amp;sort=-deadline" class="sort sorted">' in page
    assert 'href="/hazards/?level=general&amp;sort=enterprise"' in page


def test_ledger_is_paginated_and_pages_keep_the_filters(app, client, auth, park):
    app.config["PAGE_SIZE"] = 2
    auth.login("chief")
    first = client.get("/hazards/", query_string={"level": "general"})
    second = client.get("/hazards/", query_string={"level": "general", "page": 2})
    last = client.get("/hazards/", query_string={"level": "general", "page": 3})
    assert names(park, first) == ["open", "escalated"]
    assert names(park, second) == ["recurring", "overdue"]
    assert names(park, last) == ["closed", "long_overdue"]
    assert 'href="/hazards/?level=general&amp;page=2" rel="next"' in first.get_data(as_text=True)
    assert "6 records" in first.get_data(as_text=True)


def test_counts_by_status_follow_every_filter_but_the_status(client, auth, park):
    auth.login("chief")
    page = client.get("/hazards/", query_string={"status": "open", "grid": "S1"}).get_data(as_text=True)
    counts = page[page.index('class="status-counts"'):page.index("</nav>", page.index('class="status-counts"'))]

    def count(status):
        return counts.split(f'data-status="{status}"')[1].split("<strong>")[1].split("</strong>")[0]

    assert count("open") == "1" and count("pending_verification") == "1" and count("closed") == "1"
    assert count("rectified") == "0"
    assert "All <strong>3</strong>" in counts
    assert 'href="/hazards/?status=closed&amp;grid=S1"' in counts


def test_rows_show_level_status_deadline_overdue_flags_and_finder(client, auth, park):
    auth.login("chief")
    page = client.get("/hazards/").get_data(as_text=True)

    def row(name):
        start = page.index(f'data-hazard="{park["hazards"][name].uuid}"')
        return page[start:page.index("</tr>", start)]

    assert "配电箱门未关闭" in row("overdue") and "10 days overdue" in row("overdue")
    assert "华东钢铁有限公司" in row("overdue") and "E10001" in row("overdue") and "李北" in row("overdue")
    assert 'class="badge bad">Major hazard' in row("major") and "Awaiting verification" in row("major")
    assert "overdue" not in row("closed").replace("is-overdue", "")
    assert "Escalated" in row("escalated")
    assert "Recurring" in row("recurring") and "2 failed re-checks" in row("recurring")
    assert "Due for escalation" in row("recurring") and "Due for escalation" in row("long_overdue")
    assert "Due for escalation" not in row("open") and "Escalated" not in row("open")


def test_long_descriptions_are_truncated_in_the_list(client, auth, park):
    make_hazard(park["enterprises"]["steel"], description="长" * 200, found_at=found(1))
    auth.login("chief")
    page = client.get("/hazards/").get_data(as_text=True)
    assert "长" * 77 + "..." in page and ">" + "长" * 200 + "<" not in page


def test_list_runs_the_same_number_of_queries_for_5_and_60_hazards(client, auth, park):
    auth.login("chief")

    def count_queries() -> int:
        with counting_statements() as statements:
            assert client.get("/hazards/", query_string={"q": "批量"}).status_code == 200
        return len(statements)

    grid = park["grids"]["north"]
    firms = [make_enterprise(grid=grid, name=f"批量企业{n}") for n in range(6)]
    for n in range(5):
        make_hazard(firms[n % 6], found_at=found(n), found_by_id=park["users"]["north"].id,
                    level="major" if n % 2 else "general")
    few = count_queries()
    for n in range(55):
        make_hazard(firms[n % 6], found_at=found(n), found_by_id=park["users"]["south"].id if n % 3 else None,
                    escalated=n % 4 == 0, deadline=days(n - 30))
    assert count_queries() == few


def test_escalation_filter_follows_the_configured_overdue_limit(app, client, auth, park):
    app.config["HAZARD_ESCALATION_OVERDUE_DAYS"] = 5
    auth.login("chief")
    response = client.get("/hazards/", query_string={"escalated": "1"})
    assert set(names(park, response)) == {"escalated", "recurring", "long_overdue", "overdue"}


def test_found_dates_are_the_offices_days(client, auth, park):
    # 23:58 and 00:03 in Shanghai, either side of the office's midnight (16:00 UTC the day before).
    day = found(1).date()
    midnight_utc = datetime.combine(day, time.min, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(timezone.utc)
    before = make_hazard(park["enterprises"]["steel"], item_key="x-1", found_at=midnight_utc - timedelta(minutes=2))
    after = make_hazard(park["enterprises"]["steel"], item_key="x-2", found_at=midnight_utc + timedelta(minutes=3))
    auth.login("chief")
    on_the_day = uuids_on(client.get("/hazards/", query_string={"found_from": day.isoformat(),
                                                                "found_to": day.isoformat()}))
    the_day_before = uuids_on(client.get("/hazards/", query_string={"found_to": (day - timedelta(days=1)).isoformat()}))
    assert after.uuid in on_the_day and before.uuid not in on_the_day
    assert before.uuid in the_day_before and after.uuid not in the_day_before
