"""REST endpoints for the signed-in user: the kinds of e-mail they receive and their own API
tokens ("Min profil")."""

# No ``from __future__ import annotations`` here: django-ninja resolves the schemas at runtime.
from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from styringsdialog.accounts import services
from styringsdialog.accounts.models import NotificationKind
from styringsdialog.accounts.queries import api_tokens_of, enabled_kinds, get_own_api_token
from styringsdialog.lib.api_types import Keyword, ObjectId, ObjectIn, Page, Text

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


class TokenOut(Schema):
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="Selve tokenet. Det vises kun denne ene gang; gem det sikkert.")


class TokenIn(ObjectIn):
    name: Text = Field(..., min_length=1, description="Fx navnet på det system, der bruger det")


@router.get("/me/tokens", response=list[TokenOut], summary="Mine API-tokens (uden selve nøglen)")
@paginate(Page)
def list_tokens(request: HttpRequest):
    return api_tokens_of(request.user)


@router.post(
    "/me/tokens",
    response={201: NewTokenOut},
    summary="Opret et API-token til mig; nøglen vises kun i dette svar",
)
def create_token(request: HttpRequest, payload: TokenIn):
    token, raw = services.create_api_token(user=request.user, name=payload.name)
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "token": raw})


@router.delete(
    "/me/tokens/{token_id}", response={204: None}, summary="Tilbagekald et af mine API-tokens"
)
def revoke_token(request: HttpRequest, token_id: ObjectId):
    services.revoke_api_token(token=get_own_api_token(request.user, token_id))
    return Status(204, None)
