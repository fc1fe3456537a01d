"""The sync API the field app pulls its offline data from (``GET /api/v1/sync/pull``)."""
