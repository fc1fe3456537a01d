"""People and places: users with their roles, and the grids (网格) inspectors are assigned to."""
