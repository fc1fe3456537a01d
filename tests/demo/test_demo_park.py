"""What ``flask seed-demo`` makes: a believable park across every sector and grid, accounts of every role that
sign in, the checklist library, and a history made through the phone's sync path. Seeded once for the module
(``seeded_demo``): these tests only read it."""
from sqlalchemy import func, select

from safety.checklists.library import LIBRARY
from safety.checklists.models import ChecklistTemplate
from safety.enterprises.models import SUPERVISION_CLASSES, Enterprise
from safety.enterprises.sectors import sector_labels
from safety.enterprises.uscc import is_valid_uscc
from safety.extensions import db
from safety.users.models import Grid, Role, User


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_demo_builds_a_park_across_every_sector(seeded_demo):
    enterprises = db.session.scalars(select(Enterprise)).all()
    assert _count(Grid) >= 3
    assert len(enterprises) >= 40
    # every sector of the first release: the demo park has no fireworks shop and no mine
    assert {e.sector for e in enterprises} == set(sector_labels()) - {"fireworks", "non_coal_mines"}
    assert {e.supervision_class for e in enterprises} == set(SUPERVISION_CLASSES)
    assert all(is_valid_uscc(e.uscc) for e in enterprises)
    assert len({e.uscc for e in enterprises}) == len(enterprises)
    assert all(e.grid_id and e.address and e.contact_person and len(e.contact_phone) == 11 for e in enterprises)


def test_seed_demo_spreads_enterprises_over_every_grid(seeded_demo):
    per_grid = db.session.execute(select(Enterprise.grid_id, func.count()).group_by(Enterprise.grid_id)).all()
    assert len(per_grid) == _count(Grid)
    assert min(count for _grid, count in per_grid) >= 5


def test_seed_demo_creates_users_of_every_role_who_can_sign_in(seeded_demo):
    app, output = seeded_demo
    client = app.test_client()
    users = db.session.scalars(select(User)).all()
    assert {u.role for u in users} == {role.value for role in Role}
    for user in users:
        line = next(line for line in output.splitlines() if f" {user.username} " in f" {line} ")
        password = line.split()[-1]
        response = client.post("/api/v1/session", json={"username": user.username, "password": password})
        assert response.status_code == 200, user.username


def test_seed_demo_gives_inspectors_grids_and_the_enterprise_account_its_enterprise(seeded_demo):
    inspectors = db.session.scalars(select(User).where(User.role == "inspector")).all()
    assert len(inspectors) >= 2 and all(1 <= len(u.grids) <= 2 for u in inspectors)
    account = db.session.scalar(select(User).where(User.role == "enterprise"))
    assert account.enterprise is not None


def test_seed_demo_installs_the_checklist_library(seeded_demo):
    names = set(db.session.scalars(select(ChecklistTemplate.name)))
    assert names == {template["name"] for template in LIBRARY}


def test_seed_demo_prints_where_to_go_and_the_accounts(seeded_demo):
    _app, output = seeded_demo
    assert "http://127.0.0.1:5000" in output
    assert "Role" in output and "Username" in output and "Password" in output
    for role in Role:
        assert role.value in output


def test_seed_demo_has_history_made_through_the_sync_path(seeded_demo):
    """Inspections, hazards and photos as a phone's sync stores them: hashes on disk, events, on-the-spot closures."""
    import hashlib

    from safety.hazards.models import Hazard, HazardEvent
    from safety.inspections.models import Inspection
    from safety.photos.models import Photo
    from safety.photos.storage import get_photo_store

    inspections = db.session.scalars(select(Inspection)).all()
    assert len(inspections) >= 20
    assert {i.inspector_id for i in inspections} == set(
        db.session.scalars(select(User.id).where(User.role == Role.INSPECTOR.value)))
    hazards = db.session.scalars(select(Hazard)).all()
    assert {h.status for h in hazards} >= {"open", "closed"}
    assert all(h.events and h.events[0].type == "found" for h in hazards)
    closed_on_the_spot = [h for h in hazards if h.mode == "on_the_spot" and h.level == "general"]
    assert closed_on_the_spot and all(h.status == "closed" for h in closed_on_the_spot)
    assert _count(HazardEvent) > len(hazards)
    photo = db.session.scalars(select(Photo).where(Photo.purpose == "hazard")).first()
    with get_photo_store().open_original(photo.sha256) as original:
        assert hashlib.sha256(original.read()).hexdigest() == photo.sha256


def test_seed_demo_has_hazards_in_every_state_of_their_follow_up(seeded_demo):
    """Every state, overdue, escalated both ways, recurring, a listed major hazard, all through hazard events."""
    from safety.common.office_time import office_today
    from safety.hazards.models import Hazard, HazardEvent
    from safety.hazards.rules import is_overdue, needs_escalation
    from safety.hazards.vocabulary import STATUSES
    from safety.photos.models import Photo

    hazards = db.session.scalars(select(Hazard)).all()
    today = office_today()
    assert {h.status for h in hazards} == set(STATUSES)
    assert any(is_overdue(h, today) for h in hazards)
    assert any(h.escalated for h in hazards)  # by a supervisor
    assert any(h.failed_recheck_count >= 2 and not h.escalated and needs_escalation(h, today) for h in hazards)
    assert any(h.recurring for h in hazards)
    listed = [h for h in hazards if h.level == "major" and h.supervising_unit]
    assert listed and all(h.funds and h.emergency_plan and h.supervision_deadline for h in listed)
    events = db.session.scalars(select(HazardEvent)).all()
    reopened = {e.hazard_id for e in events if e.type == "reopened" and e.applied}
    assert any(e.hazard_id in reopened and e.type == "recheck_passed" for e in events)
    assert any(not e.applied and e.reason == "not_in_state" for e in events)
    assert any(e.type == "verified" and e.applied and e.role == "supervisor" for e in events)
    rectified_by_the_enterprise = [e for e in events if e.type == "rectification_reported" and e.role == "enterprise"]
    assert rectified_by_the_enterprise and all(e.signed_by for e in rectified_by_the_enterprise)
    signatures = db.session.scalars(select(Photo).where(Photo.purpose == "signature")).all()
    assert signatures and all(photo.hazard_event_id for photo in signatures)
    assert db.session.scalar(select(func.count()).select_from(Photo).where(Photo.purpose == "recheck")) > 0
