"""Forms: the public portal's filters and search, and the caseworker's publish/correction form."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from styringsdialog.lib.params import bounded_int
from styringsdialog.publication.services import CHANGE_NOTE_MAX

FIRST_YEAR, LAST_YEAR = 2000, 2100
"""The styringsår a filter may name (as the meeting form allows); others are ignored."""


def styringsaar(value: str) -> int:
    """A styringsår from the filter, or ValueError (the field then ignores it)."""
    year = bounded_int(value, minimum=FIRST_YEAR, maximum=LAST_YEAR)
    if year is None:
        raise ValueError(value)
    return year


class PortalForm(forms.Form):
    """Search words and filters of the public list. Unknown values are ignored, never an error page."""

    q = forms.CharField(label="Søg i referaterne", required=False, max_length=200)
    kommune = forms.ChoiceField(
        label="Kommune", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    organisation = forms.ChoiceField(
        label="Boligorganisation",
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    aar = forms.TypedChoiceField(
        label="Styringsår",
        required=False,
        coerce=styringsaar,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(
        self,
        data: Any,
        *,
        kommuner: list[tuple[str, str]],
        organisations: list[tuple[str, str]],
        years: list[int],
    ) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["kommune"]).choices = [("", "Alle kommuner"), *kommuner]
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            ("", "Alle boligorganisationer"),
            *organisations,
        ]
        cast(forms.ChoiceField, self.fields["aar"]).choices = [
            ("", "Alle år"),
            *[(str(y), str(y)) for y in years],
        ]

    def value(self, name: str) -> Any:
        """The cleaned value, or empty when the field was missing or invalid."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label="Jeg bekræfter, at referatet er godkendt og må offentliggøres. Versionen kan ikke ændres bagefter.",
        required=True,
        error_messages={"required": "Bekræft, at referatet må offentliggøres."},
    )
    change_note = forms.CharField(
        label="Ændringsnote (vises sammen med den nye version)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=CHANGE_NOTE_MAX,
    )

    def __init__(self, *args: Any, correction: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.correction = correction
        if correction:
            self.fields["change_note"].required = True
            self.fields["change_note"].error_messages["required"] = "Skriv, hvad rettelsen ændrer."
            self.fields["confirm"].label = (
                "Jeg bekræfter, at rettelsen er godkendt og må offentliggøres som en ny version. "
                "De tidligere versioner forbliver offentlige."
            )
        else:
            del self.fields["change_note"]
