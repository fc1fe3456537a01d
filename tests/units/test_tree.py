"""The unit tree: made, moved and deleted through its operations, every refusal precise and harmless."""
import pytest
from sqlalchemy import select

from safety.common.errors import Conflict, DomainError, NotFound
from safety.extensions import db
from safety.units.models import Unit
from safety.units.operations import create_unit, delete_unit, move_unit, update_unit
from safety.units.tree import get_root, load_tree, responsible_unit
from tests.factories import make_enterprise, make_grid, make_unit, make_user


def _paths() -> dict[str, str]:
    return {code: path for code, path in db.session.execute(select(Unit.code, Unit.path))}


def test_a_unit_without_a_parent_goes_under_the_root(app):
    root = get_root()
    town = create_unit("CD", "城东镇")
    assert town.parent_id == root.id and town.path == f"{root.path}{town.id}/" and town.depth == 1


def test_the_tree_is_as_deep_as_configured_and_no_deeper(app):
    town = make_unit("T1")
    village = make_unit("V1", parent=town, kind="community")
    with pytest.raises(DomainError) as refused:
        make_unit("X1", parent=village)
    assert refused.value.code == "unit_too_deep" and "V1" in refused.value.message
    app.config["UNIT_TREE_DEPTH"] = 4
    assert make_unit("X1", parent=village).depth == 3


def test_moving_a_unit_rewrites_the_paths_of_its_whole_subtree(app):
    a, b = make_unit("A"), make_unit("B")
    village = make_unit("AV", parent=a, kind="community")
    with pytest.raises(DomainError) as refused:  # with its village, three levels under the root: too deep
        move_unit(a, b)
    assert refused.value.code == "unit_too_deep"
    app.config["UNIT_TREE_DEPTH"] = 4
    move_unit(a, b)
    paths = _paths()
    assert paths["A"] == f"{paths['B']}{a.id}/" and paths["AV"] == f"{paths['B']}{a.id}/{village.id}/"


def test_a_unit_cannot_move_under_itself_or_its_descendants(app):
    app.config["UNIT_TREE_DEPTH"] = 4
    town = make_unit("T")
    village = make_unit("TV", parent=town, kind="community")
    before = _paths()
    for target in (town, village):
        with pytest.raises(DomainError) as refused:
            move_unit(town, target)
        assert refused.value.code == "unit_cycle"
        assert "T" in refused.value.message and target.code in refused.value.message
    assert _paths() == before


def test_the_root_cannot_be_given_a_parent(app):
    root, town = get_root(), make_unit("T")
    with pytest.raises(DomainError) as refused:
        update_unit(root, root.name, root.kind, "", town.code)
    assert refused.value.code == "root_cannot_move"


def test_a_unit_with_enterprises_under_it_is_not_deleted_and_the_message_counts_them(app):
    town = make_unit("T", "城东镇")
    grid = make_grid("G1", unit=town)
    make_enterprise(grid=grid)
    make_enterprise(grid=grid)
    with pytest.raises(Conflict) as refused:
        delete_unit(town)
    assert refused.value.code == "unit_not_empty"
    assert "城东镇" in refused.value.message and "2" in refused.value.message and "1" in refused.value.message
    assert db.session.get(Unit, town.id) is not None


def test_a_unit_with_a_user_or_a_child_is_not_deleted(app):
    town = make_unit("T")
    make_user("supervisor", unit=town)
    with pytest.raises(Conflict):
        delete_unit(town)
    park = make_unit("P", kind="park")
    make_unit("PV", parent=park, kind="community")
    with pytest.raises(Conflict):
        delete_unit(park)


def test_an_empty_unit_is_deleted_but_never_the_root(app):
    town = make_unit("T")
    delete_unit(town)
    assert db.session.scalar(select(Unit).where(Unit.code == "T")) is None
    with pytest.raises(Conflict) as refused:
        delete_unit(get_root())
    assert refused.value.code == "root_unit"


@pytest.mark.parametrize("code,error", [("", "unit_code_required"), ("城东", "unit_code_format"),
                                        ("x" * 40, "unit_code_format")])
def test_bad_codes_are_refused(app, code, error):
    with pytest.raises(DomainError) as refused:
        create_unit(code, "城东镇")
    assert refused.value.code == error and refused.value.field == "code"


def test_a_taken_code_and_an_unknown_parent_are_refused(app):
    make_unit("T")
    with pytest.raises(Conflict):
        create_unit("t", "另一个镇")
    with pytest.raises(NotFound) as unknown:
        create_unit("N", "新镇", parent_code="NOPE")
    assert "NOPE" in unknown.value.message


def test_delegated_classes_are_supervision_classes(app):
    with pytest.raises(DomainError) as refused:
        create_unit("T", "城东镇", delegated_classes="E")
    assert refused.value.code == "delegated_classes"
    assert create_unit("T", "城东镇", delegated_classes="d").delegated_classes == "D"


def test_the_responsible_unit_is_the_town_with_delegated_powers_for_the_class_else_the_bureau(app):
    town = make_unit("T", delegated_classes="D")
    village = make_unit("TV", parent=town, kind="community")
    grid = make_grid(unit=village)
    small = make_enterprise(grid=grid, supervision_class="D")
    large = make_enterprise(grid=grid, supervision_class="B")
    assert responsible_unit(small) == town
    assert responsible_unit(large) == get_root()
    assert responsible_unit(make_enterprise()) == get_root()


def test_the_tree_lists_units_with_their_grids(app):
    town = make_unit("T")
    make_grid("G1", unit=town)
    make_grid("G0")  # no unit: the bureau's own
    tree = load_tree()
    assert [g.code for g in tree.grids] == ["G0"]
    assert [(child.unit.code, [g.code for g in child.grids]) for child in tree.children] == [("T", ["G1"])]
