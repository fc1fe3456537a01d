"""The issuing office's identity (administrators) and each inspector's enforcement certificate number."""
import re

from sqlalchemy import select

from safety.audit.models import AuditEntry
from safety.extensions import db
from safety.office.operations import get_office
from safety.users.models import User
from tests.factories import make_park


def test_an_administrator_sets_the_office_identity_and_it_is_audited(app, client, auth):
    make_park()
    auth.login("root")
    assert client.get("/office/").status_code == 200
    response = auth.post_form("/office/", {
        "full_name": "某某区应急管理局", "short_name": "区应急", "address": "人民路1号", "phone": "0571-1",
        "seal_text": "某某区应急管理局执法专用章", "prefix_rectification_order": "区应急责改",
        "prefix_circular": "区安委办通"})
    assert response.status_code == 302
    office = get_office()
    assert (office.full_name, office.short_name, office.seal_text) == ("某某区应急管理局", "区应急",
                                                                       "某某区应急管理局执法专用章")
    assert office.prefix_for("rectification_order") == "区应急责改" and office.prefix_for("circular") == "区安委办通"
    assert office.prefix_for("inspection_record") == "区应急"  # none of its own: the short name
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.target_kind == "office"))
    assert entry.action == "office.changed" and entry.changes["full_name"] == ["", "某某区应急管理局"]


def test_the_full_name_is_required(app, client, auth):
    make_park()
    auth.login("root")
    response = auth.post_form("/office/", {"full_name": "", "short_name": "区应急"})
    assert response.status_code == 400 and get_office().short_name == ""


def test_only_administrators_set_the_office(app, client, auth):
    make_park()
    auth.login("chief")
    assert client.get("/office/").status_code == 403
    assert auth.post_form("/office/", {"full_name": "x"}).status_code == 403


def test_the_certificate_number_is_edited_on_the_user_page(app, client, auth):
    park = make_park()
    auth.login("root")
    north = park["users"]["north"]
    page = client.get(f"/users/{north.id}/edit").get_data(as_text=True)
    assert re.search(r'name="certificate_number"[^>]*value="ZF\d+"', page)
    response = auth.post_form(f"/users/{north.id}/edit", {
        "display_name": "李北", "role": "inspector", "grids": "N1", "certificate_number": "33010020001"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, north.id).certificate_number == "33010020001"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.changed"))
    assert entry.changes["certificate_number"][1] == "33010020001"


def test_create_user_takes_a_certificate_number(app, runner):
    make_park()
    db.session.commit()
    result = runner.invoke(args=["create-user", "zhang", "--role", "inspector", "--password", "Zhang-2026-safety",
                                 "--grid", "N1", "--certificate", "33010020077"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User.certificate_number).where(User.username == "zhang")) == "33010020077"
