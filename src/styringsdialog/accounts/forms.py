from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Brugernavn eller adgangskode er forkert. Bemærk at der skelnes mellem store og små bogstaver.",
        "inactive": "Brugeren er deaktiveret.",
    }


class PasswordResetRequestForm(PasswordResetForm):
    """ "Glemt adgangskode": the same answer whether or not the address belongs to a user (the
    view always goes on to the "sent" page). The link in the e-mail starts with
    ``PUBLIC_BASE_URL``, not with the host the request came in on."""

    email = forms.EmailField(
        label="E-mailadresse",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "form-input"}),
        error_messages={
            "required": "Skriv den e-mailadresse, der står på din bruger.",
            "invalid": "Skriv en gyldig e-mailadresse, fx navn@kommune.dk.",
        },
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        super().send_mail(
            subject_template_name,
            email_template_name,
            {**context, "base_url": settings.PUBLIC_BASE_URL},
            from_email,
            to_email,
            html_email_template_name,
        )


class NewPasswordForm(SetPasswordForm):
    """Choose a new password after following the link (Django's rules, Danish texts)."""

    error_messages = {"password_mismatch": "De to adgangskoder er ikke ens."}


class NotificationPreferencesForm(forms.Form):
    """ "Min profil": the kinds of e-mail the user receives (ticked = receives)."""

    enabled = forms.MultipleChoiceField(
        label="Send mig e-mail, når",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from styringsdialog.accounts.models import NotificationKind

        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["enabled"]).choices = NotificationKind.choices
