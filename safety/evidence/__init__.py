"""Evidence integrity: hazard events hash-chained, daily digests, and the check of events, photos and documents."""
