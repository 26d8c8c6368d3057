from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Brugernavn eller adgangskode er forkert. Bemærk at der skelnes mellem store og små bogstaver.",
        "inactive": "Brugeren er deaktiveret.",
    }
