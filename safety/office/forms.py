"""The office identity form."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional

from safety.documents.labels import DOCUMENT_TITLES
from safety.documents.models import KINDS


class OfficeForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    short_name = StringField(_l("Short name (in document numbers)"), validators=[Optional(), Length(max=40)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    seal_text = StringField(_l("Seal text"), validators=[Optional(), Length(max=200)])
    penalty_powers = BooleanField(_l("This office may decide seizures and administrative penalties"))

    def prefix_fields(self):
        """The number prefix field of each document kind, in the order of the kinds."""
        return [getattr(self, f"prefix_{kind}") for kind in KINDS]

    def prefixes(self) -> dict:
        return {kind: (getattr(self, f"prefix_{kind}").data or "").strip() for kind in KINDS}


for _kind in KINDS:
    setattr(OfficeForm, f"prefix_{_kind}", StringField(DOCUMENT_TITLES[_kind], validators=[Optional(),
                                                                                           Length(max=30)]))
