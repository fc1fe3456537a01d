"""GET /api/v1/openapi.json: a valid OpenAPI 3.1 document that covers every API route and tells the truth."""
import re
import uuid
from datetime import date, timedelta

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from tests.factories import inspection_document, make_enterprise, make_grid, make_photo, make_template, make_user
from tests.hazards.conftest import found_hazard

IGNORED_METHODS = {"HEAD", "OPTIONS"}
# Public pages outside /api/ that the contract names: a printed document's QR code leads there.
DOCUMENTED_PAGES = {"documents.verify"}


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "max-age" in response.headers["Cache-Control"]
    return response.get_json()


def check(spec: dict, path: str, method: str, status: int, body) -> None:
    """Validate ``body`` against the schema the spec gives for this answer of this operation."""
    answer = spec["paths"][path][method]["responses"][str(status)]
    pointer = (f"urn:spec{answer['$ref']}" if "$ref" in answer
               else f"urn:spec#/paths/{path.replace('/', '~1')}/{method}/responses/{status}")
    registry = Registry().with_resource("urn:spec", DRAFT202012.create_resource(spec))
    validator = Draft202012Validator({"$ref": f"{pointer}/content/application~1json/schema"}, registry=registry)
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(body)]
    assert not errors, errors


def test_the_document_is_valid_openapi_3_1_and_public(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    assert spec["paths"]["/api/v1/openapi.json"]["get"]["security"] == []


def test_every_api_route_is_described_and_nothing_else(app, spec):
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") or rule.endpoint in DOCUMENTED_PAGES:
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
            routes.setdefault(path, set()).update(m.lower() for m in rule.methods - IGNORED_METHODS)
    described = {path: set(operations) - {"parameters", "summary", "description"}
                 for path, operations in spec["paths"].items()}
    assert described == routes


def test_every_write_answers_the_contract_errors(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "put") and path != "/api/v1/session":
                assert {"400", "401", "403", "409", "413", "415", "429"} <= set(operation["responses"]), path
                assert operation["requestBody"]["content"], path


def test_the_photo_upload_names_its_hash_header(spec):
    headers = {p["name"]: p for p in spec["paths"]["/api/v1/photos/{photo_uuid}"]["put"]["parameters"]
               if p["in"] == "header"}
    assert headers["X-Content-SHA256"]["required"] is True


@pytest.fixture
def world(app):
    grid = make_grid(code="G1")
    enterprise = make_enterprise(grid=grid, code="E0001")
    inspector = make_user("inspector", username="inspector", grids=[grid], display_name="李检查")
    version = make_template(items=3).versions[0]
    return enterprise, inspector, version


def test_real_answers_match_the_schemas(client, auth, spec, world):
    enterprise, inspector, version = world
    hazard = found_hazard(enterprise, inspector)
    check(spec, "/api/v1/session", "post", 200, auth.login("inspector").get_json())
    pull = client.get("/api/v1/sync/pull")
    assert pull.status_code == 200 and pull.get_json()["hazards"]
    check(spec, "/api/v1/sync/pull", "get", 200, pull.get_json())

    document = inspection_document(enterprise, version)
    document["hazards"] = [
        {"uuid": str(uuid.uuid4()), "item_id": "fire-01", "description": "灭火器过期", "level": "general",
         "mode": "deadline", "responsible_person": "王经理", "measures": "更换灭火器",
         "deadline": (date.today() + timedelta(days=5)).isoformat(), "photos": [make_photo(inspector).uuid],
         "rectification_photos": []}]
    sent = client.post("/api/v1/inspections", json=document, headers=auth.headers())
    assert sent.status_code == 201, sent.get_json()
    check(spec, "/api/v1/inspections", "post", 201, sent.get_json())
    again = client.post("/api/v1/inspections", json=document, headers=auth.headers())
    check(spec, "/api/v1/inspections", "post", 200, again.get_json())
    stored = client.get(f"/api/v1/inspections/{document['uuid']}")
    assert stored.status_code == 200
    check(spec, "/api/v1/inspections/{inspection_uuid}", "get", 200, stored.get_json())

    detail = client.get(f"/api/v1/hazards/{hazard.uuid}")
    assert detail.status_code == 200 and detail.get_json()["events"]
    check(spec, "/api/v1/hazards/{hazard_uuid}", "get", 200, detail.get_json())
    check(spec, "/api/v1/session", "delete", 200, client.delete("/api/v1/session", headers=auth.headers()).get_json())


def test_an_error_body_matches_the_error_schema(client, auth, spec, world):
    wrong = client.post("/api/v1/session", json={"username": "inspector", "password": "wrong"})
    assert wrong.status_code == 401
    check(spec, "/api/v1/session", "post", 401, wrong.get_json())
    auth.login("inspector")
    missing = client.get(f"/api/v1/hazards/{uuid.uuid4()}")
    assert missing.status_code == 404
    check(spec, "/api/v1/hazards/{hazard_uuid}", "get", 404, missing.get_json())
    refused = client.post("/api/v1/inspections", json={"uuid": "not-a-uuid"}, headers=auth.headers())
    assert refused.status_code == 400 and refused.get_json()["error"]["field"]
    check(spec, "/api/v1/inspections", "post", 400, refused.get_json())


def test_a_wrong_body_fails_the_schema(spec):
    """The check itself can fail: a hazard without its log is not a HazardDetail."""
    with pytest.raises(AssertionError):
        check(spec, "/api/v1/hazards/{hazard_uuid}", "get", 200, {"uuid": str(uuid.uuid4())})


def test_the_events_endpoint_documents_its_refusal_of_a_role_and_answers_it(client, auth, spec, world):
    enterprise, inspector, _version = world
    make_user("enterprise", username="contact", enterprise=enterprise)
    path = "/api/v1/hazards/{hazard_uuid}/events"
    refusal = spec["paths"][path]["post"]["responses"]["403"]
    assert "role_may_not_record" in refusal["description"]
    assert "recheck_passed: inspector, supervisor" in refusal["description"]
    hazard = found_hazard(enterprise, inspector)
    auth.login("contact")
    refused = client.post(f"/api/v1/hazards/{hazard.uuid}/events", headers=auth.headers(), json={
        "uuid": str(uuid.uuid4()), "type": "verified", "at": "2026-01-05T10:00:00+08:00"})
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (403, "role_may_not_record")
    check(spec, path, "post", 403, refused.get_json())
