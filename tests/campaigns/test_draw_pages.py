"""The draw in the back office (双随机、一公开): the form and its bad input, the published list and its Excel."""
import hashlib
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from safety.campaigns.models import Campaign, Draw, Task
from safety.extensions import db
from tests.campaigns.conftest import make_random_check
from tests.factories import make_task


@pytest.fixture
def random_check(district):
    return make_random_check("2026-SJ-01")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_the_form_offers_the_draw_with_the_pool_size(client, auth, random_check):
    auth.login("chief")
    page = _text(client.get("/campaigns/2026-SJ-01/draw"))
    # E101, E102, E103, E201, E202, E301: every enterprise not closed.
    assert "可供抽取的企业共 6 家" in page and 'name="seed"' in page


def test_a_draw_by_count_is_recorded_and_published(client, auth, random_check, district):
    auth.login("chief")
    response = auth.post_form("/campaigns/2026-SJ-01/draw", {"count": "3", "team_size": "2", "seed": "audit-7",
                                                             "exclude_own_grid_alone": "y"})
    assert response.status_code == 302, _text(response)
    draw = db.session.scalar(select(Draw))
    assert (draw.seed, draw.count, draw.team_size, draw.exclude_own_grid_alone) == ("audit-7", 3, 2, True)
    assert _count(Task) == 3
    page = _text(client.get("/campaigns/2026-SJ-01/draw"))
    assert "双随机抽查结果公示：双随机抽查" in page and 'data-seed>audit-7<' in page
    for line in draw.result:
        # The hash on the page is the one anyone can recompute.
        assert hashlib.sha256(f"audit-7:{line['enterprise']}".encode()).hexdigest() == line["hash"]
        assert f'data-enterprise="{line["enterprise"]}"' in page and line["hash"] in page
    names = {user.username: user.display_name for user in district["users"].values()}
    first = draw.result[0]
    assert "、".join(names[username] for username in first["team"]) in page


def test_the_same_seed_gives_the_same_list_as_the_api(client, auth, district):
    make_random_check("2026-SJ-01")
    make_random_check("2026-SJ-02")
    db.session.commit()
    auth.login("chief")
    auth.post_form("/campaigns/2026-SJ-01/draw", {"count": "4", "team_size": "2", "seed": "same"})
    api = client.post("/api/v1/campaigns/2026-SJ-02/draw", json={"count": 4, "team_size": 2, "seed": "same"},
                      headers=auth.headers()).get_json()
    drawn = db.session.scalar(select(Draw).join(Campaign).where(Campaign.code == "2026-SJ-01"))
    assert drawn.result == api["draw"]["result"]


def test_a_draw_by_share_rounds_up(client, auth, random_check):
    auth.login("chief")
    assert auth.post_form("/campaigns/2026-SJ-01/draw", {"share_percent": "50", "team_size": "1"}).status_code == 302
    draw = db.session.scalar(select(Draw))
    assert draw.count == 3 and draw.share == "0.5"


@pytest.mark.parametrize("form,message", [
    ({"count": "7", "team_size": "2"}, "范围内只有 6 家企业，无法抽取 7 家。"),
    ({"count": "2", "share_percent": "10", "team_size": "2"}, "请填写抽取企业数或抽取比例，二者选一。"),
    ({"team_size": "2"}, "请填写抽取企业数或抽取比例，二者选一。"),
    ({"count": "0", "team_size": "2"}, "至少抽取一家企业。"),
    ({"share_percent": "150", "team_size": "2"}, "抽取比例须大于 0 且不超过 100。"),
    ({"count": "2", "team_size": "4"}, "人员名录中只有 3 名检查人员，无法抽取 4 人的检查组。"),
    ({"count": "2", "team_size": "2", "seed": "空 格"}, "随机种子为 1 至 64 个字母、数字、连字符或下划线。"),
])
def test_bad_input_draws_nothing(client, auth, random_check, form, message):
    auth.login("chief")
    response = auth.post_form("/campaigns/2026-SJ-01/draw", form)
    assert response.status_code == 400
    assert message in _text(response)
    assert _count(Draw) == 0 and _count(Task) == 0


def test_a_campaign_with_tasks_cannot_be_drawn(client, auth, random_check, district):
    make_task(random_check, district["enterprises"]["E101"], [district["users"]["ann"]])
    db.session.commit()
    auth.login("chief")
    response = auth.post_form("/campaigns/2026-SJ-01/draw", {"count": "2", "team_size": "2"})
    assert response.status_code == 400 and "本次行动已有任务" in _text(response)
    assert _count(Draw) == 0


def test_the_published_list_as_excel(client, auth, random_check):
    auth.login("chief")
    auth.post_form("/campaigns/2026-SJ-01/draw", {"count": "2", "team_size": "2", "seed": "x1"})
    response = client.get("/campaigns/2026-SJ-01/draw.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[value for value in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "双随机抽查结果公示：双随机抽查"
    assert ["随机种子", "x1"] == list(rows[4][:2])
    draw = db.session.scalar(select(Draw))
    assert [row[1] for row in rows[-2:]] == [line["enterprise"] for line in draw.result]
    assert [row[5] for row in rows[-2:]] == [line["hash"] for line in draw.result]


def test_before_the_draw_the_excel_sends_back_to_the_form(client, auth, random_check):
    auth.login("chief")
    response = client.get("/campaigns/2026-SJ-01/draw.xlsx", follow_redirects=True)
    assert "本行动尚未抽取。" in _text(response)


def test_a_grid_supervisor_may_not_draw_a_whole_register_campaign(client, auth, random_check):
    auth.login("northchief")
    page = client.get("/campaigns/2026-SJ-01/draw")
    assert page.status_code == 200 and 'name="seed"' not in _text(page)
    assert auth.post_form("/campaigns/2026-SJ-01/draw", {"count": "2", "team_size": "2"}).status_code == 403
    assert _count(Draw) == 0
