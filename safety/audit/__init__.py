"""The audit log: who changed users, grids, enterprises and checklist templates, when, from where, and what."""
