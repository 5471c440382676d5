"""The documents' upload form: the rules are the service's (its ServiceErrors are shown at the
field they name); the type is found from the content there, not from the name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vendepunkt.filing.vocabulary import UPLOAD_KINDS


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, pictures or office documents (Word, Excel, OpenDocument)."),
        allow_empty_file=True,  # the service says why an empty file is refused
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Without a title the file's name is used."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of document"), choices=[(k.value, k.label) for k in UPLOAD_KINDS]
    )
    contact_course = forms.ChoiceField(label=_("Course"), required=False)
    medical = forms.BooleanField(
        label=_("Medical document (doctors and nurses only)"), required=False
    )

    def __init__(self, *args, courses, may_upload_medical: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_course"].choices = [("", _("The citizen (no course)")), *courses]
        if not may_upload_medical:
            del self.fields["medical"]
