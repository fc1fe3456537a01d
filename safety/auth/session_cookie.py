"""Which answers write the session cookie again.

A signed-in session is permanent, and Flask writes a permanent session's cookie on every answer so that its
expiry slides forward while the user works. Each answer writes the session *as its request carried it*: a
picture the review page asked for before the reviewer pressed "Return", answered just after, wrote back the
session of before and dropped the decision's messages from the next page (a language switch is lost the same
way). Pictures, scripts, styles and fonts therefore never write it unless they changed it; pages and API calls
still slide it forward.
"""
from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

# What a browser says it fetches (``Sec-Fetch-Dest``) for the parts of a page rather than the page or a call.
SUBRESOURCE_DESTINATIONS = frozenset({"audio", "font", "image", "manifest", "script", "style", "track", "video"})
# The same parts known by their route, for browsers that send no fetch metadata (older phones).
SUBRESOURCE_ENDPOINTS = frozenset({"static", "photos.thumb", "photos.display", "photos.original"})


class PageRefreshedSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, refreshed by pages and API calls only."""

    def should_set_cookie(self, app: Flask, session) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        return not _is_subresource()


def _is_subresource() -> bool:
    return (request.headers.get("Sec-Fetch-Dest") in SUBRESOURCE_DESTINATIONS
            or request.endpoint in SUBRESOURCE_ENDPOINTS)
