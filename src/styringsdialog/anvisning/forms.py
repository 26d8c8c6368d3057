"""Forms of the anvisning pages (Danish labels; the services validate the rules)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import cast

from django import forms

from almen.formatting import format_number
from almen.tabular import TabularValueError, parse_decimal
from styringsdialog.anvisning.models import LedgerEntry, LegalBasis, Outcome
from styringsdialog.lib.widgets import QuickSelect

DATE = forms.DateInput(attrs={"type": "date", "class": "form-input"})
TEXT = {"class": "form-input"}


class DanishAmountField(forms.Field):
    """An amount in kroner written the Danish way ("6.250,00") or with a point ("6250.00")."""

    def to_python(self, value: object) -> Decimal | None:  # type: ignore[override]
        text = str(value or "").strip()
        if not text:
            return None
        try:
            amount = parse_decimal(text)
        except TabularValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        if amount < 0:
            raise forms.ValidationError("Beløbet kan ikke være negativt.")
        if amount >= Decimal(10) ** 10:
            raise forms.ValidationError("Beløbet er for stort.")
        return amount.quantize(Decimal("0.01"))

    def prepare_value(self, value: object) -> object:
        if isinstance(value, Decimal):
            return format_number(value, 2, grouping=False)
        return value


def _money(label: str) -> DanishAmountField:
    return DanishAmountField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
    )


class EntryForm(forms.Form):
    department = forms.ChoiceField(
        label="Afdeling", widget=QuickSelect(attrs={"class": "form-select"})
    )
    dwelling = forms.CharField(
        label="Lejemål (nr.)", max_length=40, widget=forms.TextInput(attrs=TEXT)
    )
    address = forms.CharField(
        label="Adresse", max_length=200, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    offered_on = forms.DateField(label="Tilbudt kommunen", widget=DATE)
    rent = _money("Husleje pr. måned (kr.)")
    outcome = forms.ChoiceField(
        label="Udfald", choices=Outcome.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    outcome_on = forms.DateField(label="Udfaldsdato", required=False, widget=DATE)
    household_ref = forms.CharField(
        label="Husstandsreference",
        max_length=40,
        required=False,
        help_text="Kommunens egen reference – aldrig et CPR-nummer.",
        widget=forms.TextInput(attrs=TEXT),
    )
    vacancy_from = forms.DateField(label="Tomgang betalt fra", required=False, widget=DATE)
    vacancy_to = forms.DateField(
        label="Tomgang betalt til (sidste dag)", required=False, widget=DATE
    )
    vacancy_amount = _money("Betalt tomgangsleje (kr.)")
    guarantee_claimed = _money("Krav om istandsættelse (kr.)")
    guarantee_claimed_on = forms.DateField(label="Krav modtaget", required=False, widget=DATE)
    guarantee_approved = _money("Godkendt (kr.)")
    guarantee_paid = _money("Udbetalt (kr.)")
    guarantee_paid_on = forms.DateField(label="Udbetalt den", required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, departments=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["department"]).choices = [
            (str(d.pk), d.label) for d in departments
        ]
        if editing:
            for name in ("department", "dwelling", "offered_on"):
                self.fields[name].disabled = True
                self.fields[name].required = False

    def values(self) -> dict:
        d = self.cleaned_data
        out = {name: d.get(name) for name in LedgerEntry.EDITABLE}
        for name in (
            "rent",
            "vacancy_amount",
            "guarantee_claimed",
            "guarantee_approved",
            "guarantee_paid",
        ):
            out[name] = out[name] or Decimal(0)
        out["address"] = out["address"] or ""
        out["household_ref"] = out["household_ref"] or ""
        return out


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fil (CSV eller Excel)",
        widget=forms.ClearableFileInput(attrs={"class": "form-file-input", "accept": ".csv,.xlsx"}),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Kommentar",
        max_length=4000,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )


class CommentEditForm(CommentForm):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class AgreementForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=200, widget=forms.TextInput(attrs=TEXT))
    organisation = forms.ChoiceField(
        label="Boligorganisation",
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    legal_basis = forms.ChoiceField(
        label="Hjemmel",
        choices=LegalBasis.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    trappemodel = forms.BooleanField(label="Trappemodel", required=False)
    valid_from = forms.DateField(label="Gælder fra", widget=DATE)
    valid_to = forms.DateField(label="Gælder til", widget=DATE)
    departments = forms.CharField(
        label="Afdelinger",
        help_text="Én afdeling pr. linje: ORG-AFD;andel i %;trin;kriterier – fx 0151-003;25;2;Prioritet til unge under uddannelse",
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 4}),
    )
    note = forms.CharField(
        label="Bemærkning",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 2}),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            ("", "Alle (rammeaftale)")
        ] + [(o.number, f"{o.number} {o.name}") for o in organisations]


def parse_terms(text: str) -> list[tuple[str, Decimal, int | None, str]]:
    """Lines "ORG-AFD;andel;trin;kriterier" → (ref, share, step, criteria); Danish errors."""
    out = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) < 2:
            raise forms.ValidationError(f"Linje {n}: skriv ORG-AFD;andel (fx 0151-003;25).")
        try:
            share = Decimal(parts[1].replace(",", "."))
        except InvalidOperation:
            raise forms.ValidationError(
                f"Linje {n}: andelen '{parts[1]}' er ikke et tal."
            ) from None
        step = None
        if len(parts) > 2 and parts[2]:
            if not parts[2].isdigit():
                raise forms.ValidationError(f"Linje {n}: trinnet '{parts[2]}' er ikke et helt tal.")
            step = int(parts[2])
        out.append((parts[0], share, step, ";".join(parts[3:])))
    return out


class ReviewForm(forms.Form):
    year = forms.IntegerField(
        label="År", min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=TEXT)
    )
    share = forms.DecimalField(
        label="Andel (%)",
        min_value=0,
        max_value=100,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs=TEXT),
    )
    step = forms.IntegerField(
        label="Trin",
        required=False,
        min_value=0,
        max_value=20,
        widget=forms.NumberInput(attrs=TEXT),
    )
    criteria = forms.CharField(
        label="Fleksible udlejningskriterier",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 2}),
    )
    note = forms.CharField(
        label="Begrundelse",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 2}),
    )


class VacancyForm(forms.Form):
    department = forms.ChoiceField(
        label="Afdeling", widget=QuickSelect(attrs={"class": "form-select"})
    )
    year = forms.IntegerField(
        label="År", min_value=1900, max_value=2200, widget=forms.NumberInput(attrs=TEXT)
    )
    vacancies = forms.IntegerField(
        label="Ledige familieboliger i året",
        min_value=0,
        max_value=100_000,
        widget=forms.NumberInput(attrs=TEXT),
    )

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["department"]).choices = [
            (str(d.pk), d.label) for d in departments
        ]
