"""One way to paginate a select for every list page."""
from dataclasses import dataclass

from flask import current_app, request
from sqlalchemy import func, select

from safety.extensions import db


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def page_number() -> int:
    """The page asked for in ``?page=`` (1 when missing or not a number)."""
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1


def paginate(statement, per_page: int | None = None, total: int | None = None) -> Page:
    """Run ``statement`` for the page named in ``?page=`` (clamped to the valid range).

    ``total``: the number of rows ``statement`` selects when the caller counted them already;
    otherwise they are counted here.
    """
    per_page = per_page or current_app.config["PAGE_SIZE"]
    page = page_number()
    if total is None:
        total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    page = min(page, max(1, -(-total // per_page)))
    items = db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(items=list(items), page=page, per_page=per_page, total=total)


def redirect_to_short_url(form, filters, endpoint: str):
    """A redirect to the list's short URL, or None when the request already is it.

    A filter form sends every field, empty or not; the short URL keeps only the filters that are set and the
    page after the first, so it is worth bookmarking. A form with errors stays where it is, to show them.
    """
    from flask import redirect, url_for
    canonical = filters.as_args()
    page = request.args.get("page", "")
    if page.isdigit() and int(page) > 1:
        canonical["page"] = page
    if form.errors or canonical == request.args.to_dict():
        return None
    return redirect(url_for(endpoint, **canonical))
