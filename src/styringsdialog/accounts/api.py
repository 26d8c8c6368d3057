"""REST endpoints for the signed-in user: the kinds of e-mail they receive ("Min profil")."""

# No ``from __future__ import annotations`` here: django-ninja resolves the schemas at runtime.
from django.http import HttpRequest
from ninja import Field, Router, Schema

from styringsdialog.accounts import services
from styringsdialog.accounts.models import NotificationKind
from styringsdialog.accounts.queries import enabled_kinds
from styringsdialog.lib.api_types import Keyword, ObjectIn

router = Router(tags=["Min profil"])


class KindOut(Schema):
    kind: str
    label: str
    enabled: bool


class PreferencesOut(Schema):
    email: str
    kinds: list[KindOut]


class PreferencesIn(ObjectIn):
    enabled: list[Keyword] = Field(
        ...,
        max_length=len(NotificationKind.values),
        description="De slags e-mail, brugeren vil have; alle andre slås fra.",
        json_schema_extra={"items": {"enum": list(NotificationKind.values)}},
    )


def _out(user) -> dict:
    on = set(enabled_kinds(user))
    return {
        "email": user.email,
        "kinds": [
            {"kind": k, "label": str(label), "enabled": k in on}
            for k, label in NotificationKind.choices
        ],
    }


@router.get(
    "/me/notifications", response=PreferencesOut, summary="Mine e-mails: hvilke slags jeg får"
)
def get_preferences(request: HttpRequest):
    return _out(request.user)


@router.put(
    "/me/notifications", response=PreferencesOut, summary="Vælg hvilke slags e-mail jeg får"
)
def put_preferences(request: HttpRequest, payload: PreferencesIn):
    services.set_notification_preferences(user=request.user, enabled=payload.enabled)
    return _out(request.user)
