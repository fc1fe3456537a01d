"""Labels whose QR codes a phone could not open say so before they are printed, and so does `make run` at
start-up: codes pointing at this computer (127.0.0.1, localhost), at a private network address, or following
whatever address the page was opened with because PUBLIC_URL is not set."""
import pytest
from flask_babel import force_locale

from safety.enterprises.cli import check_public_url_command
from safety.enterprises.qr import qr_address_warning
from tests.factories import make_enterprise, make_grid, make_user

LOOPBACK = "an address of this computer only"
PRIVATE = "a private network address"
UNSET = "PUBLIC_URL is not set"


@pytest.mark.parametrize("url,public_url_set,expected", [
    ("http://127.0.0.1:5000/", False, LOOPBACK),
    ("http://127.0.0.1:5000/", True, LOOPBACK),
    ("http://localhost/", False, LOOPBACK),
    ("http://[::1]:5000/", True, LOOPBACK),
    ("https://192.168.1.20:5443/", True, PRIVATE),
    ("https://10.0.3.7/", False, PRIVATE),
    ("https://anjian.local/", True, PRIVATE),
    ("https://anjian.example.cn/", False, UNSET),
    ("https://anjian.example.cn/", True, None),
    ("https://61.135.169.121/", True, None),
])
def test_which_addresses_are_warned_about(app, url, public_url_set, expected):
    with force_locale("en"):
        warning = qr_address_warning(url, public_url_set)
    if expected is None:
        assert warning is None
    else:
        assert expected in warning and url in warning


@pytest.fixture
def office(app):
    grid = make_grid(code="N1")
    make_enterprise(grid=grid, code="E00001", name="北区企业")
    make_user("supervisor", username="chief", locale="en")


@pytest.mark.parametrize("path", ["/enterprises/labels", "/enterprises/E00001/label"])
def test_label_pages_warn_when_public_url_is_unset_and_the_codes_point_at_this_computer(client, auth, office, path):
    auth.login("chief")
    page = client.get(path).get_data(as_text=True)  # the test client's address is http://localhost/
    warning = page.split('class="flash flash-warning qr-warning no-print" role="alert">')[1].split("</div>")[0]
    assert LOOPBACK in warning and "http://localhost/" in warning and "PUBLIC_URL" in warning


@pytest.mark.parametrize("path", ["/enterprises/labels", "/enterprises/E00001/label"])
def test_label_pages_print_without_a_warning_on_a_public_address(app, client, auth, office, path):
    app.config["PUBLIC_URL"] = "https://anjian.example.cn"
    auth.login("chief")
    assert "qr-warning" not in client.get(path).get_data(as_text=True)


def test_make_run_warns_at_start_up(app):
    app.config["PUBLIC_URL"] = None
    result = app.test_cli_runner().invoke(check_public_url_command, ["--serving", "http://127.0.0.1:5000"])
    assert result.exit_code == 0 and "http://127.0.0.1:5000" in result.output and "PUBLIC_URL" in result.output
    assert "仅本机可用" in result.output  # the office's language, as the rest of the command line


def test_start_up_is_quiet_with_a_public_address(app):
    app.config["PUBLIC_URL"] = "https://anjian.example.cn"
    result = app.test_cli_runner().invoke(check_public_url_command, [])
    assert result.exit_code == 0 and result.output == ""
