"""Public pages every installation must have: the accessibility statement
(tilgængelighedserklæring, webtilgængelighedsloven § 4), the privacy policy
(privatlivspolitik, GDPR art. 13–14) and the user guides (Vejledninger). No login, no audit
entry (``AUDIT_PUBLIC_PREFIXES``)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from styringsdialog.lib.retention import retention_rules
from styringsdialog.web.guides import all_guides, get_guide


def _legal_context() -> dict[str, object]:
    return {
        "organisation": settings.LEGAL_ORGANISATION,
        "contact_email": settings.LEGAL_CONTACT_EMAIL,
        "contact_phone": settings.LEGAL_CONTACT_PHONE,
        "dpo_email": settings.LEGAL_DPO_EMAIL,
        "address": settings.LEGAL_ADDRESS,
        "site_url": settings.PUBLIC_BASE_URL,
    }


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    context = _legal_context()
    context["published"] = date.fromisoformat(settings.ACCESSIBILITY_STATEMENT_PUBLISHED)
    context["reviewed"] = date.fromisoformat(settings.ACCESSIBILITY_REVIEWED)
    return render(request, "web/legal/accessibility.html", context)


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    context = _legal_context()
    context["retention"] = [(rule.description, rule.days) for rule in retention_rules()]
    context["audit_days"] = settings.AUDIT_RETENTION_DAYS
    return render(request, "web/legal/privacy.html", context)


@require_GET
def guides(request: HttpRequest) -> HttpResponse:
    return render(request, "web/legal/guides.html", {"guides": all_guides()})


@require_GET
def guide(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_guide(slug)
    if found is None:
        raise Http404("Vejledningen findes ikke.")
    return render(request, "web/legal/guide.html", {"guide": found})
