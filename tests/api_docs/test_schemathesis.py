"""Schemathesis against the real app, driven by its own /api/v1/openapi.json.

Signed in as an inspector, with the CSRF header, so the authenticated operations
are exercised. Every answer must be no server error, carry a status the document
lists for the operation, and match the document's schema for that status.
"""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from safety.api_docs.spec import build_spec
from safety.extensions import db
from tests.api_docs.test_openapi import check
from tests.conftest import Auth
from tests.factories import (make_campaign, make_enterprise, make_grid, make_inspection, make_photo, make_task,
                             make_template, make_user)
from tests.hazards.conftest import found_hazard

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# A few tens of seconds in make test; set higher for a longer hunt.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", 25))


@pytest.fixture
def inspector_session(app):
    """An inspector with an enterprise, a checklist, a hazard, a photo, an inspection and a campaign task on record,
    signed in."""
    grid = make_grid(code="G1")
    enterprise = make_enterprise(grid=grid, code="E0001")
    inspector = make_user("inspector", username="inspector", grids=[grid])
    version = make_template(items=3).versions[0]
    records = {"hazard_uuid": found_hazard(enterprise, inspector).uuid, "photo_uuid": make_photo(inspector).uuid,
               "inspection_uuid": make_inspection(enterprise, inspector, version).uuid}
    campaign = make_campaign(code="2026-ZX-01")
    make_task(campaign, enterprise, [inspector])
    records["campaign_code"] = campaign.code
    db.session.commit()
    client = app.test_client()
    auth = Auth(client)
    auth.login("inspector")
    return {"cookies": {"session": client.get_cookie("session").value}, "headers": auth.headers(),
            "records": records}


def _cases():
    """(path, method, mode, target) for every operation; negative data only where the operation takes input."""
    cases = []
    for path, operations in build_spec()["paths"].items():
        for method, operation in operations.items():
            cases.append((path, method, GenerationMode.POSITIVE, "any"))
            if operation.get("parameters") or operation.get("requestBody"):
                cases.append((path, method, GenerationMode.NEGATIVE, "any"))
            if "{" in path:  # random UUIDs find nothing: also aim at the record on file
                cases.append((path, method, GenerationMode.POSITIVE, "on_file"))
    return cases


# Schemathesis's own pytest integration renames pytest's test nodes through an attribute pytest 9 no
# longer has; its Python API (a Hypothesis strategy per operation) needs nothing of pytest.
@pytest.mark.parametrize(("path", "method", "mode", "target"), _cases(),
                         ids=lambda value: getattr(value, "value", value))
def test_the_api_keeps_its_contract(app, inspector_session, path, method, mode, target):
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method.upper()]
    path_parameters = None
    if target == "on_file":
        path_parameters = {name: value for name, value in inspector_session["records"].items() if name in path}
    statuses = set()

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def keeps_the_contract(case):
        response = case.call_and_validate(headers=inspector_session["headers"], cookies=inspector_session["cookies"],
                                          checks=CHECKS)
        statuses.add(response.status_code)

    keeps_the_contract()
    if path != "/api/v1/session":  # signing out or in is that operation's own business
        assert statuses and 401 not in statuses, f"not exercised as the signed-in inspector: {statuses}"


def test_a_malformed_inspection_uuid_answers_a_documented_400(client, auth, inspector_session):
    """Found by the run above: the spec listed no 400 for GET /api/v1/inspections/{uuid}."""
    spec = client.get("/api/v1/openapi.json").get_json()
    auth.login("inspector")
    answer = client.get("/api/v1/inspections/not-a-uuid")
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "invalid_uuid"
    check(spec, "/api/v1/inspections/{inspection_uuid}", "get", 400, answer.get_json())
