"""schema.org descriptions (JSON-LD) of the public pages' main object, as plain dicts.

Each builder takes the object and ``absolute``, a function that turns a site path into an
absolute URL (the request's ``build_absolute_uri``). The builders read only what the page's
view has already loaded, so they add no query.
"""

from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

Absolute = Callable[[str], str]

SCHEMA = "https://schema.org"
EUROPEAN_COMMISSION = {"@type": "Organization", "name": "European Commission"}
ATTENDANCE_MODES = {
    "in_person": f"{SCHEMA}/OfflineEventAttendanceMode",
    "online": f"{SCHEMA}/OnlineEventAttendanceMode",
    "hybrid": f"{SCHEMA}/MixedEventAttendanceMode",
}


def compact(data: dict) -> dict:
    """``data`` without the keys that have no value, so that no property is stated empty."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def hub_organisation(absolute: Absolute) -> dict:
    return {"@type": "Organization", "name": settings.HUB_NAME, "url": absolute("/")}


def plain_text(html: str, *, length: int = 300) -> str:
    return Truncator(strip_tags(html or "").strip()).chars(length)


def news_article_data(post, absolute: Absolute) -> dict:
    url = absolute(post.get_absolute_url())
    author = post.author
    if author is not None and author.full_name:
        public = author.public_profile and author.is_active and author.slug
        author_data = compact(
            {"@type": "Person", "name": author.full_name, "url": absolute(author.get_absolute_url()) if public else ""}
        )
    else:  # a former member, or one without a name: the hub speaks for the post
        author_data = hub_organisation(absolute)
    return compact(
        {
            "@context": SCHEMA,
            "@type": "NewsArticle",
            "headline": post.title,
            "description": post.lead or plain_text(post.body),
            "datePublished": timezone.localtime(post.published_at).isoformat(),
            "dateModified": timezone.localtime(max(post.updated_at, post.published_at)).isoformat(),
            "author": author_data,
            "image": [absolute(post.featured_image.url)] if post.featured_image else [],
            "publisher": hub_organisation(absolute),
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "url": url,
            "keywords": [topic.name for topic in post.topics.all()],
        }
    )


def event_location(event, absolute: Absolute) -> list[dict]:
    """Where to attend: the venue, the event's own page for the online part (never the members-only link)."""
    places = []
    if event.format != event.Format.ONLINE and (
        event.venue_name or event.venue_address or event.city or event.country
    ):
        address = compact(
            {
                "@type": "PostalAddress",
                "streetAddress": event.venue_address,
                "addressLocality": event.city,
                "addressCountry": event.country.code if event.country else "",
            }
        )
        geo = None
        if event.latitude is not None and event.longitude is not None:
            geo = {"@type": "GeoCoordinates", "latitude": float(event.latitude), "longitude": float(event.longitude)}
        places.append(
            compact({"@type": "Place", "name": event.venue_name or event.city, "address": address, "geo": geo})
        )
    if event.format != event.Format.IN_PERSON:
        places.append({"@type": "VirtualLocation", "url": absolute(event.get_absolute_url())})
    return places


def event_data(event, absolute: Absolute) -> dict:
    url = absolute(event.get_absolute_url())
    organisers = [
        compact({"@type": "Organization", "name": project.acronym, "url": absolute(project.get_absolute_url())})
        for project in event.projects.all()
    ]
    location = event_location(event, absolute)
    return compact(
        {
            "@context": SCHEMA,
            "@type": "Event",
            "name": event.title,
            "description": event.summary or plain_text(event.description),
            "startDate": event.local_starts_at.isoformat(),
            "endDate": event.local_ends_at.isoformat(),
            "eventAttendanceMode": ATTENDANCE_MODES.get(event.format),
            "eventStatus": f"{SCHEMA}/EventScheduled",
            "location": location[0] if len(location) == 1 else location,
            "organizer": organisers or [hub_organisation(absolute)],
            "url": url,
            "keywords": [topic.name for topic in event.topics.all()],
        }
    )


def organisation_reference(organisation, absolute: Absolute) -> dict:
    return compact(
        {
            "@type": "Organization",
            "name": organisation.name,
            "alternateName": organisation.short_name,
            "url": absolute(organisation.get_absolute_url()),
        }
    )


def research_project_data(project, absolute: Absolute) -> dict:
    url = absolute(project.get_absolute_url())
    grant = compact(
        {
            "@type": "Grant",
            "identifier": project.grant_agreement_number,
            "name": project.get_programme_display(),
            "url": project.cordis_url,
            "funder": EUROPEAN_COMMISSION,
        }
    )
    return compact(
        {
            "@context": SCHEMA,
            "@type": "ResearchProject",
            "@id": url,
            "name": project.full_title or project.acronym,
            "alternateName": project.acronym,
            "description": project.summary or plain_text(project.description),
            "url": url,
            "sameAs": [link for link in (project.website, project.cordis_url) if link],
            "logo": absolute(project.logo.url) if project.logo else "",
            "startDate": project.start_date.isoformat() if project.start_date else "",
            "endDate": project.end_date.isoformat() if project.end_date else "",
            "funding": grant,
            "funder": EUROPEAN_COMMISSION,
            "sponsor": EUROPEAN_COMMISSION,
            "member": [
                organisation_reference(participation.organisation, absolute)
                for participation in project.participations.all()
            ],
            "memberOf": hub_organisation(absolute),
            "keywords": [topic.name for topic in project.topics.all()],
        }
    )


def organisation_data(organisation, absolute: Absolute) -> dict:
    url = absolute(organisation.get_absolute_url())
    address = compact(
        {
            "@type": "PostalAddress",
            "addressLocality": organisation.city,
            "addressCountry": organisation.country.code if organisation.country else "",
        }
    )
    return compact(
        {
            "@context": SCHEMA,
            "@type": "Organization",
            "@id": url,
            "name": organisation.name,
            "alternateName": organisation.short_name,
            "description": plain_text(organisation.description),
            "url": url,
            "sameAs": [organisation.website] if organisation.website else [],
            "logo": absolute(organisation.logo.url) if organisation.logo else "",
            "address": address if len(address) > 1 else {},
            "memberOf": [
                {
                    "@type": "ResearchProject",
                    "name": participation.project.acronym,
                    "url": absolute(participation.project.get_absolute_url()),
                }
                for participation in organisation.participations.all()
            ],
        }
    )


BUILDERS = {
    "news.Post": news_article_data,
    "events.Event": event_data,
    "projects.Project": research_project_data,
    "members.Organisation": organisation_data,
}


def for_object(obj, absolute: Absolute) -> dict:
    """The description of ``obj`` (a post, event, project or organisation); empty for anything else."""
    builder = BUILDERS.get(obj._meta.label) if hasattr(obj, "_meta") else None
    return builder(obj, absolute) if builder else {}
