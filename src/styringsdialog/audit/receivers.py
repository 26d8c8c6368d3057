"""Who created, changed or deleted which object: ``pre_save``/``post_save``/``post_delete``
receivers on the models named in ``AUDIT_MODELS`` (``"app_label.Model"``).

Only writes with a known actor are recorded (a request by a logged-in user, or a CLI verb's
``--as`` user): migrations, the demo data and tests building their world write nothing here. A
change records the names of the fields whose value differs from the stored row (one SELECT of
the old row before the save).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models.signals import post_delete, post_save, pre_save

from styringsdialog.audit import context
from styringsdialog.audit.models import Kind
from styringsdialog.audit.services import record

# Bookkeeping fields that change on every save and say nothing about the change.
IGNORED_FIELDS = frozenset({"updated_at", "minutes_version", "version", "at"})


def _label(instance: Any) -> str:
    try:
        return str(instance)[:300]
    except Exception:  # a half-deleted object whose __str__ follows a missing relation
        return f"{instance._meta.verbose_name} {instance.pk}"


def _fk(instance: Any, name: str, target: str) -> Any:
    """The id in ``instance.<name>`` if that field is a foreign key to ``target`` (a construction
    milestone's ``case`` is a construction case, not a meetings case)."""
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    related = getattr(field, "related_model", None)
    if related is None or related._meta.label_lower != target:
        return None
    return getattr(instance, field.attname, None)


def _refs(instance: Any) -> dict[str, Any]:
    label = instance._meta.label_lower
    refs: dict[str, Any] = {}
    if label == "meetings.meeting":
        refs["meeting_id"] = instance.pk
    elif (meeting_id := _fk(instance, "meeting", "meetings.meeting")) is not None:
        refs["meeting_id"] = meeting_id
    if label == "meetings.case":
        refs["case_id"] = instance.pk
    elif (case_id := _fk(instance, "case", "meetings.case")) is not None:
        refs["case_id"] = case_id
    if label == "records.recordinfo":  # journal facts: the record they belong to, by kind
        if instance.kind == "meeting":
            refs["meeting_id"] = instance.object_id
        elif instance.kind == "case":
            refs["case_id"] = instance.object_id
    return refs


def _concrete(instance: Any) -> list[str]:
    return [f.attname for f in instance._meta.concrete_fields if not f.primary_key]


def before_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    instance._audit_changed = None
    if raw or instance._state.adding or instance.pk is None:
        return
    user, _ = context.current()
    if user is None:
        return
    names = _concrete(instance)
    update_fields = kwargs.get("update_fields")
    if update_fields:
        names = [n for n in names if n in update_fields or n.removesuffix("_id") in update_fields]
    old = sender._base_manager.filter(pk=instance.pk).values(*names).first()
    if old is None:
        return
    instance._audit_changed = [
        n.removesuffix("_id") if n.endswith("_id") else n
        for n in names
        if n not in IGNORED_FIELDS and old[n] != getattr(instance, n)
    ]


def after_save(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    user, request = context.current()
    if user is None:
        return
    changed = getattr(instance, "_audit_changed", None)
    if not created and changed == []:
        return  # saved without a change worth recording
    record(
        kind=Kind.CREATE if created else Kind.CHANGE,
        user=user,
        request=request,
        object_type=sender._meta.label_lower,
        object_id=instance.pk,
        object_label=_label(instance),
        fields=() if created else (changed or ()),
        **_refs(instance),
    )


def after_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    user, request = context.current()
    if user is None:
        return
    record(
        kind=Kind.DELETE,
        user=user,
        request=request,
        object_type=sender._meta.label_lower,
        object_id=instance.pk,
        object_label=_label(instance),
        **_refs(instance),
    )


def connect_models() -> None:
    for label in settings.AUDIT_MODELS:
        model = apps.get_model(label)
        uid = f"audit:{model._meta.label_lower}"
        pre_save.connect(before_save, sender=model, dispatch_uid=uid + ":pre")
        post_save.connect(after_save, sender=model, dispatch_uid=uid + ":post")
        post_delete.connect(after_delete, sender=model, dispatch_uid=uid + ":del")
