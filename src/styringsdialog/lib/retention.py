"""The retention registry: each app registers what it deletes or anonymises after how long;
``styringsdialog retention [--dry-run]`` runs every rule (docs/reference/audit.md, "Sletning").

A rule is a name, a Danish description, the setting that holds its period in days and a
function ``apply(cutoff, dry_run) -> int`` that deletes or anonymises what is older than
``cutoff`` (or, with ``dry_run``, only counts it) and returns how many objects it concerned.
Apps register their rules in ``AppConfig.ready``::

    from styringsdialog.lib.retention import register_retention_rule

    register_retention_rule(
        name="anvisninger",
        description="anvisninger med husstandsreferencer anonymiseret",
        setting="RETENTION_ANVISNING_DAYS",
        apply=anonymise_old_referrals,
    )

The rules never touch published referat versions: they are the public record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class RetentionRule:
    name: str
    description: str
    setting: str
    apply: Callable[[datetime, bool], int]

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting))


@dataclass(frozen=True)
class RetentionResult:
    rule: RetentionRule
    cutoff: datetime
    count: int


_RULES: dict[str, RetentionRule] = {}


def register_retention_rule(
    *, name: str, description: str, setting: str, apply: Callable[[datetime, bool], int]
) -> RetentionRule:
    """Add (or replace, by name) one rule. ``setting`` names a Django setting in days."""
    rule = RetentionRule(name=name, description=description, setting=setting, apply=apply)
    _RULES[name] = rule
    return rule


def retention_rules() -> list[RetentionRule]:
    return sorted(_RULES.values(), key=lambda r: r.name)


def run_retention(*, dry_run: bool, now: datetime | None = None) -> list[RetentionResult]:
    """Run every rule, each in its own transaction; with ``dry_run`` nothing is changed."""
    now = now or timezone.now()
    results = []
    for rule in retention_rules():
        cutoff = now - timedelta(days=rule.days)
        with transaction.atomic():
            count = rule.apply(cutoff, dry_run)
        results.append(RetentionResult(rule=rule, cutoff=cutoff, count=count))
    return results
