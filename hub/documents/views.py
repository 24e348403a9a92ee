from django.views.generic import ListView

from .models import Document


class DocumentListView(ListView):
    queryset = Document.objects.published()
