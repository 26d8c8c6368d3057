"""Named reads on meetings, agreements and cases: the scoped lookups every view and endpoint
uses (rules in ``accounts.permissions``) and the reads the pages share."""

from __future__ import annotations

from typing import Any

from django.db import models

from styringsdialog.accounts.permissions import (
    Scope,
    agreement_filter,
    agreement_write_level,
    can_configure_kommune,
    can_write_case,
    can_write_meeting,
    case_filter,
    meeting_filter,
    not_found,
    require,
    scope_for,
)
from styringsdialog.meetings.models import (
    AgendaItem,
    Agreement,
    Attachment,
    Case,
    ConfigurationChange,
    Meeting,
    MeetingType,
)
from styringsdialog.meetings.querysets import (
    UNRESOLVED_AGREEMENT_STATUSES,
    AgreementQuerySet,
    CaseQuerySet,
    MeetingQuerySet,
    today,
)
from styringsdialog.registry.queries import get_kommune_for_user

__all__ = [
    "UNRESOLVED_AGREEMENT_STATUSES",
    "existing_meeting",
    "followup_agreements",
    "get_agenda_item",
    "get_attachment",
    "get_meeting_type",
    "configuration_history",
    "get_agreement_for_user",
    "get_configurable_kommune",
    "get_configuration_object",
    "get_case_for_user",
    "get_meeting_for_user",
    "participant_user_choices",
    "today",
    "visible_agreements",
    "visible_cases",
    "visible_meetings",
]


def visible_meetings(scope: Scope, qs: MeetingQuerySet | None = None) -> MeetingQuerySet:
    qs = Meeting.objects.all() if qs is None else qs
    if scope.admin:
        return qs
    if not (scope.kommune_ids or scope.organisation_ids):
        return qs.none()
    q = meeting_filter(scope)
    if scope.organisation_ids:
        # the M2M join may duplicate rows; filter by id to keep the queryset sliceable and ordered
        return qs.filter(pk__in=Meeting.objects.filter(q).values("pk"))
    return qs.filter(q)


def visible_agreements(scope: Scope, qs: AgreementQuerySet | None = None) -> AgreementQuerySet:
    qs = Agreement.objects.all() if qs is None else qs
    if scope.admin:
        return qs
    if not (scope.kommune_ids or scope.organisation_ids):
        return qs.none()
    return qs.filter(agreement_filter(scope))


def visible_cases(scope: Scope, qs: CaseQuerySet | None = None) -> CaseQuerySet:
    qs = Case.objects.all() if qs is None else qs
    if scope.admin:
        return qs
    if not (scope.kommune_ids or scope.organisation_ids):
        return qs.none()
    return qs.filter(case_filter(scope))


def get_meeting_for_user(user: Any, pk: int, *, write: bool = False) -> Meeting:
    scope = scope_for(user)
    meeting = visible_meetings(scope, Meeting.objects.with_related()).filter(pk=pk).first()
    if meeting is None:
        not_found("Mødet findes ikke, eller du har ikke adgang til det.")
    if write:
        require(can_write_meeting(scope, meeting), "Du har kun læseadgang til dette møde.")
    return meeting


def get_agenda_item(meeting: Meeting, item_pk: int) -> AgendaItem:
    """An item of a meeting the caller has already looked up (scoped), else 404."""
    from django.http import Http404

    item = meeting.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404("Punktet findes ikke.")
    item.meeting = meeting
    return item


def get_attachment(meeting: Meeting, attachment_pk: int) -> Attachment:
    """An attachment on one of the meeting's items (the meeting already looked up), else 404."""
    from django.http import Http404

    row = (
        Attachment.objects.select_related("item")
        .filter(pk=attachment_pk, item__meeting=meeting)
        .first()
    )
    if row is None:
        raise Http404("Bilaget findes ikke.")
    row.item.meeting = meeting
    return row


def get_meeting_type(kommune: Any, pk: int) -> MeetingType:
    """One of the kommune's meeting types, else 404."""
    from django.http import Http404

    meeting_type = MeetingType.objects.filter(kommune=kommune, pk=pk).first()
    if meeting_type is None:
        raise Http404("Mødetypen findes ikke i kommunen.")
    return meeting_type


