"""The units page: the tree, a unit made, edited and (when empty) deleted, refusals flashed."""
from sqlalchemy import select

from safety.extensions import db
from safety.units.models import Department, Unit
from tests.factories import make_enterprise, make_grid, make_unit, make_user


def _admin(auth):
    make_user("admin", username="root")
    auth.login("root")


def test_the_tree_page_shows_units_grids_and_counts(client, auth):
    town = make_unit("CD", "城东镇", delegated_classes="D")
    grid = make_grid("CD-G1", "城东一网格", unit=town)
    make_enterprise(grid=grid)
    _admin(auth)
    page = client.get("/units/").get_data(as_text=True)
    assert "城东镇" in page and "城东一网格 (CD-G1)" in page and "D" in page and "住建" in page


def test_a_unit_is_created_edited_and_moved_from_the_pages(client, auth):
    make_unit("CD", "城东镇")
    _admin(auth)
    created = auth.post_form("/units/new", {"code": "PARK", "name": "经开区", "kind": "park", "parent": "ROOT",
                                            "delegated_classes": ""})
    assert created.status_code == 302
    edited = auth.post_form("/units/PARK/edit", {"name": "经济开发区", "kind": "park", "parent": "CD",
                                                 "delegated_classes": "CD"})
    assert edited.status_code == 302
    park = db.session.scalar(select(Unit).where(Unit.code == "PARK"))
    assert park.name == "经济开发区" and park.parent.code == "CD" and park.delegated_classes == "CD"


def test_a_cycle_asked_for_on_the_page_is_shown_at_the_field(client, auth):
    town = make_unit("CD", "城东镇")
    make_unit("CD1", "城东一村", parent=town, kind="community")
    _admin(auth)
    answer = auth.post_form("/units/CD/edit", {"name": "城东镇", "kind": "town", "parent": "CD1",
                                               "delegated_classes": ""})
    assert answer.status_code == 400 and "城东一村 (CD1)" in answer.get_data(as_text=True)
    assert db.session.scalar(select(Unit).where(Unit.code == "CD")).parent.code == "ROOT"


def test_deleting_a_unit_with_enterprises_is_refused_and_says_why(client, auth):
    town = make_unit("CD", "城东镇")
    make_enterprise(grid=make_grid(unit=town))
    _admin(auth)
    answer = auth.post_form("/units/CD/delete", follow_redirects=True)
    assert "城东镇" in answer.get_data(as_text=True)
    assert db.session.scalar(select(Unit).where(Unit.code == "CD")) is not None
    empty = make_unit("XC", "西城镇")
    assert auth.post_form(f"/units/{empty.code}/delete").status_code == 302
    assert db.session.scalar(select(Unit).where(Unit.code == "XC")) is None


def test_a_department_is_added_and_switched_off(client, auth):
    _admin(auth)
    auth.post_form("/departments/", {"key": "water", "name_zh": "水利", "name_en": "Water resources"})
    assert db.session.scalar(select(Department.active).where(Department.key == "water")) is True
    auth.post_form("/departments/water/deactivate")
    assert db.session.scalar(select(Department.active).where(Department.key == "water")) is False


def test_a_grid_is_moved_to_a_town_from_its_page(client, auth):
    town = make_unit("CD", "城东镇")
    grid = make_grid("G9", "九网格")
    _admin(auth)
    answer = auth.post_form(f"/grids/{grid.id}/edit", {"code": "G9", "name": "九网格", "unit": "CD"})
    assert answer.status_code == 302
    db.session.refresh(grid)
    assert grid.unit == town
