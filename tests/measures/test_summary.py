"""Enforcement in the office's figures: the same cases, fines, stopped and closed enterprises by sector in the
summary's HTML, JSON and workbook, and on the dashboard, within the reader's jurisdiction."""
import io
import re

import pytest
from openpyxl import load_workbook

from safety.measures.operations import record_measure
from safety.measures.validation import parse_measure
from tests.factories import make_enterprise
from tests.measures.conftest import TODAY, measure_values

PERIOD = {"from": "2026-11-01", "to": "2026-12-31"}


@pytest.fixture
def enforcement(park):
    """In the period: at the steelworks (metallurgy, north) a warning and a fine of 30,000 yuan on one decision,
    and a shutdown order; at the chemical plant (chemicals, south) a fine of 200,000 yuan, a stop-work order, a
    closure and a referral; at a second chemical plant a stop-work order. Before the period: a fine, not counted."""
    chief, steel, chem = park["users"]["chief"], park["enterprises"]["steel"], park["enterprises"]["chem"]
    other = make_enterprise(grid=park["grids"]["south"], code="E20002", name="东方化工有限公司", sector="chemicals")

    def add(enterprise, **values):
        record_measure(chief, enterprise, parse_measure(measure_values(**values), TODAY))

    add(steel, kind="warning", fine_yuan="")
    add(steel)  # the fine of the same decision (警告并处罚款): one case
    add(steel, kind="shutdown", fine_yuan="", decision_number="园应急停〔2026〕3号", served_on="2026-12-02")
    add(chem, decision_number="园应急罚〔2026〕15号", fine_yuan="200000", decided_on="2026-11-20")
    add(chem, kind="stop_work", fine_yuan="", decision_number="园应急现决〔2026〕9号")
    add(chem, kind="closure", fine_yuan="", decision_number="园政关〔2026〕1号")
    add(chem, kind="referral", fine_yuan="", department="区公安分局", reply_due_on="2026-12-20",
        decision_number="园应急移〔2026〕2号")
    add(other, kind="stop_work", fine_yuan="", decision_number="园应急现决〔2026〕10号")
    add(chem, decision_number="园应急罚〔2026〕1号", fine_yuan="50000", decided_on="2026-10-15")


def test_the_json_counts_cases_fines_and_enterprises_by_sector(client, auth, enforcement):
    auth.login("chief")
    figures = client.get("/reports/summary.json", query_string=PERIOD).get_json()["enforcement"]
    assert {key: figures[key] for key in ("cases", "fines_yuan", "fines_wan_yuan", "stopped_enterprises",
                                          "closed_enterprises", "referrals", "seizures", "onsite_measures")} == {
        "cases": 4, "fines_yuan": 230000, "fines_wan_yuan": "23", "stopped_enterprises": 3, "closed_enterprises": 1,
        "referrals": 1, "seizures": 0, "onsite_measures": 2}
    by_sector = {line["sector"]: (line["cases"], line["fines_yuan"], line["stopped_enterprises"],
                                  line["closed_enterprises"]) for line in figures["by_sector"]}
    assert by_sector == {"metallurgy": (2, 30000, 1, 0), "chemicals": (2, 200000, 2, 1)}


def test_the_paragraph_says_it_in_the_offices_words(client, auth, enforcement):
    auth.login("chief")
    page = client.get("/reports/summary", query_string=PERIOD).get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert ("4 penalty cases were opened and fines of 23 × 10,000 yuan imposed; 3 enterprises were ordered to stop "
            "production, business or work, 1 were closed down, and 1 cases were referred to other departments.") in text
    table = page.split('class="figures enforcement-figures"')[1].split("</table>")[0]
    assert re.findall(r'data-sector="(\w*)"', table) == ["metallurgy", "chemicals", ""]


def test_the_chinese_sentence(app, enforcement):
    from flask_babel import force_locale
    from safety.measures.figures import EnforcementFigures
    from safety.measures.wording import enforcement_sentence
    with force_locale("zh_CN"):
        sentence = enforcement_sentence(EnforcementFigures(cases=26, fines_yuan=230000, stopped_enterprises=11,
                                                           closed_enterprises=2, referrals=3))
    assert sentence.startswith("立案26起，实施经济处罚23万元，责令停产停业停工11家，关闭取缔2家")


def test_a_grid_supervisor_counts_their_grid_only(client, auth, enforcement):
    auth.login("northchief")
    figures = client.get("/reports/summary.json", query_string=PERIOD).get_json()["enforcement"]
    assert (figures["cases"], figures["fines_yuan"], figures["stopped_enterprises"]) == (2, 30000, 1)


def test_the_workbook_and_the_dashboard_agree(client, auth, enforcement):
    auth.login("chief")
    rows = list(load_workbook(io.BytesIO(client.get("/reports/summary.xlsx", query_string=PERIOD).data))
                ["Summary figures"].iter_rows(values_only=True))
    start = next(n for n, row in enumerate(rows) if row[0] == "Enforcement measures")
    assert rows[start + 1][:5] == ("Sector", "Cases opened", "Fines (10,000 yuan)", "Enterprises stopped",
                                   "Enterprises closed")
    total = next(row for row in rows[start:] if row[0] == "Total")
    assert total[1:8] == (4, 23, 3, 1, 1, 0, 2)
    dashboard = client.get("/reports/", query_string=PERIOD).get_data(as_text=True)
    footer = dashboard.split('class="figures enforcement-figures"')[1].split("<tfoot>")[1]
    assert re.findall(r'data-figure="(\w+)">([\d.]+)<', footer)[:4] == [
        ("cases", "4"), ("fines_yuan", "23"), ("stopped_enterprises", "3"), ("closed_enterprises", "1")]
