"""Real concurrency on PostgreSQL: row locks make a stale save or a double publish impossible."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles import workflow
from articles.models import Article, ArticleEvent
from tests.factories import UserFactory, ready_article
from tests.formdata import form_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("roles_after_flush"),
]


def run_together(*jobs):
    """Run ``jobs`` in threads released at the same moment; return their results."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:  # noqa: BLE001 - the test inspects what happened
            results[i] = exc
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def client_for(username):
    user = UserFactory(username=username, role="Editor")
    client = Client()
    client.force_login(user)
    return client


def test_two_simultaneous_saves_of_the_same_version_never_both_win():
    article = ready_article(headline="Harbour bridge closes for repairs")
    url = reverse("admin:articles_article_change", args=[article.pk])
    first, second = client_for("ed-one"), client_for("ed-two")
    one, two = form_data(first.get(url)), form_data(second.get(url))

    responses = run_together(
        lambda: first.post(url, {**one, "dek": "Ferries add sailings."}),
        lambda: second.post(url, {**two, "dek": "Buses take the long way round."}),
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    errors = refused.context["adminform"].form.non_field_errors().as_data()
    assert [e.code for e in errors] == ["conflict"]
    winner = next(r for r in responses if r.status_code == 302)
    article.refresh_from_db()
    assert article.dek == (
        "Ferries add sailings." if winner is responses[0] else "Buses take the long way round."
    )
    assert article.revisions.filter(kind="saved").count() == 1


def test_two_editors_publishing_at_once_publish_once():
    article = ready_article()
    editors = [UserFactory(username=f"pub-{i}", role="Editor") for i in range(2)]
    results = run_together(
        *[
            lambda user=user: workflow.transition(
                Article.objects.get(pk=article.pk), "publish", user=user
            )
            for user in editors
        ]
    )
    assert sum(isinstance(r, Article) for r in results) == 1
    assert sum(isinstance(r, workflow.TransitionNotAllowed) for r in results) == 1
    assert ArticleEvent.objects.filter(article=article, kind="article.publish").count() == 1
