"""Helpers for the inspection tests: a grid with an enterprise and its inspector, a template, a send call."""

import pytest

from safety.checklists.models import TemplateItem
from safety.extensions import db
from tests.factories import inspection_document, make_enterprise, make_grid, make_template, make_user


@pytest.fixture
def grid(app):
    return make_grid(code="G1")


@pytest.fixture
def enterprise(grid):
    return make_enterprise(grid=grid, code="E0001")


@pytest.fixture
def inspector(grid):
    return make_user("inspector", username="inspector", grids=[grid], display_name="李检查")


@pytest.fixture
def version(app):
    """Version 1 of a fire-safety checklist: three pass/fail items needing a photo on fail
    (fire-01..03), one that does not (fire-04), a number (fire-05) and a text item (fire-06)."""
    template = make_template(items=3)
    version = template.versions[0]
    section = version.sections[0]
    for position, (key, kind, photo) in enumerate([("fire-04", "pass_fail", False), ("fire-05", "number", False),
                                                   ("fire-06", "text", False)], start=3):
        section.items.append(TemplateItem(key=key, position=position, prompt=f"检查项{key}", kind=kind,
                                          photo_required_on_fail=photo, version=version))
    db.session.flush()
    return version


@pytest.fixture
def document(enterprise, version):
    return inspection_document(enterprise, version)


@pytest.fixture
def send(client, auth, inspector):
    """POST an inspection document, signed in as ``username`` (the grid's inspector unless told)."""
    signed_in = {}

    def post(document: dict, username: str = "inspector"):
        if signed_in.get("username") != username:
            auth.login(username)
            signed_in["username"] = username
        return client.post("/api/v1/inspections", json=document, headers=auth.headers())
    return post

