"""Photo evidence: originals kept unchanged under their SHA-256, derivatives for display."""
