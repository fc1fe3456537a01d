"""Helpers for the checklist tests: marking a version as used, and counting SQL statements."""

import pytest

from tests.factories import make_enterprise, make_grid, make_inspection, make_user


@pytest.fixture
def use_version(app):
    """``use_version(version)`` records an inspection that used ``version``, which freezes it."""
    grid = make_grid()
    enterprise = make_enterprise(grid=grid)
    inspector = make_user("inspector", grids=[grid])

    def use(version):
        return make_inspection(enterprise, inspector, version=version)
    return use

