from __future__ import annotations

from django import forms

from styringsdialog.accounts.models import Role

KOMMUNE_ADMIN_ROLES = [
    (Role.CASEWORKER, Role.CASEWORKER.label),
    (Role.KOMMUNE_ADMIN, Role.KOMMUNE_ADMIN.label),
    (Role.ORGANISATION, Role.ORGANISATION.label),
    (Role.ADMINISTRATION, Role.ADMINISTRATION.label),
]


class GrantForm(forms.Form):
    """Invite (by e-mail) or grant a right in the kommune (organisation roles name the
    organisation by its LBF number)."""

    email = forms.CharField(label="E-mailadresse eller brugernavn", max_length=150)
    first_name = forms.CharField(label="Fornavn", max_length=150, required=False)
    last_name = forms.CharField(label="Efternavn", max_length=150, required=False)
    role = forms.ChoiceField(label="Rolle", choices=KOMMUNE_ADMIN_ROLES)
    organisation = forms.CharField(
        label="Boligorganisation (LBF-nummer)", max_length=4, required=False
    )
    title = forms.CharField(label="Stilling", max_length=120, required=False)


class ClaimRuleForm(forms.Form):
    """w1a: an SSO rule on the page "SSO-regler" (kommune by code, organisation by LBF number;
    ``version`` is the version the editor read — optimistic locking)."""

    claim = forms.CharField(label="Claim", max_length=100, help_text="Fx groups eller roles")
    value = forms.CharField(
        label="Værdi",
        max_length=200,
        required=False,
        help_text="Tom: enhver værdi af claimet giver rollen",
    )
    role = forms.ChoiceField(label="Rolle", choices=Role.choices)
    kommune = forms.CharField(
        label="Fast kommune (kommunekode)", max_length=3, required=False, help_text="Fx 151"
    )
    kommune_by = forms.ChoiceField(
        label="Eller: claimets værdi er kommunens",
        choices=[("", "–"), ("code", "kommunekode")],
        required=False,
    )
    organisation = forms.CharField(
        label="Fast boligorganisation (LBF-nummer)", max_length=4, required=False
    )
    organisation_by = forms.ChoiceField(
        label="Eller: claimets værdi er organisationens",
        choices=[("", "–"), ("cvr", "CVR-nummer"), ("number", "LBF-nummer")],
        required=False,
    )
    active = forms.BooleanField(label="Aktiv", required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-checkbox"
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs["class"] = "form-input input-width-l"
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}-hint"
