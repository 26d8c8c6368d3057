"""Forms for the construction pages: they parse and validate input; services do the writing."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from almen.construction import HOUSING_TYPES, KINDS, MILESTONES, RATE_REGIONS
from styringsdialog.construction.models import Event
from styringsdialog.lib.widgets import QuickSelect

DATE = forms.DateInput(attrs={"type": "date", "class": "form-input"}, format="%Y-%m-%d")


def _input(**attrs: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-input", **attrs})


def _number() -> forms.NumberInput:
    return forms.NumberInput(attrs={"class": "form-input", "inputmode": "decimal"})


def _select() -> forms.Select:
    return QuickSelect(attrs={"class": "form-select"})


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "form-input", "rows": rows})


def _kr(label: str, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=14,
        decimal_places=0,
        widget=_number(),
    )


class CaseForm(forms.Form):
    organisation = forms.ChoiceField(label="Boligorganisation", widget=_select())
    department = forms.ChoiceField(label="Afdeling", required=False, widget=_select())
    new_department_name = forms.CharField(
        label="Eller: navn på ny afdeling", max_length=200, required=False, widget=_input()
    )
    kind = forms.ChoiceField(label="Art", choices=list(KINDS.items()), widget=_select())
    title = forms.CharField(label="Titel", max_length=300, widget=_input())
    housing_type = forms.ChoiceField(
        label="Boligtype", choices=list(HOUSING_TYPES.items()), widget=_select()
    )
    rate_region = forms.ChoiceField(
        label="Område for maksimumbeløb (skema B før 2024)",
        choices=list(RATE_REGIONS.items()),
        required=False,
        widget=_select(),
    )
    dwellings = forms.IntegerField(
        label="Antal boliger", min_value=0, max_value=100_000, widget=_number()
    )
    area_m2 = forms.DecimalField(
        label="Boligareal (m²)", min_value=0, max_digits=10, decimal_places=1, widget=_number()
    )
    loan_amount = _kr("Lån (kr., renovering med LBF-støtte)")
    property_value = _kr("Ejendomsværdi (kr.)")
    prior_debt = _kr("Forudgående lån (kr.)")
    responsible = forms.CharField(
        label="Ansvarlig sagsbehandler", max_length=200, required=False, widget=_input()
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[tuple[str, str]],
        departments: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = organisations
        cast(forms.ChoiceField, self.fields["department"]).choices = [
            ("", "– ny afdeling –"),
            *departments,
        ]


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(label="Milepæl", widget=_select())
    date = forms.DateField(label="Dato for afgørelsen", widget=DATE)
    anskaffelsessum = _kr("Anskaffelsessum (kr., skema A, B og C)")
    annual_rent = _kr("Årlig husleje (kr., skema B og C)")
    decision = forms.CharField(
        label="Afgørelse", required=False, max_length=10_000, widget=_textarea()
    )
    document = forms.CharField(
        label="Dokument (journalnr. eller link)", required=False, max_length=500, widget=_input()
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [(k, MILESTONES[k]) for k in kinds]


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="Art", choices=Event.Kind.choices, widget=_select())
    date = forms.DateField(label="Dato", widget=DATE)
    text = forms.CharField(label="Tekst", max_length=10_000, widget=_textarea())
    status = forms.ChoiceField(
        label="Status (mangler)", choices=Event.Status.choices, required=False, widget=_select()
    )
    months_of_rent = forms.DecimalField(
        label="Kompensation: måneders leje",
        required=False,
        min_value=0,
        max_value=120,
        max_digits=5,
        decimal_places=1,
        widget=_number(),
    )
    amount = _kr("Kompensation: beløb (kr.)")
    paid_by = forms.CharField(
        label="Kompensation: betales af", max_length=200, required=False, widget=_input()
    )
    decided_on = forms.DateField(label="Kompensation: besluttet den", required=False, widget=DATE)
    recipient = forms.CharField(
        label="Registrering: sendt til", max_length=200, required=False, widget=_input()
    )
    document = forms.CharField(
        label="Dokument (journalnr. eller link)", max_length=500, required=False, widget=_input()
    )


class EventStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Event.Status.choices, widget=_select())
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput())


class RateForm(forms.Form):
    year = forms.IntegerField(
        label="År (skema B)", min_value=2004, max_value=2100, widget=_number()
    )
    housing_type = forms.ChoiceField(
        label="Boligtype", choices=list(HOUSING_TYPES.items()), widget=_select()
    )
    region = forms.ChoiceField(
        label="Område (før 2024)",
        choices=list(RATE_REGIONS.items()),
        required=False,
        widget=_select(),
    )
    per_dwelling = _kr("Kr. pr. bolig (familie- og ungdomsboliger fra 2024)")
    per_m2 = _kr("Kr. pr. m²", required=True)
    source = forms.CharField(label="Kilde", max_length=2000, widget=_textarea(2))
    confirmed = forms.BooleanField(label="Bekræftet af kilden", required=False, initial=True)
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput())


class CaseEditForm(forms.Form):
    """The case's title and figures; ``version`` is the version the writer read."""

    title = forms.CharField(label="Titel", max_length=300, widget=_input())
    dwellings = forms.IntegerField(
        label="Antal boliger", min_value=0, max_value=100_000, widget=_number()
    )
    area_m2 = forms.DecimalField(
        label="Boligareal (m²)", min_value=0, max_digits=10, decimal_places=1, widget=_number()
    )
    loan_amount = _kr("Lån (kr.)")
    property_value = _kr("Ejendomsværdi (kr.)")
    prior_debt = _kr("Forudgående lån (kr.)")
    responsible = forms.CharField(
        label="Ansvarlig sagsbehandler", max_length=200, required=False, widget=_input()
    )
    description = forms.CharField(
        label="Beskrivelse", max_length=10_000, required=False, widget=_textarea(4)
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput())


