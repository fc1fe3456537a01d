"""``create-unit`` and ``create-user --unit`` (``--grid`` as before)."""
from sqlalchemy import select

from safety.extensions import db
from safety.units.models import Unit
from safety.units.tree import get_root
from safety.users.models import User
from tests.factories import make_grid


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def test_create_unit_under_the_root_and_under_a_parent(runner):
    first = runner.invoke(args=["create-unit", "CD", "城东镇"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["create-unit", "CD-1", "城东一村", "--parent", "CD", "--kind", "community"])
    assert second.exit_code == 0, second.output
    town, village = (db.session.scalar(select(Unit).where(Unit.code == code)) for code in ("CD", "CD-1"))
    assert town.parent_id == get_root().id and village.parent_id == town.id and village.kind == "community"


def test_create_unit_refuses_an_unknown_parent_and_a_taken_code_with_a_message(runner):
    unknown = runner.invoke(args=["create-unit", "CD", "城东镇", "--parent", "NOPE"])
    assert unknown.exit_code != 0 and "NOPE" in unknown.output
    runner.invoke(args=["create-unit", "CD", "城东镇"])
    taken = runner.invoke(args=["create-unit", "CD", "又一个"])
    assert taken.exit_code != 0 and "CD" in taken.output
    assert db.session.scalar(select(Unit.name).where(Unit.code == "CD")) == "城东镇"


def test_create_user_with_a_unit(runner):
    runner.invoke(args=["create-unit", "CD", "城东镇"])
    result = runner.invoke(args=["create-user", "zhang", "--role", "supervisor", "--password", "Long-enough-pw-9",
                                 "--unit", "CD"])
    assert result.exit_code == 0, result.output
    assert _user("zhang").unit.code == "CD"


def test_grid_keeps_working_and_puts_the_inspector_in_the_grids_unit(runner):
    runner.invoke(args=["create-unit", "CD", "城东镇"])
    town = db.session.scalar(select(Unit).where(Unit.code == "CD"))
    make_grid("CD-G1", unit=town)
    make_grid("G0")
    db.session.commit()
    result = runner.invoke(args=["create-user", "li", "--role", "inspector", "--password", "Long-enough-pw-9",
                                 "--grid", "CD-G1"])
    assert result.exit_code == 0, result.output
    assert _user("li").unit.code == "CD" and [g.code for g in _user("li").grids] == ["CD-G1"]
    old = runner.invoke(args=["create-user", "wang", "--role", "inspector", "--password", "Long-enough-pw-9",
                              "--grid", "G0"])
    assert old.exit_code == 0, old.output
    assert _user("wang").unit in (None, get_root())  # no unit: the root bureau


def test_a_grid_outside_the_users_unit_is_refused(runner):
    runner.invoke(args=["create-unit", "CD", "城东镇"])
    runner.invoke(args=["create-unit", "XC", "西城镇"])
    make_grid("XC-G1", unit=db.session.scalar(select(Unit).where(Unit.code == "XC")))
    db.session.commit()
    result = runner.invoke(args=["create-user", "li", "--role", "inspector", "--password", "Long-enough-pw-9",
                                 "--grid", "XC-G1", "--unit", "CD"])
    assert result.exit_code != 0 and "XC-G1" in result.output
    assert _user("li") is None
