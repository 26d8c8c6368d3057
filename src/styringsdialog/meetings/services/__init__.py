"""All writes of the meetings app (keyword-only, validated, one transaction each).

This module is the stable import path: ``from styringsdialog.meetings import services``. The
functions live in smaller modules by concept; errors are Danish ``ValidationError`` (the input
or state is wrong) or ``PermissionDenied`` (the actor may not do this).

It is also the meetings app's public write API for sibling apps (ADR 0002; the import-linter
layers contract names each crossing): ``registers.services.cases`` opens cases with
``open_case_once(..., category=CASE_CATEGORY_OTHER)``.
"""

from __future__ import annotations

from styringsdialog.meetings.models import Case
from styringsdialog.meetings.services.agenda import (
    MinutesConflict,
    add_agenda_item,
    add_attachment,
    delete_agenda_item,
    move_agenda_item,
    remove_attachment,
    rename_agenda_item,
    settle_empty_items,
    write_minutes,
)
from styringsdialog.meetings.services.agreements import (
    add_agreement,
    carry_over_agreement,
    change_agreement_status,
    update_agreement,
)
from styringsdialog.meetings.services.briefing import create_agenda_from_briefing
from styringsdialog.meetings.services.cases import (
    add_case_entry,
    change_case_status,
    close_case,
    link_case_to_item,
    open_case,
    open_case_once,
)
from styringsdialog.meetings.services.invitation import send_invitation  # i10-invite
from styringsdialog.meetings.services.meetings import (
    add_participant,
    add_year_theme,
    create_meeting,
    create_meeting_from_template,
    default_plan_date,
    ensure_default_template,
    ensure_meeting_types,
    organisations_without_meeting,
    plan_meetings_for_kommune,
    remove_participant,
    update_meeting_details,
)
from styringsdialog.meetings.services.referat import (
    add_referat_comment,
    approve_referat,
    mark_meeting_held,
    mark_referat_published,
    reopen_referat_for_correction,
    reply_to_referat_comment,
    resolve_referat_comment,
    send_referat_to_organisation,
)

CASE_CATEGORY_OTHER = Case.Category.OTHER.value  # "andet": for cases opened by other apps

__all__ = [
    "CASE_CATEGORY_OTHER",
    "MinutesConflict",
    "add_agenda_item",
    "add_agreement",
    "add_attachment",
    "add_case_entry",
    "add_participant",
    "add_referat_comment",
    "add_year_theme",
    "approve_referat",
    "carry_over_agreement",
    "change_agreement_status",
    "change_case_status",
    "close_case",
    "create_agenda_from_briefing",
    "create_meeting",
    "create_meeting_from_template",
    "default_plan_date",
    "delete_agenda_item",
    "ensure_default_template",
    "organisations_without_meeting",
    "plan_meetings_for_kommune",
    "ensure_meeting_types",
    "link_case_to_item",
    "mark_meeting_held",
    "mark_referat_published",
    "move_agenda_item",
    "open_case",
    "open_case_once",
    "remove_attachment",
    "remove_participant",
    "rename_agenda_item",
    "reopen_referat_for_correction",
    "reply_to_referat_comment",
    "resolve_referat_comment",
    "send_invitation",
    "send_referat_to_organisation",
    "settle_empty_items",
    "update_agreement",
    "update_meeting_details",
    "write_minutes",
]
