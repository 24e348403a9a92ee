from django.contrib.sitemaps import Sitemap

from .models import Organisation, User


class OrganisationSitemap(Sitemap):
    def items(self):
        return Organisation.objects.order_by("name").only("slug", "updated_at")

    def lastmod(self, organisation):
        return organisation.updated_at


class PersonSitemap(Sitemap):
    """Opt-in profiles. A member's record keeps no "last changed" time, so these give no lastmod."""

    def items(self):
        return User.objects.public_profiles().exclude(slug=None).exclude(slug="").order_by("slug").only("slug")
