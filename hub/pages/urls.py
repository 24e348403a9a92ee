from django.urls import path

from . import views

app_name = "pages"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "about/",
        views.PageDetailView.as_view(page_slug="about", template_name="pages/about.html", show_key_figures=True),
        name="about",
    ),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("contact/thanks/", views.ContactThanksView.as_view(), name="contact-thanks"),
    path("accessibility/", views.PageDetailView.as_view(page_slug="accessibility"), name="accessibility"),
    path("privacy/", views.PageDetailView.as_view(page_slug="privacy"), name="privacy"),
    path("legal/", views.PageDetailView.as_view(page_slug="legal"), name="legal"),
    path("robots.txt", views.robots_txt, name="robots"),
]
