"""Campaigns belong to a unit: set when created (the creator's, or one below it), shown on the list and the
campaign page, and read and managed by the supervisors of that unit's subtree; a unit with campaigns stays."""
from datetime import datetime, timezone

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text

from safety import create_app
from safety.campaigns.models import Campaign
from safety.campaigns.operations import update_campaign
from safety.campaigns.validation import parse_campaign
from safety.common.errors import Conflict, DomainError
from safety.extensions import db
from safety.units.models import Unit
from safety.units.operations import delete_unit
from safety.users.models import User
from tests.conftest import base_config
from tests.factories import make_campaign, make_enterprise, make_grid, make_task, make_unit, make_user

BODY = {"name": "燃气安全专项整治", "kind": "campaign", "starts_on": "2026-03-01", "ends_on": "2026-05-31",
        "scope": {"sectors": [], "grids": [], "classes": [], "enterprises": []}, "template_ids": []}


@pytest.fixture
def county(app):
    """The bureau with a town (城东镇, with a community under it) and a park; a supervisor for each level."""
    town, park = make_unit("CD", "城东镇"), make_unit("KFQ", "经开区", kind="park")
    village = make_unit("CDV", "城东社区", parent=town, kind="community")
    grids = {unit.code: make_grid(f"{unit.code}-G", unit=unit) for unit in (town, park, village)}
    firms = {code: make_enterprise(grid=grid, code=f"E-{code}") for code, grid in grids.items()}
    make_user("supervisor", username="chief")
    make_user("supervisor", username="town", unit=town)
    make_user("supervisor", username="park", unit=park)
    ann = make_user("inspector", username="ann", grids=[grids["KFQ"]])
    return {"town": town, "park": park, "village": village, "grids": grids, "firms": firms, "ann": ann}


def _create(client, auth, code: str, **fields):
    return client.post("/api/v1/campaigns", json={**BODY, "code": code, **fields}, headers=auth.headers())


def test_a_campaign_belongs_to_its_creators_unit_unless_one_below_is_named(county, client, auth):
    auth.login("town")
    made = _create(client, auth, "2026-CD-01")
    assert made.status_code == 201 and made.get_json()["unit"] == {"code": "CD", "name": "城东镇", "kind": "town"}
    below = _create(client, auth, "2026-CD-02", unit="CDV")
    assert below.status_code == 201 and below.get_json()["unit"]["code"] == "CDV"
    auth.login("chief")
    assert _create(client, auth, "2026-QU-01").get_json()["unit"]["code"] == "ROOT"


@pytest.mark.parametrize("unit, status", [("KFQ", 403), ("ROOT", 403), ("NOPE", 404)])
def test_a_unit_outside_the_creators_is_refused_at_the_unit_field(county, client, auth, unit, status):
    auth.login("town")
    refused = _create(client, auth, "2026-CD-09", unit=unit)
    assert refused.status_code == status and refused.get_json()["error"]["field"] == "unit"
    assert db.session.scalar(select(Campaign.id).where(Campaign.code == "2026-CD-09")) is None


def test_a_town_supervisor_lists_their_subtrees_campaigns_and_the_bureaus_not_the_parks(county, client, auth):
    make_campaign(code="2026-QU-01")  # the bureau's, over the whole register
    make_campaign(code="2026-CD-01", unit=county["town"], scope={"grids": ["CD-G"]})
    make_campaign(code="2026-CD-02", unit=county["village"], scope={"grids": ["CDV-G"]})
    make_campaign(code="2026-KF-01", unit=county["park"], scope={"grids": ["KFQ-G"]})
    make_campaign(code="2026-KF-02", unit=county["park"])  # the park's over everything it has
    auth.login("town")
    listed = {c["code"] for c in client.get("/api/v1/campaigns").get_json()["campaigns"]}
    assert listed == {"2026-QU-01", "2026-CD-01", "2026-CD-02"}
    assert client.get("/api/v1/campaigns/2026-KF-01").status_code == 403
    page = client.get("/campaigns/").get_data(as_text=True)
    assert 'data-unit="CDV"' in page and "2026-KF-01" not in page
    auth.login("park")
    listed = {c["code"] for c in client.get("/api/v1/campaigns").get_json()["campaigns"]}
    assert listed == {"2026-QU-01", "2026-KF-01", "2026-KF-02"}


def test_another_units_campaign_with_a_task_in_the_town_is_seen_there_but_not_managed(county, client, auth):
    other = make_campaign(code="2026-KF-03", unit=county["park"], scope={"grids": ["KFQ-G"]})
    make_task(other, county["firms"]["CD"], [county["ann"]])
    auth.login("town")
    assert client.get("/api/v1/campaigns/2026-KF-03").status_code == 200
    refused = client.post("/api/v1/campaigns/2026-KF-03/tasks", headers=auth.headers(),
                          json={"enterprise_code": "E-CD", "team": ["ann"], "due_on": "2026-04-01"})
    assert refused.status_code == 403


def test_the_bureaus_supervisor_manages_a_towns_campaign_and_the_town_not_the_bureaus(county, client, auth):
    make_campaign(code="2026-QU-01", status="draft", scope={"grids": ["CD-G"]})
    make_campaign(code="2026-CD-01", unit=county["town"], scope={"grids": ["CD-G"]}, status="draft")
    auth.login("town")
    assert client.get("/campaigns/2026-QU-01/edit").status_code == 403
    assert 'href="/campaigns/2026-CD-01/edit"' in client.get("/campaigns/2026-CD-01").get_data(as_text=True)
    assert 'href="/campaigns/2026-QU-01/edit"' not in client.get("/campaigns/2026-QU-01").get_data(as_text=True)
    auth.login("chief")
    assert 'href="/campaigns/2026-CD-01/edit"' in client.get("/campaigns/2026-CD-01").get_data(as_text=True)


