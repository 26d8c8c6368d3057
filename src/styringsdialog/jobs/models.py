"""The ``Job`` record: what a person sees of a piece of work that runs in the worker.

The task library (django-tasks, database backend) keeps its own row per task for the worker;
``Job`` is ours: who started it, a Danish title, progress, a link to the result and a Danish
error message. ``task_id`` ties the two together.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from styringsdialog.jobs.querysets import JobQuerySet


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "I kø"
        RUNNING = "running", "I gang"
        DONE = "done", "Færdig"
        FAILED = "failed", "Fejlet"

    kind = models.CharField("type", max_length=40)
    title = models.CharField("beskrivelse", max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
        verbose_name="startet af",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField("trin", max_length=200, blank=True)
    progress_done = models.PositiveIntegerField(default=0, verbose_name="udført")
    progress_total = models.PositiveIntegerField(default=0, verbose_name="i alt")
    result_url = models.CharField("link til resultatet", max_length=500, blank=True)
    result_label = models.CharField(
        max_length=200, blank=True, verbose_name="resultatets betegnelse"
    )
    error = models.TextField("fejlbesked", blank=True)
    task_id = models.CharField(max_length=64, blank=True, verbose_name="opgavens id")
    # What started it, so "Start igen" can queue the same work again (the task library's own
    # row may be pruned): the task's dotted path and its arguments (without ``job_id``).
    task_path = models.CharField(max_length=200, blank=True, verbose_name="opgave")
    arguments = models.JSONField(default=dict, blank=True, verbose_name="argumenter")
    # Written by the running worker every few seconds (``services.run_job``); a running job
    # whose heartbeat is older than ``JOBS_STALE_AFTER`` lost its worker (``recover_stale_jobs``).
    heartbeat_at = models.DateTimeField("sidste livstegn", null=True, blank=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    started_at = models.DateTimeField("startet", null=True, blank=True)
    finished_at = models.DateTimeField("afsluttet", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "baggrundsjob"
        verbose_name_plural = "baggrundsjob"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["started_by", "-created_at"], name="job_user_recent")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def step_number(self) -> int:
        """The step under way, counted from 1 (``progress_done`` counts the steps finished)."""
        return min(self.progress_done + 1, self.progress_total)

    @property
    def percent(self) -> int | None:
        """Progress in whole per cent, or None while the total is not known."""
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))
