"""Documents the office issues from the records: rectification notices and re-inspection opinions."""