def test_the_campaign_page_and_form_show_the_unit(county, client, auth):
    make_campaign(code="2026-CD-01", unit=county["town"], scope={"grids": ["CD-G"]}, status="draft")
    auth.login("town")
    page = client.get("/campaigns/2026-CD-01").get_data(as_text=True)
    assert 'data-unit="CD"' in page and "城东镇" in page
    form = client.get("/campaigns/new").get_data(as_text=True)
    assert '<option selected value="CD">城东镇' in form and 'value="CDV"' in form and 'value="KFQ"' not in form


def test_a_unit_with_a_campaign_is_not_deleted_and_the_message_counts_it(county):
    lonely = make_unit("XC", "西城镇")
    make_campaign(code="2026-XC-01", unit=lonely)
    with pytest.raises(Conflict) as refused:
        delete_unit(lonely)
    assert refused.value.code == "unit_not_empty" and "1 项检查行动" in refused.value.message
    assert db.session.get(Unit, lonely.id) is not None


def test_the_migration_gives_every_existing_campaign_to_the_root_unit(tmp_path):
    app = create_app(base_config("sqlite:///" + str(tmp_path / "old.sqlite"), tmp_path))
    now = datetime(2026, 11, 1, tzinfo=timezone.utc)
    with app.app_context():
        upgrade(revision="0026")
        db.session.execute(text(
            "INSERT INTO campaigns (code, name, kind, basis_number, basis_title, starts_on, ends_on, scope, "
            "enforcement, exclude_own_grid_alone, status, created_at, sync_rev) VALUES ('2026-ZX-01', '旧行动', "
            "'campaign', '', '', '2026-01-01', '2026-06-30', '{}', 0, 0, 'active', :now, 0)"), {"now": now})
        # What refers to the campaign: its checklist (deleted with a campaign) and a task (which keeps one).
        db.session.execute(text(
            "INSERT INTO checklist_templates (name, topic, description, active, created_at) "
            "VALUES ('消防安全检查表', 'fire', '', 1, :now)"), {"now": now})
        db.session.execute(text("INSERT INTO campaign_templates (campaign_id, template_id, position) VALUES (1, 1, 0)"))
        db.session.execute(text(
            "INSERT INTO enterprises (code, name, uscc, address, sector, supervision_class, contact_person, "
            "contact_phone, status, created_at, updated_at, sync_rev) VALUES ('E0', '企业', '91320000MA00000000', "
            "'', 'machinery', 'C', '', '', 'active', :now, :now, 0)"), {"now": now})
        db.session.execute(text(
            "INSERT INTO tasks (uuid, campaign_id, enterprise_id, due_on, created_at, sync_rev) "
            "VALUES ('5c2f7a9e-1b3d-4e6f-8a0b-2c4d6e8f0a1b', 1, 1, '2026-06-30', :now, 0)"), {"now": now})
        db.session.commit()
        upgrade()
        campaign = db.session.scalar(select(Campaign))
        assert (campaign.code, campaign.name, campaign.unit.code) == ("2026-ZX-01", "旧行动", "ROOT")
        # SQLite copies the campaigns table to add the column: what referred to the campaign still does.
        assert campaign.template_ids == [1]
        assert db.session.execute(text("SELECT campaign_id FROM tasks")).scalars().all() == [campaign.id]
        db.session.remove()
        db.engine.dispose()


def test_a_campaigns_grids_and_enterprises_lie_in_the_unit_it_belongs_to(county, client, auth):
    """Even for the bureau's supervisor, who may name any grid: a town's campaign over the park's grid would count
    the park's work in the town's reports."""
    auth.login("chief")
    for code, scope, field in (("2026-CD-10", {"grids": ["KFQ-G"]}, "scope.grids"),
                               ("2026-CD-11", {"enterprises": ["E-KFQ"]}, "scope.enterprises")):
        refused = _create(client, auth, code, unit="CD", scope={**BODY["scope"], **scope})
        assert refused.status_code == 400, refused.get_json()
        assert refused.get_json()["error"]["code"] == "scope_outside_unit"
        assert refused.get_json()["error"]["field"] == field
        assert "经开区" not in refused.get_json()["error"]["message"] and "城东镇" in refused.get_json()["error"]["message"]
        assert db.session.scalar(select(Campaign.id).where(Campaign.code == code)) is None
    # A grid below the town (the community's) is the town's; moving the campaign to the park is refused.
    made = _create(client, auth, "2026-CD-12", unit="CD", scope={**BODY["scope"], "grids": ["CDV-G"]})
    assert made.status_code == 201, made.get_json()
    chief = db.session.scalar(select(User).where(User.username == "chief"))
    campaign = db.session.scalar(select(Campaign).where(Campaign.code == "2026-CD-12"))
    with pytest.raises(DomainError) as refused:
        update_campaign(chief, campaign, parse_campaign({**BODY, "code": "2026-CD-12", "unit": "KFQ",
                                                         "scope": {**BODY["scope"], "grids": ["CDV-G"]}}))
    assert (refused.value.code, refused.value.field) == ("scope_outside_unit", "scope.grids")
