"""HTML forms of the intake pages (validation at the edge; services validate the content)."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from styringsdialog.intake.files import MAX_BYTES
from styringsdialog.intake.models import Attachment, ImportKind

MB = MAX_BYTES // (1024 * 1024)
SELECT = {"class": "form-select"}
INPUT = {"class": "form-input"}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Hvad indeholder filen?",
        choices=ImportKind.choices,
        widget=forms.Select(attrs=SELECT),
    )
    file = forms.FileField(
        label="Fil",
        help_text=f"CSV (UTF-8, semikolon eller komma) eller Excel (.xlsx), højst {MB} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.xlsm"}),
    )
    sheet = forms.CharField(
        label="Ark i Excel-filen",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs=INPUT),
        help_text="Lad feltet stå tomt for at bruge det første ark.",
    )

    def clean_file(self) -> UploadedFile:
        f = self.cleaned_data["file"]
        if f.size > MAX_BYTES:
            raise forms.ValidationError(f"Filen er for stor; den må højst fylde {MB} MB.")
        if not f.name.lower().endswith((".csv", ".txt", ".xlsx", ".xlsm")):
            raise forms.ValidationError("Vælg en CSV-fil (.csv) eller en Excel-fil (.xlsx).")
        return f


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Bilagstype", choices=Attachment.Kind.choices, widget=forms.Select(attrs=SELECT)
    )
    file = forms.FileField(label="Fil", help_text=f"Fx PDF, højst {MB} MB.")
    description = forms.CharField(
        label="Beskrivelse", required=False, max_length=200, widget=forms.TextInput(attrs=INPUT)
    )

    def clean_file(self) -> UploadedFile:
        f = self.cleaned_data["file"]
        if f.size > MAX_BYTES:
            raise forms.ValidationError(f"Filen er for stor; den må højst fylde {MB} MB.")
        return f


class StatusForm(forms.Form):
    note = forms.CharField(
        label="Bemærkning",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**INPUT, "rows": 2}),
    )
    held_on = forms.DateField(
        label="Mødedato",
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}, format="%Y-%m-%d"),
    )
