from django.db.models import F

from hub.core.sitemaps import RowSitemap

from .models import Organisation, User


class OrganisationSitemap(RowSitemap):
    url_name = "members:organisation-detail"

    def rows(self):
        return Organisation.objects.order_by("name", "id").annotate(lastmod=F("updated_at"))


class PersonSitemap(RowSitemap):
    """Opt-in profiles. A member's record keeps no "last changed" time, so these give no lastmod."""

    url_name = "members:person-detail"
    lastmod = None

    def rows(self):
        return User.objects.public_profiles().exclude(slug=None).exclude(slug="").order_by("slug")
