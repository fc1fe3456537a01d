"""``flask seed-demo`` as a command: the same every time, never seeded twice (what it makes: test_demo_park.py)."""
from sqlalchemy import func, select

from safety.checklists.models import ChecklistTemplate
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.units.models import Department, Unit
from safety.users.models import Grid, User
from tests.conftest import MIGRATED_DEPARTMENTS
from tests.factories import make_user


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def _seed(runner, *args):
    return runner.invoke(args=["seed-demo", *args])


def test_if_empty_twice_does_not_duplicate(runner):
    first = _seed(runner, "--if-empty")
    counts = (_count(Grid), _count(Enterprise), _count(User), _count(ChecklistTemplate))
    second = _seed(runner, "--if-empty")
    assert first.exit_code == second.exit_code == 0
    assert (_count(Grid), _count(Enterprise), _count(User), _count(ChecklistTemplate)) == counts
    assert "not added" in second.output


def test_if_empty_leaves_a_database_with_users_alone(runner):
    make_user("admin", username="real_admin")
    db.session.commit()
    result = _seed(runner, "--if-empty")
    assert result.exit_code == 0
    assert _count(Enterprise) == 0 and _count(User) == 1


def test_without_if_empty_a_database_with_users_is_refused(runner):
    make_user("admin", username="real_admin")
    db.session.commit()
    result = _seed(runner)
    assert result.exit_code != 0 and "already has users" in result.output
    assert _count(Enterprise) == 0


def test_the_demo_is_the_same_every_time(runner):
    def snapshot():
        rows = db.session.execute(select(Enterprise.code, Enterprise.uscc, Enterprise.contact_phone,
                                         Enterprise.address).order_by(Enterprise.code))
        return [tuple(row) for row in rows]

    _seed(runner)
    first = snapshot()
    db.session.remove()
    db.session.execute(Unit.__table__.update().values(parent_id=None))  # the tree refers to itself
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.execute(Department.__table__.insert(), MIGRATED_DEPARTMENTS)  # the office's list, as migrated
    db.session.commit()
    assert _count(Enterprise) == 0
    assert _seed(runner).exit_code == 0
    assert snapshot() == first
