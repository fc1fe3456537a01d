"""Backups of the database and the photo originals, and their restore (``flask backup ...``)."""
