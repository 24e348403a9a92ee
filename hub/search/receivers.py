"""Keep the search index current: every save, delete or relation change of indexed content reindexes it.

Connected in SearchConfig.ready(). Raw saves (loaddata) are skipped; ``search_rebuild`` covers them.
"""

from functools import wraps

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from hub.documents.models import Document
from hub.events.models import Event, Session, SessionRole
from hub.members.models import Membership, Organisation, User
from hub.news.models import Post
from hub.projects.models import Participation, Project

from .services import search_index_object, search_remove_object

INDEXED = (Post, Event, Project, Organisation, Document, User)
# Fields whose change alone leaves a person's entry as it was (every login saves last_login).
IRRELEVANT_USER_FIELDS = {"last_login", "password"}


def live(receiver):
    """Run ``receiver`` only while live indexing is on (the test suite turns it off outside the
    search tests, since reindexing on every factory save tripled its run time)."""

    @wraps(receiver)
    def wrapper(*args, **kwargs):
        if settings.HUB_SEARCH_LIVE_INDEX:
            receiver(*args, **kwargs)

    return wrapper


@live
def reindex(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if sender is User and update_fields and set(update_fields) <= IRRELEVANT_USER_FIELDS:
        return
    search_index_object(instance)
    for dependant in _dependants(instance):
        search_index_object(dependant)


def _dependants(instance) -> list:
    """Entries that show part of ``instance``: a post's or event's documents, an organisation's people,
    the events where a person speaks."""
    if isinstance(instance, Post | Event):
        return list(instance.documents.all())
    if isinstance(instance, Organisation):
        return list(instance.people.filter(public_profile=True))
    if isinstance(instance, User):
        return list(Event.objects.filter(sessions__roles__person=instance).distinct())
    return []


@live
def remove(sender, instance, **kwargs):
    search_remove_object(instance)


@live
def reindex_relation(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        search_index_object(instance)
    elif pk_set:
        for obj in model._default_manager.filter(pk__in=pk_set):
            search_index_object(obj)


@live
def reindex_event_of_agenda(sender, instance, raw=False, **kwargs):
    """Sessions and their people are part of the event's entry. Looked up by id: on a cascading delete
    the session (or the event) may already be gone."""
    if raw:
        return
    if isinstance(instance, Session):
        event = Event.objects.filter(pk=instance.event_id).first()
    else:
        event = Event.objects.filter(sessions=instance.session_id).first()
    if event is not None:
        search_index_object(event)


@live
def reindex_organisation(sender, instance, raw=False, **kwargs):
    if not raw and (organisation := Organisation.objects.filter(pk=instance.organisation_id).first()):
        search_index_object(organisation)


@live
def reindex_member(sender, instance, raw=False, **kwargs):
    if not raw and (user := User.objects.filter(pk=instance.user_id).first()):
        search_index_object(user)


def connect() -> None:
    for model in INDEXED:
        uid = f"search_{model._meta.label_lower}"
        post_save.connect(reindex, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(remove, sender=model, dispatch_uid=f"{uid}_delete")
    for model in (Post, Event, Document):
        for name in ("projects", "topics"):
            through = getattr(model, name).through
            m2m_changed.connect(reindex_relation, sender=through, dispatch_uid=f"search_{through._meta.label_lower}")
    m2m_changed.connect(reindex_relation, sender=Project.topics.through, dispatch_uid="search_project_topics")
    for model, receiver in (
        (Session, reindex_event_of_agenda),
        (SessionRole, reindex_event_of_agenda),
        (Participation, reindex_organisation),
        (Membership, reindex_member),
    ):
        uid = f"search_{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}_delete")
