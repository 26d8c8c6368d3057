"""The "Start beregning" form on the efficiency pages."""

from __future__ import annotations

from typing import Any

from django import forms

from styringsdialog.benchmarking.models import BenchmarkRun


class StartRunForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Regnskabsår",
        coerce=int,
        error_messages={
            "required": "Vælg et regnskabsår.",
            "invalid_choice": "Der er ingen regnskaber for det valgte år; vælg et andet.",
        },
    )
    method = forms.ChoiceField(
        label="Metode",
        choices=BenchmarkRun.Method.choices,
        error_messages={
            "required": "Vælg en metode.",
            "invalid_choice": "Ukendt metode; vælg FDH, DEA-VRS eller DEA-CRS.",
        },
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]


class ProvisionNormForm(forms.Form):
    norm_per_m2 = forms.CharField(
        label="Norm (kr. pr. m² pr. år)",
        max_length=20,
        error_messages={"required": "Angiv normen i kr. pr. m² pr. år."},
    )
    source = forms.CharField(
        label="Kilde",
        max_length=300,
        error_messages={
            "required": "Angiv normens kilde.",
            "max_length": "Kilden må højst være 300 tegn.",
        },
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