def existing_meeting(
    *, kommune: Any, organisation: Any, styringsaar: int, meeting_type: MeetingType
) -> Meeting | None:
    """The meeting with this natural key (kommune, organisation, styringsår, meeting type)."""
    return (
        Meeting.objects.filter(
            kommune=kommune,
            organisation=organisation,
            styringsaar=styringsaar,
            meeting_type=meeting_type,
        )
        .order_by("pk")
        .first()
    )


def get_agreement_for_user(user: Any, pk: int, *, write: bool = False) -> Agreement:
    """``write=True`` requires at least progress rights; the service enforces which statuses."""
    scope = scope_for(user)
    agreement = visible_agreements(scope, Agreement.objects.with_related()).filter(pk=pk).first()
    if agreement is None:
        not_found("Aftalen findes ikke, eller du har ikke adgang til den.")
    if write:
        require(
            agreement_write_level(scope, agreement) is not None,
            "Du har kun læseadgang til denne aftale.",
        )
    return agreement


def get_case_for_user(user: Any, pk: int, *, write: bool = False) -> Case:
    scope = scope_for(user)
    case = visible_cases(scope, Case.objects.with_related()).filter(pk=pk).first()
    if case is None:
        not_found("Sagen findes ikke, eller du har ikke adgang til den.")
    if write:
        require(can_write_case(scope, case), "Du har kun læseadgang til denne sag.")
    return case


def followup_agreements(meeting: Meeting) -> AgreementQuerySet:
    """Agreements to follow up at ``meeting``: every agreement from last year's dialogue between
    the kommune and the organisation, plus older ones that are still unresolved."""
    last_year = models.Q(styringsaar=meeting.styringsaar - 1)
    older_open = models.Q(
        styringsaar__lt=meeting.styringsaar - 1, status__in=UNRESOLVED_AGREEMENT_STATUSES
    )
    return (
        Agreement.objects.filter(
            kommune_id=meeting.kommune_id, organisation_id=meeting.organisation_id
        )
        .filter(last_year | older_open)
        .select_related("meeting", "agenda_item")
        .order_by("styringsaar", "pk")
    )


def participant_user_choices(meeting: Meeting) -> list[tuple[int, str]]:
    """Users who may be picked as participants, labelled with where they work: the
    organisations' staff and the kommune's caseworkers (not those already on the list)."""
    from styringsdialog.accounts.models import Membership, Role

    taken = set(meeting.participants.exclude(user=None).values_list("user_id", flat=True))
    org_ids = {meeting.organisation_id, *meeting.other_organisations.values_list("pk", flat=True)}
    rows = (
        Membership.objects.filter(user__is_active=True)
        .filter(
            models.Q(role__in=[Role.ORGANISATION, Role.ADMINISTRATION], organisation_id__in=org_ids)
            | models.Q(role=Role.CASEWORKER, kommune_id=meeting.kommune_id)
        )
        .select_related("user", "organisation", "kommune")
        .order_by("role", "user__first_name", "user__username")
    )
    out: dict[int, str] = {}
    for m in rows:
        if m.user_id in taken or m.user_id in out:
            continue
        where = m.organisation.name if m.organisation else m.kommune.name if m.kommune else ""
        name = m.user.get_full_name() or m.user.username
        out[m.user_id] = f"{name} ({where})" if where else name
    return list(out.items())


# --- the kommune's configuration ("Indstillinger") --------------------------------------------


def get_configurable_kommune(user: Any, code: str) -> Any:
    """The kommune whose configuration ``user`` may change: 404 for outsiders, 403 for readers."""
    kommune = get_kommune_for_user(user, code)
    require(
        can_configure_kommune(scope_for(user), kommune.pk),
        "Du har ikke ret til at ændre kommunens indstillinger.",
    )
    return kommune


def get_configuration_object(kommune: Any, model: type[models.Model], pk: int) -> Any:
    """A year theme, meeting type or agenda template of the kommune (404 otherwise)."""
    obj = model._default_manager.filter(kommune=kommune, pk=pk).first()
    if obj is None:
        not_found("Indstillingen findes ikke.")
    return obj


def configuration_history(kommune: Any, limit: int = 50) -> list[Any]:
    return list(ConfigurationChange.objects.filter(kommune=kommune).select_related("by")[:limit])
