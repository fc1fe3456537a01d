"""Reports: the dashboard and the quarterly/annual summary (HTML, JSON, Excel)."""
