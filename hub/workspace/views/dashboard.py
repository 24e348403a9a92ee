from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from hub.members.permissions import member_projects


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "workspace/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(projects=member_projects(self.request.user), **kwargs)
