"""The audit trail: steps on the article page and in a filterable log; role changes recorded."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from articles import workflow
from articles.models import ArticleEvent
from tests.factories import UserFactory, ready_article
from tests.formdata import form_data

pytestmark = pytest.mark.django_db

LOG = reverse("admin:articles_articleevent_changelist")


def user_change(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def test_an_admin_changing_roles_and_flags_is_on_record(admin_user_client):
    reporter = UserFactory(username="new-reporter", role="Writer")
    ArticleEvent.objects.all().delete()
    data = form_data(admin_user_client.get(user_change(reporter)), form_id="user_form")
    editor_group = Group.objects.get(name="Editor")
    data.update({"groups": [str(editor_group.pk)], "is_superuser": "on"})
    response = admin_user_client.post(user_change(reporter), data)
    assert response.status_code == 302

    events = {e.kind: e for e in ArticleEvent.objects.filter(target_user=reporter)}
    roles = [
        e for e in ArticleEvent.objects.filter(kind="user.groups_changed", target_user=reporter)
    ]
    assert {tuple(e.data.get("added", [])) for e in roles} >= {("Editor",)}
    assert {tuple(e.data.get("removed", [])) for e in roles} >= {("Writer",)}
    assert all(e.actor == admin_user_client.user for e in roles)
    assert events["user.flags_changed"].data == {
        "username": "new-reporter",
        "set": ["is_superuser"],
    }
    assert events["user.flags_changed"].actor == admin_user_client.user


def test_role_changes_from_the_group_side_and_the_shell_are_recorded_too(db):
    reporter = UserFactory(username="stringer")
    editors = Group.objects.get(name="Editor")
    editors.user_set.add(reporter)
    event = ArticleEvent.objects.filter(kind="user.groups_changed", target_user=reporter).latest(
        "pk"
    )
    assert event.data == {"username": "stringer", "added": ["Editor"]} and event.actor is None
    reporter.groups.clear()
    cleared = ArticleEvent.objects.filter(kind="user.groups_changed", target_user=reporter).latest(
        "pk"
    )
    assert cleared.data["removed"] == ["Editor"]


def test_changing_what_a_role_may_do_is_recorded(admin_user_client):
    writers = Group.objects.get(name="Writer")
    url = reverse("admin:auth_group_change", args=[writers.pk])
    data = form_data(admin_user_client.get(url), form_id="group_form")
    publish = Permission.objects.get(codename="publish_article")
    current = (
        data["permissions"] if isinstance(data["permissions"], list) else [data["permissions"]]
    )
    admin_user_client.post(url, {**data, "permissions": [*current, str(publish.pk)]})
    event = ArticleEvent.objects.get(kind="group.permissions_changed")
    assert (
        event.data["added"] == ["articles.publish_article"]
        and event.actor == admin_user_client.user
    )


def test_logging_in_is_not_a_role_change(db):
    UserFactory(username="plain", role="Writer")
    before = ArticleEvent.objects.count()
    response = Client().post(reverse("admin:login"), {"username": "plain", "password": "a-long-test-password"})
    assert response.status_code == 302  # logged in (through axes and the two-factor login view)
    assert ArticleEvent.objects.count() == before


def test_each_step_shows_on_the_article_page_with_who_when_and_note(editor_client, writer_client):
    article = ready_article(created_by=writer_client.user)
    workflow.transition(article, "submit", user=writer_client.user, note="Ready when you are.")
    workflow.transition(article, "return", user=editor_client.user, note="Needs a second source.")
    page = writer_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    rows = [
        (e.label, e.actor, e.get_from_status_display(), e.get_to_status_display(), e.note)
        for e in page.context["events"]
    ]
    assert rows[:2] == [
        (
            "Returned to the writer",
            editor_client.user,
            "In review",
            "Draft",
            "Needs a second source.",
        ),
        ("Submitted for review", writer_client.user, "Draft", "In review", "Ready when you are."),
    ]
    assert "Returned by" in page.text and "Needs a second source." in page.text


def test_admins_filter_the_site_wide_log(admin_user_client, editor_client):
    article = ready_article(headline="Filter me")
    workflow.transition(article, "publish", user=editor_client.user)
    UserFactory(username="temp", role="Writer")
    everything = admin_user_client.get(LOG)
    assert everything.status_code == 200
    kinds = {e.kind for e in everything.context["cl"].result_list}
    assert {"article.publish", "user.groups_changed"} <= kinds

    accounts = admin_user_client.get(LOG, {"area": "account"}).context["cl"].result_list
    assert accounts and all(not e.kind.startswith("article.") for e in accounts)
    by_kind = admin_user_client.get(LOG, {"kind": "article.publish"}).context["cl"].result_list
    assert [e.article for e in by_kind] == [article]
    by_actor = (
        admin_user_client.get(LOG, {"actor__id__exact": editor_client.user.pk})
        .context["cl"]
        .result_list
    )
    assert {e.kind for e in by_actor} == {"article.publish"}
    found = admin_user_client.get(LOG, {"q": "Filter me"}).context["cl"].result_list
    assert [e.kind for e in found] == ["article.publish"]


def test_editors_read_the_editorial_log_but_not_account_events(editor_client):
    UserFactory(username="temp2", role="Writer")
    workflow.transition(ready_article(), "publish", user=editor_client.user)
    listed = editor_client.get(LOG).context["cl"].result_list
    assert listed and all(e.kind.startswith("article.") for e in listed)


def test_writers_may_not_open_the_log_or_manage_users(writer_client, editor_client):
    assert writer_client.get(LOG).status_code == 403
    assert writer_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    target = UserFactory(username="target", role="Writer")
    response = editor_client.post(user_change(target), {"username": "target", "is_superuser": "on"})
    assert response.status_code == 403
    target.refresh_from_db()
    assert not target.is_superuser


def test_the_log_cannot_be_edited_or_deleted(admin_user_client):
    event = ArticleEvent.objects.create(kind="article.publish")
    change = reverse("admin:articles_articleevent_change", args=[event.pk])
    assert admin_user_client.post(change, {"note": "rewritten"}).status_code == 403
    delete = reverse("admin:articles_articleevent_delete", args=[event.pk])
    assert admin_user_client.post(delete, {"post": "yes"}).status_code == 403
    assert ArticleEvent.objects.filter(pk=event.pk).exists()
