"""Photo records as the sync API answers them."""
from safety.photos.models import Photo


def photo_json(photo: Photo) -> dict:
    """The answer to a photo upload: enough for the phone to match it and for evidence."""
    return {
        "uuid": photo.uuid,
        "sha256": photo.sha256,
        "content_type": photo.content_type,
        "size_bytes": photo.size_bytes,
        "width": photo.width,
        "height": photo.height,
        "taken_at": photo.taken_at.isoformat() if photo.taken_at else None,
        "received_at": photo.received_at.isoformat(),
    }
