"""Forms for the meeting pages: they parse and validate input; services do the writing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone

from styringsdialog.accounts.permissions import Scope, package_department_filter
from styringsdialog.meetings.models import (
    AgendaTemplate,
    Agreement,
    Case,
    MeetingType,
    ResponsibleSide,
    Side,
)

if TYPE_CHECKING:
    from styringsdialog.registry.models import Department, Organisation

DATE = forms.DateInput(attrs={"type": "date", "class": "form-input"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time", "class": "form-input"}, format="%H:%M")


def _input(**attrs: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-input", **attrs})


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "form-input", "rows": rows})


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


class MeetingCreateForm(forms.Form):
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label="Boligorganisation", queryset=None, widget=_select()
    )
    meeting_type = forms.ModelChoiceField(
        label="Mødetype", queryset=MeetingType.objects.none(), widget=_select()
    )
    styringsaar = forms.IntegerField(
        label="Styringsår",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-input"}),
    )
    date = forms.DateField(label="Dato", widget=DATE)
    start_time = forms.TimeField(label="Starttidspunkt", required=False, widget=TIME)
    place = forms.CharField(label="Sted", max_length=200, required=False, widget=_input())
    template: forms.ModelChoiceField[AgendaTemplate] = forms.ModelChoiceField(
        label="Dagsorden fra skabelon", queryset=None, widget=_select()
    )

    def __init__(
        self, *args: Any, organisations: Any, meeting_types: Any, templates: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # self.fields holds deep copies of the declared fields, so their classes are known.
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        cast(forms.ModelChoiceField, self.fields["meeting_type"]).queryset = meeting_types
        cast(forms.ModelChoiceField, self.fields["template"]).queryset = templates
        self.fields["styringsaar"].initial = timezone.localdate().year


class MeetingDetailsForm(forms.Form):
    prefix = "moede"

    date = forms.DateField(label="Dato", widget=DATE)
    start_time = forms.TimeField(label="Starttidspunkt", required=False, widget=TIME)
    place = forms.CharField(label="Sted", max_length=200, required=False, widget=_input())


class ParticipantForm(forms.Form):
    prefix = "deltager"

    name = forms.CharField(label="Navn", max_length=200, widget=_input(autocomplete="off"))
    side = forms.ChoiceField(label="Repræsenterer", choices=Side.choices, widget=_select())
    title = forms.CharField(label="Rolle/stilling", max_length=200, required=False, widget=_input())


class ParticipantUserForm(forms.Form):
    """i10-invite: a participant who is a user (the organisations' staff, the kommune's
    caseworkers); they get the invitation by e-mail."""

    prefix = "deltagerbruger"

    user = forms.TypedChoiceField(label="Bruger", coerce=int, widget=_select())
    title = forms.CharField(label="Rolle/stilling", max_length=200, required=False, widget=_input())

    def __init__(self, *args: Any, users: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["user"]).choices = users


class AgendaItemForm(forms.Form):
    title = forms.CharField(label="Overskrift", max_length=300, widget=_input())
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RenameForm(forms.Form):
    title = forms.CharField(label="Overskrift", max_length=300, widget=_input())


class MinutesForm(forms.Form):
    """One point's minutes: Drøftelse and Beslutning, with the version the writer started from."""

    minutes = forms.CharField(label="Drøftelse", required=False, widget=_textarea(10))
    decision = forms.CharField(label="Beslutning", required=False, widget=_textarea(3))
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput())
    # After a conflict: "mine" saves the writer's text over the stored version shown to them.
    choice = forms.ChoiceField(choices=[("", ""), ("mine", "mine")], required=False)
    stored_version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("choice") == "mine" and data.get("stored_version") is not None:
            data["version"] = data["stored_version"]
        return data


class ReplyForm(forms.Form):
    text = forms.CharField(label="Svar", max_length=5000, widget=_textarea(3))
    resolve = forms.BooleanField(label="Markér kommentaren som løst", required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Vælg fil", widget=forms.ClearableFileInput(attrs={"class": "form-file-input"})
    )


