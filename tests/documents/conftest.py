"""The documents tests use the reports' park (see tests/reports/conftest.py), whose records they are issued for."""
from tests.reports.conftest import park  # noqa: F401
