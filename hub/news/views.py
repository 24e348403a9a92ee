from django.views.generic import DetailView, ListView

from .models import Post


class PostListView(ListView):
    queryset = Post.objects.published()


class TopicPostListView(PostListView):
    pass


class PostDetailView(DetailView):
    queryset = Post.objects.published()
