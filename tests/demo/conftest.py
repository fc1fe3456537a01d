import pytest

from tests.conftest import running_app


@pytest.fixture(scope="module")
def seeded_demo(database_url, tmp_path_factory):
    """``seed-demo`` run once for a module whose tests only read what it made (seeding takes seconds):
    (the app, inside its context; the command's output). The tables are emptied after the module."""
    with running_app(database_url, tmp_path_factory.mktemp("demo")) as app:
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        yield app, result.output
