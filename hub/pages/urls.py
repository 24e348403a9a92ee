from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "pages"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/", TemplateView.as_view(template_name="pages/page.html"), name="about"),
    path("contact/", TemplateView.as_view(template_name="pages/page.html"), name="contact"),
    path("accessibility/", TemplateView.as_view(template_name="pages/page.html"), name="accessibility"),
    path("privacy/", TemplateView.as_view(template_name="pages/page.html"), name="privacy"),
    path("legal/", TemplateView.as_view(template_name="pages/page.html"), name="legal"),
]
