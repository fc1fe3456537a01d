"""Checklist templates (检查表): versioned sections and items that inspections answer."""
