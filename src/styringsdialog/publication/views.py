from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def portal(request: HttpRequest) -> HttpResponse:
    return render(request, "publication/portal.html", {})
