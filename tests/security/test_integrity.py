"""Data integrity (SECURITY.md items 26, 29). One person saving twice from the same version is tested in
hub/workspace/tests/test_posts.py and test_events.py; here two different people do it, in the workspace and
across the workspace and the admin. Then the migrations: complete, and applicable to an empty database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from hub.core.tests.admin_helpers import admin_url, form_errors, management_form
from hub.core.tests.factories import make_membership, make_post, make_project, make_user
from hub.news.models import Post

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def post_and_people(db):
    project = make_project()
    author = make_membership(project=project, user=make_user(full_name="Ann Author")).user
    editor = make_membership(project=project, role="editor", user=make_user(full_name="Ed Editor")).user
    post = make_post(author=author, projects=[project], title="Original", body="<p>Original text.</p>")
    return post, author, editor


def edit(client, post, *, title, body, version=1):
    data = {"title": title, "lead": "x", "body": body, "kind": "news", "version": version}
    data["projects"] = [project.pk for project in post.projects.all()]
    return client.post(reverse("workspace:post-edit", args=[post.pk]), data)


@pytest.mark.django_db
def test_of_two_people_editing_a_post_the_second_save_is_refused_and_keeps_their_text(post_and_people, client):
    post, author, editor = post_and_people
    editors_browser = Client()
    editors_browser.force_login(editor)
    client.force_login(author)
    client.get(reverse("workspace:post-edit", args=[post.pk]))  # both open version 1

    first = edit(editors_browser, post, title="Editor's version", body="<p>Editor's text.</p>")
    second = edit(client, post, title="Author's version", body="<p>Author's careful text.</p>")

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "Someone else saved this post since you opened it" in page
    assert "Author&#x27;s careful text." in page or "Author's careful text." in page
    stored = Post.objects.get(pk=post.pk)
    assert (stored.title, stored.body, stored.version) == ("Editor's version", "<p>Editor's text.</p>", 2)


@pytest.mark.django_db
def test_a_partners_stale_save_does_not_overwrite_what_staff_changed_in_the_admin(post_and_people, staff_client):
    post, author, _editor = post_and_people
    data = {"title": "Staff's version", "kind": "news", "lead": "x", "slug": post.slug, "author": author.pk}
    data.update(projects=[p.pk for p in post.projects.all()], expected_version=post.version)
    saved = staff_client.post(admin_url(Post, "change", post.pk), {**data, **management_form("documents")})
    assert saved.status_code == 302, form_errors(saved)
    authors_browser = Client()
    authors_browser.force_login(author)

    response = edit(authors_browser, post, title="Author's version", body="<p>Author's text.</p>")

    assert response.status_code == 200, (response.status_code, Post.objects.filter(pk=post.pk).values().get())
    assert Post.objects.get(pk=post.pk).title == "Staff's version"


# Migrations


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits non-zero on a missing one


def test_every_migration_applies_to_an_empty_sqlite_database(tmp_path):
    """A fresh process, as on a new server: `migrate` from nothing, then `migrate --check` finds nothing left.
    (PostgreSQL: the test suite's own database is built the same way when DATABASE_URL points to one.)"""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }

    for command in (["migrate", "--no-input"], ["migrate", "--check"]):
        result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
            [sys.executable, "manage.py", *command], cwd=ROOT, env=environment, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr[-2000:]