class DocumentForm(forms.Form):
    """A file for the case; ``on`` ties it to a milestone (``m<pk>``) or an event (``e<pk>``)."""

    prefix = "dokument"

    file = forms.FileField(
        label="Vælg fil",
        help_text="PDF, Word (DOCX), Excel (XLSX), PNG eller JPEG.",
        widget=forms.ClearableFileInput(
            attrs={"class": "form-file-input", "accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"}
        ),
    )
    title = forms.CharField(label="Beskrivelse", max_length=300, required=False, widget=_input())
    on = forms.ChoiceField(label="Hører til", required=False, widget=_select())

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["on"]).choices = [("", "Hele sagen"), *targets]


LINK_KINDS = {"sag": "case_ids", "aftale": "agreement_ids", "punkt": "agenda_item_ids"}


def parse_link_target(value: str) -> tuple[str, int] | None:
    """``"sag-12"`` → ``("case_ids", 12)``; None for anything else."""
    kind, _, raw = (value or "").partition("-")
    if kind not in LINK_KINDS or not raw.isdigit() or not 0 < int(raw) < 2**31:
        return None
    return LINK_KINDS[kind], int(raw)


class LinkForm(forms.Form):
    """One case, agreement or agenda item of the department to link the case to."""

    prefix = "link"

    target = forms.ChoiceField(label="Knyt til", widget=_select())

    def __init__(
        self, *args: Any, choices: dict[str, list[tuple[int, str]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        groups = [
            ("Sager", [(f"sag-{pk}", label) for pk, label in choices.get("sag", [])]),
            ("Aftaler", [(f"aftale-{pk}", label) for pk, label in choices.get("aftale", [])]),
            (
                "Dagsordenspunkter",
                [(f"punkt-{pk}", label) for pk, label in choices.get("punkt", [])],
            ),
        ]
        offered = [(name, options) for name, options in groups if options]
        self.has_choices = bool(offered)
        cast(forms.ChoiceField, self.fields["target"]).choices = [("", "Vælg …"), *offered]
