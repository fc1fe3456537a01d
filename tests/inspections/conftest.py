"""Helpers for the inspection tests: a template and a send call (the grid, its enterprise and its inspector
are the suite's, tests/conftest.py)."""

import pytest

from safety.checklists.models import TemplateItem
from safety.extensions import db
from tests.conftest import inspection_sender
from tests.factories import inspection_document, make_template


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
    return inspection_sender(client, auth, "inspector")

