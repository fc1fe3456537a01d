"""The evidence check: a photo's stored original hashed again and matched against its record.

The SHA-256 on the photo row was checked when the phone uploaded the bytes. Hashing
the file on disk again when a reviewer looks shows that the original has not been
replaced or damaged since. The photos package owns the check (its copies are served only
of an intact original); the review page names it from here.
"""
from safety.photos.copies import MATCH, MISMATCH, MISSING, check_original  # noqa: F401
