"""Helpers for the photo tests: an upload call, signed in as the suite's inspector (tests/conftest.py)."""
import hashlib
import uuid

import pytest


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
