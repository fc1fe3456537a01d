"""Rates are coloured by how good they are, decided in one place (safety.common.rates): a 28.6 % rectification
rate is red on the dashboard, the summary and its tables, never green."""
import re

import pytest

from safety.common.rates import rate_tone
from tests.reports.conftest import Q1, Q2


@pytest.mark.parametrize("rate,tone", [(None, ""), (0.0, "bad"), (20.0, "bad"), (59.9, "bad"), (60.0, "warn"),
                                       (89.9, "warn"), (90.0, "ok"), (100.0, "ok")])
def test_the_default_thresholds(app, rate, tone):
    assert rate_tone(rate) == tone


def test_the_thresholds_are_the_offices_setting(app):
    app.config.update(RATE_BAD_BELOW=30, RATE_WARN_BELOW=50)
    assert [rate_tone(rate) for rate in (29.0, 30.0, 49.0, 50.0)] == ["bad", "warn", "warn", "ok"]


def _tile_class(page: str) -> str:
    return re.search(r'<li class="([^"]*)"><span class="figure-label">[^<]*</span>\s*'
                     r'<strong data-figure="rectification_rate">', page).group(1)


def test_the_dashboard_tile_is_red_for_a_low_rate_and_amber_or_green_above(app, client, auth, park):
    auth.login("chief")
    assert _tile_class(client.get("/reports/", query_string=Q1).get_data(as_text=True)) == "tile-bad"  # 28.6 %
    app.config.update(RATE_BAD_BELOW=20, RATE_WARN_BELOW=40)
    assert _tile_class(client.get("/reports/", query_string=Q1).get_data(as_text=True)) == "tile-warn"
    assert _tile_class(client.get("/reports/", query_string=Q2).get_data(as_text=True)) == "tile-ok"  # 50 %


def test_the_summary_colours_its_rate_cells(client, auth, park):
    auth.login("chief")
    page = client.get("/reports/summary", query_string=Q1).get_data(as_text=True)
    cells = re.findall(r'<td class="num([^"]*)" data-figure="rectification_rate">([^<]*)<', page)
    assert cells, "the summary shows rectification rates"
    for classes, value in cells:
        if value == "—":
            assert classes == ""  # no rate, no colour
        else:
            expected = rate_tone(float(value.rstrip("%")))
            assert classes == f" rate-{expected}", value
    assert (" rate-bad", "28.6%") in cells
