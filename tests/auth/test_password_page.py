"""The page where a signed-in user changes their own password."""
from tests.factories import DEFAULT_PASSWORD, make_user


def test_a_weak_new_password_is_explained_next_to_the_new_password(auth):
    make_user("inspector", username="li")
    auth.login("li")
    auth.post_form("/locale/en")  # the messages are checked by their English msgids
    page = auth.post_form("/account/password", {"current_password": DEFAULT_PASSWORD,
                                                 "new_password": "abc", "confirm": "abc"})
    assert page.status_code == 200
    assert "The password needs at least" in page.get_data(as_text=True)


def test_a_wrong_current_password_is_explained(auth):
    make_user("inspector", username="li")
    auth.login("li")
    auth.post_form("/locale/en")  # the messages are checked by their English msgids
    page = auth.post_form("/account/password", {"current_password": "not it",
                                                "new_password": "n3w-Password", "confirm": "n3w-Password"})
    assert "The current password is wrong." in page.get_data(as_text=True)
