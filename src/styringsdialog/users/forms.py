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
