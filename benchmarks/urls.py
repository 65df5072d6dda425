"""The site, plus /floor/: a bare view returning a precomputed 55 KB page (Django's floor)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

FLOOR_BODY = (
    "<!doctype html><html lang=en><title>floor</title><body>"
    + "<p>ModelRef floor page: a fixed body of 55 KB.</p>\n" * 1100
)[:55_000].encode()


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(FLOOR_BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("floor/", floor), path("", include("modelref.urls"))]
