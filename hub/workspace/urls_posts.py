"""/workspace/posts/...: partners write, preview and submit posts and attach documents to them."""

from django.urls import path

from .views import posts

urlpatterns = [
    path("", posts.PostListView.as_view(), name="post-list"),
    path("new/", posts.PostCreateView.as_view(), name="post-create"),
    path("<int:pk>/edit/", posts.PostUpdateView.as_view(), name="post-edit"),
    path("<int:pk>/preview/", posts.PostPreviewView.as_view(), name="post-preview"),
    path("<int:pk>/submit/", posts.PostSubmitView.as_view(), name="post-submit"),
    path("<int:pk>/withdraw/", posts.PostWithdrawView.as_view(), name="post-withdraw"),
    path("<int:pk>/history/", posts.PostRevisionsView.as_view(), name="post-revisions"),
    path("<int:pk>/documents/add/", posts.PostDocumentAddView.as_view(), name="post-document-add"),
    path(
        "<int:pk>/documents/<int:document_pk>/remove/",
        posts.PostDocumentRemoveView.as_view(),
        name="post-document-remove",
    ),
]
