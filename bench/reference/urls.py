"""One view: a list page of cards rendered from a template, about as large as a portal list page."""

from django.conf import settings
from django.shortcuts import render
from django.urls import path

CARD_TEXT = (
    "The consortium tested a direct lithium extraction route that recovers most of the lithium from "
    "geothermal brines, and shared first results with the partners of the cluster."
)
# One card renders to roughly this many bytes; the page has as many cards as make up the requested size.
CARD_BYTES = 420
CARDS = [
    {"title": f"Reference item {n}", "slug": f"reference-item-{n}", "lead": CARD_TEXT}
    for n in range(max(1, settings.REFERENCE_PAGE_BYTES // CARD_BYTES))
]


def page(request):
    return render(request, "page.html", {"cards": CARDS})


urlpatterns = [path("", page)]
