"""Hazards (隐患) from discovery to strike-off (销号), with their append-only event log."""
