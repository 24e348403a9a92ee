from django import template

from hub.results.models import Deliverable, Publication

register = template.Library()


@register.simple_tag
def project_results(project) -> dict:
    """A project's public deliverables and publications, for its page (two queries)."""
    return {
        "deliverables": list(Deliverable.objects.public().for_project(project).order_by("due_date", "number")),
        "publications": list(Publication.objects.public().for_project(project).order_by("-year", "title")),
    }
