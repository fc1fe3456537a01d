"""The measures tests' park: two grids (north with a steelworks, south with a chemical plant), an inspector for
each, a supervisor over both ("chief"), a supervisor of the north only ("northchief") and an administrator."""
from datetime import date

import pytest

from tests.factories import make_park, make_user

TODAY = date(2026, 12, 4)


@pytest.fixture
def park(app):
    world = make_park()
    world["users"]["northchief"] = make_user("supervisor", username="northchief", grids=[world["grids"]["north"]],
                                             locale="en", display_name="钱北区")
    world["users"]["owner"] = make_user("enterprise", username="owner", enterprise=world["enterprises"]["steel"],
                                        locale="en")
    return world


def measure_values(**overrides) -> dict:
    """What the office types for a measure: a fine of 30,000 yuan decided on 1 December 2026, not yet served."""
    values = {"kind": "fine", "decision_number": "园应急罚〔2026〕12号",
              "legal_basis": "《中华人民共和国安全生产法》第一百零一条", "subject": "",
              "fine_yuan": "30000", "decided_on": "2026-12-01", "served_on": "", "department": "",
              "reply_due_on": ""}
    values.update(overrides)
    return values