class CommentForm(forms.Form):
    prefix = "kommentar"

    item = forms.TypedChoiceField(
        label="Punkt", coerce=int, required=False, empty_value=None, widget=_select()
    )
    text = forms.CharField(label="Kommentar", max_length=5000, widget=_textarea(4))

    def __init__(self, *args: Any, items: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["item"]).choices = [("", "Hele referatet"), *items]


class AgreementForm(forms.Form):
    prefix = "aftale"

    text = forms.CharField(label="Aftale", max_length=2000, widget=_textarea(3))
    item = forms.TypedChoiceField(
        label="Dagsordenspunkt", coerce=int, required=False, empty_value=None, widget=_select()
    )
    responsible_side = forms.ChoiceField(
        label="Ansvarlig part", choices=ResponsibleSide.choices, widget=_select()
    )
    responsible_person = forms.CharField(
        label="Ansvarlig person", max_length=200, required=False, widget=_input()
    )
    deadline = forms.DateField(label="Frist", required=False, widget=DATE)
    departments: forms.ModelMultipleChoiceField[Department] = forms.ModelMultipleChoiceField(
        label="Afdelinger",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 5}),
    )

    def __init__(
        self,
        *args: Any,
        items: list[tuple[int, str]],
        departments: Any,
        scope: Scope,
        **kwargs: Any,
    ) -> None:
        """``departments``: those of the meeting's organisations; the choices (and what a POST may
        name) are the ones the writer may see (``accounts.permissions.package_department_filter``:
        a caseworker of another kommune than the organisation's home kommune picks only the
        departments in their own kommune)."""
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["item"]).choices = [("", "Intet bestemt punkt"), *items]
        cast(
            forms.ModelMultipleChoiceField, self.fields["departments"]
        ).queryset = departments.filter(package_department_filter(scope)).order_by(
            "organisation__number", "number"
        )


class AgreementStatusForm(forms.Form):
    status = forms.ChoiceField(label="Ny status", widget=_select())
    note = forms.CharField(label="Bemærkning", max_length=5000, required=False, widget=_textarea(3))
    # The version the page showed: a status change or edit made since then is a conflict.
    version = forms.IntegerField(
        min_value=0, max_value=2**31 - 1, required=False, widget=forms.HiddenInput()
    )

    def __init__(self, *args: Any, statuses: list[str], current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Agreement.Status.choices)
        # The current status means "report progress" (a note without a status change).
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (current, f"{labels[current]} (kun bemærkning)")
        ] + [(s, labels[s]) for s in statuses]


class AgreementFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Alle"), ("aabne", "Åbne (ikke afsluttede)"), *Agreement.Status.choices],
        widget=_select(),
    )
    overdue = forms.BooleanField(
        label="Kun overskredne frister",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    organisation = forms.CharField(
        label="Boligorganisation (nr. eller navn)", required=False, max_length=100, widget=_input()
    )


class CaseForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=300, widget=_input())
    category = forms.ChoiceField(label="Kategori", choices=Case.Category.choices, widget=_select())
    opened_on = forms.DateField(label="Oprettet den", widget=DATE, initial=timezone.localdate)
    text = forms.CharField(
        label="Første notat", required=False, max_length=10_000, widget=_textarea(3)
    )


class CaseEntryForm(forms.Form):
    date = forms.DateField(label="Dato", widget=DATE, initial=timezone.localdate)
    text = forms.CharField(label="Notat", max_length=10_000, widget=_textarea(3))


class CaseStatusForm(forms.Form):
    status = forms.ChoiceField(label="Ny status", choices=Case.Status.choices, widget=_select())
    note = forms.CharField(label="Bemærkning", required=False, max_length=2000, widget=_input())


class CaseLinkForm(forms.Form):
    prefix = "sag"

    case = forms.TypedChoiceField(label="Sag", coerce=int, widget=_select())
    item = forms.TypedChoiceField(label="Drøftet under punkt", coerce=int, widget=_select())

    def __init__(
        self, *args: Any, cases: list[tuple[int, str]], items: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["case"]).choices = cases
        cast(forms.ChoiceField, self.fields["item"]).choices = items


class ConfirmForm(forms.Form):
    reason = forms.CharField(
        label="Begrundelse", required=False, max_length=2000, widget=_textarea(3)
    )
