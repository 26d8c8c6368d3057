"""The invitation (indkaldelse) and the meeting's downloads: agenda PDF, calendar (.ics) and the
caseworker's meeting folder PDF; and picking a user as participant."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from styringsdialog.accounts.models import User
from styringsdialog.meetings import services
from styringsdialog.meetings.calendar import meeting_ics
from styringsdialog.meetings.forms import ConfirmForm, ParticipantUserForm
from styringsdialog.meetings.printing import pdf_filename, render_agenda_pdf, render_folder_pdf
from styringsdialog.meetings.queries import get_meeting_for_user, participant_user_choices
from styringsdialog.meetings.views_common import attempt, errors_to_messages, to_meeting


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def invitation_send(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: confirmation page; POST: send the invitation (again: an updated invitation)."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    label = "Send opdateret indkaldelse" if meeting.is_invited else "Send indkaldelse"
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.send_invitation(meeting=meeting, by=request.user),
            "Indkaldelsen er sendt. Organisationen kan nu se dagsorden og bilag.",
        )
        if done is not None:
            return to_meeting(meeting.pk)
    context = {
        "meeting": meeting,
        "action": "indkald",
        "label": label,
        "explanation": (
            "Organisationens medarbejdere og de deltagere, der er brugere, får en e-mail med "
            "link til mødet. Derefter kan organisationen se mødet, dagsordenen og bilagene "
            "(ikke referatet, før det sendes) og hente dagsordenen som PDF og en "
            "kalenderinvitation."
        ),
        "allowed": meeting.is_editable and not meeting.is_held,
        "form": form,
        "needs_reason": False,
    }
    return render(request, "meetings/meeting_action.html", context)


@login_required
@require_GET
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    return _download(
        render_agenda_pdf(meeting), "application/pdf", pdf_filename(meeting, "dagsorden")
    )


@login_required
@require_GET
def calendar_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    return _download(
        meeting_ics(meeting),
        "text/calendar; charset=utf-8",
        f"dialogmoede-{meeting.organisation.number}-{meeting.date:%Y-%m-%d}.ics",
    )


@login_required
@require_GET
def folder_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The caseworker's meeting folder (internal preparation included): kommune only."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    return _download(
        render_folder_pdf(meeting), "application/pdf", pdf_filename(meeting, "moedemappe")
    )


@login_required
@require_POST
def participant_add_user(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = ParticipantUserForm(request.POST, users=participant_user_choices(meeting))
    if form.is_valid():
        user = User.objects.filter(pk=form.cleaned_data["user"]).first()
        if user is None:
            raise Http404("Brugeren findes ikke.")
        attempt(
            request,
            lambda: services.add_participant(
                meeting=meeting,
                name="",
                side="",
                title=form.cleaned_data["title"],
                user=user,
            ),
            "Deltageren er tilføjet.",
        )
    else:
        errors_to_messages(request, form)
    return to_meeting(meeting.pk, "deltagere")
