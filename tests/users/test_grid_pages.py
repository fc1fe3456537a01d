"""The administrators' grid pages: list with counts, create, rename, and the code that never moves."""
from sqlalchemy import select

from safety.extensions import db
from safety.users.models import Grid
from tests.factories import make_enterprise, make_grid, make_user


def _admin(auth):
    make_user("admin", username="boss")
    auth.login("boss")
    auth.post_form("/locale/en")  # messages are checked by their English msgids


def _grid(code: str) -> Grid | None:
    db.session.expire_all()
    return db.session.scalar(select(Grid).where(Grid.code == code))


def test_list_counts_enterprises_and_active_inspectors(client, auth):
    _admin(auth)
    east, west = make_grid(code="EAST", name="东区网格"), make_grid(code="WEST", name="西区网格")
    for _ in range(3):
        make_enterprise(grid=east)
    make_user("inspector", grids=[east, west])
    make_user("inspector", grids=[east])
    make_user("inspector", grids=[east], active=False)
    make_user("supervisor", grids=[east])
    page = client.get("/grids/").get_data(as_text=True)
    east_row = page.split(">EAST</a>")[1].split("</tr>")[0]
    west_row = page.split(">WEST</a>")[1].split("</tr>")[0]
    assert '<td class="num">3</td>' in east_row and '<td class="num">2</td>' in east_row
    assert '<td class="num">0</td>' in west_row and '<td class="num">1</td>' in west_row


def test_list_query_count_does_not_grow_with_grids(client, auth, count_statements):
    _admin(auth)
    for _ in range(2):
        make_enterprise(grid=make_grid())
    with count_statements() as few:
        assert client.get("/grids/").status_code == 200
    for _ in range(15):
        grid = make_grid()
        make_enterprise(grid=grid)
        make_user("inspector", grids=[grid])
    with count_statements() as many:
        assert client.get("/grids/").status_code == 200
    assert len(many) == len(few)


def test_admin_creates_a_grid(client, auth):
    _admin(auth)
    response = auth.post_form("/grids/new", {"code": "NORTH", "name": "北区网格"})
    assert response.status_code == 302
    assert _grid("NORTH").name == "北区网格"


def test_taken_grid_code_is_refused_at_the_code_field(client, auth):
    _admin(auth)
    make_grid(code="NORTH")
    response = auth.post_form("/grids/new", {"code": "north", "name": "另一个"})
    assert response.status_code == 400
    assert "The grid code north is taken." in response.get_data(as_text=True)


def test_grid_code_with_spaces_is_refused(client, auth):
    _admin(auth)
    response = auth.post_form("/grids/new", {"code": "north side", "name": "北区"})
    assert response.status_code == 400
    assert "A grid code has up to 32 letters, digits, hyphens or underscores" in response.get_data(as_text=True)
    assert _grid("north side") is None


def test_rename_keeps_the_code_of_a_grid_in_use(client, auth):
    _admin(auth)
    grid = make_grid(code="EAST", name="东区")
    make_enterprise(grid=grid)
    response = auth.post_form(f"/grids/{grid.id}/edit", {"code": "EAST", "name": "东区网格"})
    assert response.status_code == 302
    assert _grid("EAST").name == "东区网格"


def test_code_of_a_grid_in_use_cannot_change(client, auth):
    _admin(auth)
    grid = make_grid(code="EAST")
    make_user("inspector", grids=[grid])
    response = auth.post_form(f"/grids/{grid.id}/edit", {"code": "EAST2", "name": "东区"})
    assert response.status_code == 400
    assert "The code of a grid with enterprises or users cannot change" in response.get_data(as_text=True)
    assert _grid("EAST") is not None and _grid("EAST2") is None


def test_code_of_an_unused_grid_can_be_corrected(client, auth):
    _admin(auth)
    grid = make_grid(code="EASY")
    auth.post_form(f"/grids/{grid.id}/edit", {"code": "EAST", "name": "东区"})
    assert _grid("EAST") is not None and _grid("EASY") is None


def test_edit_page_shows_the_code_read_only_when_in_use(client, auth):
    _admin(auth)
    grid = make_grid(code="EAST")
    make_enterprise(grid=grid)
    page = client.get(f"/grids/{grid.id}/edit").get_data(as_text=True)
    assert 'id="code" maxlength="32" name="code" readonly' in page
    assert "Delete grid" not in page


def test_unused_grid_can_be_deleted(client, auth):
    _admin(auth)
    grid = make_grid(code="OOPS")
    response = auth.post_form(f"/grids/{grid.id}/delete")
    assert response.status_code == 302
    assert _grid("OOPS") is None


def test_grid_with_enterprises_cannot_be_deleted(client, auth):
    _admin(auth)
    grid = make_grid(code="EAST")
    make_enterprise(grid=grid)
    response = auth.post_form(f"/grids/{grid.id}/delete", follow_redirects=True)
    assert "A grid with enterprises or users cannot be deleted." in response.get_data(as_text=True)
    assert _grid("EAST") is not None
