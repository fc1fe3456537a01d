"""Every route against every role, generated from the URL map.

A route whose view declares no access rule fails here, so a new route cannot
ship without one. Each declared rule is then checked for real: roles outside
it are refused (403, or sign-in for anonymous visitors) and, for pages that
read, roles inside it get the page.
"""
import re
from datetime import date

import pytest
from sqlalchemy import select

from safety import create_app
from safety.auth.access import BUILTIN_PUBLIC_ENDPOINTS, PUBLIC, SIGNED_IN, access_rule
from safety.enterprises.models import Sector
from safety.extensions import db
from safety.users.models import Role
from tests.factories import (make_campaign, make_enterprise, make_grid, make_hazard, make_inspection, make_photo,
                             make_task, make_template, make_user)

ROLES = [None] + [role.value for role in Role]  # None: not signed in


def _routes():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    routes = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.rule, method, rule.endpoint))
    return app, sorted(routes)


_APP, ROUTES = _routes()


@pytest.mark.parametrize("endpoint", sorted({endpoint for _r, _m, endpoint in ROUTES}))
def test_every_route_declares_who_may_reach_it(endpoint):
    if endpoint in BUILTIN_PUBLIC_ENDPOINTS:
        return
    view = _APP.view_functions[endpoint]
    assert access_rule(view) is not None, (
        f"{endpoint} has no access rule: decorate it with public, signed_in or roles_required")


def _measure(user, enterprise):
    from safety.measures.operations import record_measure
    from safety.measures.validation import parse_measure
    return record_measure(user, enterprise, parse_measure({
        "kind": "stop_work", "decision_number": "园应急现决〔2026〕1号", "legal_basis": "《安全生产法》第六十五条",
        "decided_on": "2026-12-01", "served_on": "2026-12-01"}, date(2026, 12, 4)))


@pytest.fixture
def world(app):
    """One of everything a route may need in its URL, all in every role's scope."""
    grid = make_grid(code="G1")
    enterprise = make_enterprise(grid=grid, code="E0001")
    template = make_template()
    users = {
        "inspector": make_user("inspector", username="inspector", grids=[grid]),
        "enterprise": make_user("enterprise", username="enterprise", enterprise=enterprise),
        "supervisor": make_user("supervisor", username="supervisor"),
        "admin": make_user("admin", username="admin"),
    }
    target_user = make_user("inspector", username="target", grids=[grid])
    inspection = make_inspection(enterprise, users["inspector"], template.latest)
    make_hazard(enterprise, inspection_id=inspection.id)
    from safety.documents.operations import issue_rectification_order
    notice, _created = issue_rectification_order(users["supervisor"], inspection)
    campaign = make_campaign(code="2026-ZX-01")
    task = make_task(campaign, enterprise, [users["inspector"]])  # so the inspector may read the campaign
    from datetime import date

    from safety.referrals.models import RoutedReferral
    from safety.units.tree import get_department
    referral = RoutedReferral(kind="referral", enterprise_id=enterprise.id, note="", taken_over=False,
                              to_department_id=get_department("housing").id, reply_due_on=date(2099, 1, 1))
    db.session.add(referral)
    db.session.flush()
    samples = {
        "code": enterprise.code, "enterprise_code": enterprise.code,
        "template_id": template.id, "version": 1,
        "section_id": template.latest.sections[0].id, "item_key": template.latest.sections[0].items[0].key,
        "user_id": target_user.id, "grid_id": grid.id,
        "filename": "css/office.css", "locale": "zh_CN",
        "rest": "outbox",
        "inspection_uuid": inspection.uuid,
        "document_id": notice.id,
        "hazard_uuid": make_hazard(enterprise).uuid,
        "action": "comment",
        "photo_uuid": make_photo(users["inspector"], inspection_id=inspection.id, purpose="inspector_signature").uuid,
        "campaign_code": campaign.code,
        "task_uuid": task.uuid,
        "sector_id": db.session.scalar(select(Sector.id).order_by(Sector.id)),
        "referral_id": referral.id,
        "measure_id": _measure(users["supervisor"], enterprise).id,
        "unit_code": "ROOT",
        "key": "housing",
    }
    # Query strings a route needs to answer at all: a document's verify page wants the key its QR code carries.
    from safety.documents.printing import verify_key
    queries = {"documents.verify": f"?k={verify_key(notice)}"}
    return {"users": users, "samples": samples, "queries": queries}


def _fill(rule: str, samples: dict) -> str:
    def replace(match):
        converter, name = match.group(1), match.group(2)
        if converter and converter.startswith("any("):  # <any(deactivate, reactivate):action>: its first value
            return converter[len("any("):].split(",")[0].strip()
        assert name in samples, f"add a sample value for <{name}> in the access matrix's world fixture"
        return str(samples[name])
    return re.sub(r"<(?:([a-z]+(?:\([^)]*\))?):)?([a-z_]+)>", replace, rule)


def _allowed(rule_value, role: str | None) -> bool:
    if rule_value == PUBLIC:
        return True
    if role is None:
        return False
    if rule_value == SIGNED_IN:
        return True
    return Role(role) in rule_value


def _anonymous_csrf_token(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _refused(response, role) -> bool:
    if role is None:
        if response.status_code == 401:
            return True
        return response.status_code == 302 and "/login" in response.headers["Location"]
    return response.status_code == 403


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
@pytest.mark.parametrize("rule,method,endpoint", ROUTES, ids=[f"{m} {r}" for r, m, _e in ROUTES])
def test_route_answers_each_role_by_its_rule(app, client, auth, world, rule, method, endpoint, role):
    if endpoint in BUILTIN_PUBLIC_ENDPOINTS:
        return
    declared = access_rule(app.view_functions[endpoint])
    url = _fill(rule, world["samples"]) + world["queries"].get(endpoint, "")
    if role:
        auth.login(role)
        headers = auth.headers()
    else:
        headers = {"X-CSRFToken": _anonymous_csrf_token(client)}
    if method == "GET":
        response = client.get(url)
        if _allowed(declared, role):
            assert response.status_code < 400, f"{role} should reach GET {url}, got {response.status_code}"
        else:
            assert _refused(response, role), f"{role} must not reach GET {url}, got {response.status_code}"
    elif not _allowed(declared, role):
        # Writes are checked only for refusal: an allowed write needs a real payload (feature tests do that).
        response = client.open(url, method=method, headers=headers)
        assert _refused(response, role), f"{role} must not reach {method} {url}, got {response.status_code}"
