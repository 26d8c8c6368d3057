from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

# The claims the provider gives each of its users (by username), as Entra ID would with a
# "groups" claim and a broker for MitID Erhverv with the organisation's CVR number.
CLAIMS: dict[str, dict[str, Any]] = {
    "bente": {
        "email": "bente@ballerup.dk",
        "given_name": "Bente",
        "family_name": "Ballerup",
        "groups": ["sd-ballerup", "alle-ansatte"],
    },
    "otto": {
        "email": "otto@almenbo.dk",
        "given_name": "Otto",
        "family_name": "Organisation",
        "cvr": "12345678",
    },
}


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        from tests.oidc_provider import state

        username = request.user.username
        claims = dict(CLAIMS.get(username, {}))
        claims.update(state.overrides(username))
        claims["preferred_username"] = username
        return claims
