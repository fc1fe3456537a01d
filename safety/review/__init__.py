"""The review queue: supervisors judge submitted inspections by their answers and photo evidence."""
