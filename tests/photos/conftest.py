"""Helpers for the photo tests: a signed-in inspector and an upload call."""
import hashlib
import uuid

import pytest

from tests.factories import make_enterprise, make_grid, make_user


@pytest.fixture
def grid(app):
    return make_grid(code="G1")


@pytest.fixture
def enterprise(grid):
    return make_enterprise(grid=grid, code="E0001")


@pytest.fixture
def inspector(grid):
    return make_user("inspector", username="inspector", grids=[grid])


@pytest.fixture
def upload(client, auth, inspector):
    """PUT bytes as a photo, signed in as the inspector; the hash is right unless given."""
    auth.login("inspector")

    def put(data: bytes, photo_uuid: str | None = None, sha256: str | None = None,
            content_type: str = "image/jpeg", headers: dict | None = None, query_string: dict | None = None):
        photo_uuid = photo_uuid or str(uuid.uuid4())
        all_headers = {**auth.headers(), "X-Content-SHA256": sha256 or hashlib.sha256(data).hexdigest(),
                       **(headers or {})}
        return client.put(f"/api/v1/photos/{photo_uuid}", data=data, content_type=content_type,
                          headers=all_headers, query_string=query_string)
    return put
