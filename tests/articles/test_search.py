"""Search: one function for readers and the desk, full text on PostgreSQL, never a 500."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from articles.models import Article, Status
from articles.search import clean_query, parse_terms, search_articles, text_snippet
from articles.search_form import SearchForm
from tests.factories import ArticleFactory, AuthorFactory, BylineFactory, TopicFactory

pytestmark = pytest.mark.django_db


def headlines(queryset):
    return [a.headline for a in queryset]


def test_clean_query_removes_control_characters_and_bounds_length():
    assert clean_query("dock\x00 strike\t\n") == "dock strike"
    assert clean_query("a" * 10_000) == "a" * 200
    assert clean_query(None) == ""
    assert clean_query("\ue000marker\ue001") == "marker"  # the snippet marks cannot be injected


def test_parse_terms_understands_phrases_exclusions_and_unbalanced_quotes():
    assert parse_terms('"dock strike" -busan port') == (["dock strike", "port"], ["busan"])
    assert parse_terms('"unclosed phrase') == (["unclosed phrase"], [])
    assert parse_terms('- or ""') == ([], [])
    assert parse_terms('port -"dock strike" -busan') == (["port"], ["dock strike", "busan"])


def test_search_finds_only_published_stories_in_headline_dek_and_body():
    live = ArticleFactory(
        live=True,
        headline="Ferry fleet goes electric",
        dek="Four boats ordered.",
        body="<p>The harbour crossing will be quiet.</p>",
    )
    ArticleFactory(headline="Ferry draft", body="<p>Ferry ferry ferry.</p>")
    ArticleFactory(
        status=Status.PUBLISHED,
        published_at=timezone.now() + timedelta(hours=1),
        headline="Ferry later",
    )

    assert headlines(search_articles("ferry")) == [live.headline]
    assert headlines(search_articles("boats")) == [live.headline]
    assert headlines(search_articles("crossing")) == [live.headline]
    assert list(search_articles("")) == []
    assert list(search_articles("   ")) == []


def test_search_excludes_words_after_a_minus():
    ArticleFactory(live=True, headline="Port strike in Busan")
    kept = ArticleFactory(live=True, headline="Port strike in Incheon")
    assert headlines(search_articles("port strike -busan")) == [kept.headline]


def test_search_on_a_given_queryset_includes_drafts_for_the_desk():
    draft = ArticleFactory(headline="Budget leak investigation")
    assert list(search_articles("budget", queryset=Article.objects.all())) == [draft]
    assert list(search_articles("budget")) == []


def test_search_page_shows_ranked_results_with_highlighted_snippets(client):
    ArticleFactory(
        live=True,
        headline="Council approves solar roof",
        body="<p>The solar panels go up in May.</p>",
    )
    response = client.get("/search/", {"q": "solar"})
    assert response.status_code == 200
    assert "Council approves solar roof" in response.text
    assert "<mark>solar</mark>" in response.text.lower()
    assert '<meta name="robots" content="noindex, follow">' in response.text


def test_search_page_without_results_and_without_query(client):
    assert "No stories match" in client.get("/search/", {"q": "zeppelin"}).text
    empty = client.get("/search/")
    assert empty.status_code == 200 and "Results for" not in empty.text


def test_search_filters_by_topic_author_and_dates(client):
    climate, economy = TopicFactory(slug="climate"), TopicFactory(slug="economy")
    author = AuthorFactory(slug="mina-cho")
    old = ArticleFactory(
        live=True,
        headline="Drought report one",
        primary_topic=climate,
        published_at=timezone.now() - timedelta(days=40),
    )
    new = ArticleFactory(live=True, headline="Drought report two", primary_topic=economy)
    BylineFactory(article=new, author=author)

    def found(**params):
        return [
            a.headline for a in client.get("/search/", {"q": "drought", **params}).context["page"]
        ]

    assert set(found()) == {old.headline, new.headline}
    assert found(topic="climate") == [old.headline]
    assert found(author="mina-cho") == [new.headline]
    since = (timezone.localdate() - timedelta(days=2)).isoformat()
    assert found(start=since) == [new.headline]
    assert found(end=since) == [old.headline]


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"start": "2026-13-45"}, "start", "invalid"),
        ({"start": "0001-01-01"}, "start", "out_of_range"),
        ({"start": "2026-05-02", "end": "2026-05-01"}, "end", "date_order"),
        ({"topic": "no-such-topic"}, "topic", "invalid_choice"),
        ({"author": "nobody"}, "author", "invalid_choice"),
    ],
)
def test_bad_filters_are_reported_and_ignored(client, params, field, code):
    ArticleFactory(live=True, headline="Harbour news")
    form = SearchForm({"q": "harbour", **params})
    assert not form.is_valid()
    assert form.errors.as_data()[field][0].code == code
    response = client.get("/search/", {"q": "harbour", **params})
    assert response.status_code == 200
    assert [a.headline for a in response.context["page"]] == ["Harbour news"]
    assert "could not be used" in response.text


def test_search_paginates_and_keeps_the_query_in_page_links(client, settings):
    settings.PAGINATE_BY = 2
    for i in range(3):
        ArticleFactory(live=True, headline=f"Rail line {i}")
    first = client.get("/search/", {"q": "rail"})
    assert 'href="?q=rail&amp;page=2"' in first.text
    assert len(client.get("/search/", {"q": "rail", "page": 2}).context["page"]) == 1
    assert client.get("/search/", {"q": "rail", "page": "x"}).status_code == 404


ODD_QUERIES = [
    "\x00",
    "a\x00b",
    "x" * 10_000,
    '"',
    '"""',
    "'",
    "-",
    "--",
    "!",
    "&",
    "|",
    "(",
    ")",
    ":*",
    "\\",
    "%",
    "_",
    "%_%",
    "<script>alert(1)</script>",
    "or",
    "-or",
    "\ufffd",
    "😀" * 50,
    "부산",
    "釜山",
    "ﷺ",
    "\u202e",
    "a:b & c | !d",
    "* * *",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_never_fail(client, query):
    ArticleFactory(live=True, headline="Anything at all")
    response = client.get("/search/", {"q": query, "start": query[:20], "topic": query[:50]})
    assert response.status_code == 200


def test_raw_undecodable_query_string_never_fails(client):
    assert client.get("/search/?q=%ff%fe%00%ED%A0%80&start=%00").status_code == 200


@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=300), start=st.text(max_size=30), author=st.text(max_size=30))
def test_any_query_and_filters_answer_200(client, query, start, author):
    response = client.get("/search/", {"q": query, "start": start, "author": author})
    assert response.status_code == 200


@hsettings(max_examples=100, deadline=None)
@given(text=st.text(max_size=400), terms=st.lists(st.text(min_size=1, max_size=10), max_size=3))
def test_text_snippet_escapes_everything_but_its_marks(text, terms):
    snippet = str(text_snippet(text, terms))
    stripped = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped and ">" not in stripped


def test_admin_search_box_uses_the_same_search(editor_client):
    ArticleFactory(headline="Mayor resigns over parking scandal")
    ArticleFactory(headline="Weather turns cold")
    response = editor_client.get("/admin/articles/article/", {"q": "parking"})
    assert response.status_code == 200
    assert "Mayor resigns over parking scandal" in response.text
    assert "Weather turns cold" not in response.text


# PostgreSQL: weights, stemming per language, trigrams, the stored vector.

postgres = pytest.mark.postgres


@postgres
def test_search_vector_is_kept_up_to_date_on_save():
    article = ArticleFactory(live=True, headline="Shipyard wins order")
    article.refresh_from_db()
    assert "shipyard" in article.search_vector
    article.headline = "Refinery wins order"
    article.save()
    article.refresh_from_db()
    assert "refineri" in article.search_vector and "shipyard" not in article.search_vector
    assert headlines(search_articles("refinery")) == ["Refinery wins order"]


@postgres
def test_headline_outranks_dek_outranks_body():
    body = ArticleFactory(
        live=True, headline="Story C", dek="Nothing", body="<p>The tariff rises.</p>"
    )
    dek = ArticleFactory(
        live=True, headline="Story B", dek="A tariff rises.", body="<p>Nothing.</p>"
    )
    head = ArticleFactory(
        live=True,
        headline="Tariff rises",
        dek="Nothing",
        body="<p>Nothing.</p>",
        published_at=timezone.now() - timedelta(days=3),
    )
    assert headlines(search_articles("tariff")) == [head.headline, dek.headline, body.headline]


@postgres
def test_stemming_follows_the_article_language():
    english = ArticleFactory(live=True, headline="Workers were striking", language="en")
    french = ArticleFactory(live=True, headline="Les pêcheurs manifestaient", language="fr")
    assert english in search_articles("strikes")
    assert french in search_articles("manifester")


@postgres
def test_misspelt_names_and_words_inside_korean_and_chinese_text_are_found():
    okafor = ArticleFactory(live=True, headline="Okafor named harbour master")
    korean = ArticleFactory(live=True, headline="부산항만파업 2주째", language="ko")
    chinese = ArticleFactory(live=True, headline="釜山港罢工进入第二周", language="zh-hans")
    assert okafor in search_articles("Okafur")
    assert korean in search_articles("파업")
    assert chinese in search_articles("罢工")


@postgres
def test_the_page_says_when_stories_were_found_by_words_like_the_readers(client):
    ArticleFactory(live=True, headline="Okafor named harbour master")
    notice = "hold words like yours"
    misspelt = client.get("/search/", {"q": "Okafur"}).content.decode()
    assert "Okafor named harbour master" in misspelt and notice in misspelt
    exact = client.get("/search/", {"q": "Okafor"}).content.decode()
    assert "Okafor named harbour master" in exact and notice not in exact
    # a phrase no story holds: what is shown is only like it, and the page says so
    phrase = client.get("/search/", {"q": '"harbour mastre"'}).content.decode()
    assert "Okafor named harbour master" in phrase and notice in phrase


@postgres
def test_snippets_come_from_the_body_with_matches_marked():
    from articles.search import highlight

    ArticleFactory(
        live=True,
        headline="Port news",
        body="<p>Cranes &amp; ships <b>idle</b> at the terminal.</p>",
    )
    results = highlight(list(search_articles("terminal")), "terminal")
    assert "<mark>terminal</mark>" in str(results[0].snippet)
    assert "&amp; ships" in str(results[0].snippet) and "<b>" not in str(results[0].snippet)


@postgres
def test_search_uses_the_gin_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'articles_article'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"article_search_gin", "article_headline_trgm", "article_dek_trgm"} <= names


@postgres
def test_rebuild_search_index_command_indexes_bulk_imported_rows():
    from io import StringIO

    from django.core.management import call_command

    article = ArticleFactory(live=True, headline="Lighthouse keeper retires")
    Article.objects.filter(pk=article.pk).update(search_vector=None)  # as a bulk import leaves it
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    article.refresh_from_db()
    assert "lighthous" in article.search_vector
    assert "Indexed 1 articles." in out.getvalue()


@postgres
def test_the_lexicon_learns_words_on_save_and_suggests_what_was_meant():
    from articles import lexicon
    from articles.models import SearchWord

    ArticleFactory(live=True, headline="Okafor named harbour master", dek="", body="<p>Quay.</p>")
    ArticleFactory(live=True, headline="부산항만파업 2주째", language="ko", dek="", body="")
    assert {"okafor", "harbour", "부산항만파업"} <= set(SearchWord.objects.values_list("word", flat=True))
    # Misspellings give the words most like them; a word inside CJK text the words holding it;
    # short Latin words and the typed words themselves give nothing.
    assert lexicon.alternatives(["Okafur", "harbuor"])[:2] == ["okafor", "harbour"]
    assert lexicon.alternatives(["파업"]) == ["부산항만파업"]
    assert lexicon.alternatives(["qay", "okafor"]) == []
    SearchWord.objects.all().delete()
    assert lexicon.rebuild() >= 5
    assert lexicon.alternatives(["Okafur"]) == ["okafor"]


@postgres
def test_a_second_chance_is_only_asked_for_when_few_stories_match(django_assert_num_queries):
    from articles import search

    for i in range(search.SECOND_CHANCE_BELOW):
        ArticleFactory(live=True, headline=f"Ferry timetable change {i}")
    search_articles("ferry").first()  # learns how far back the newest ten thousand stories go
    # the words read once, the keys of the matches, then the page of them
    with django_assert_num_queries(3):
        assert len(list(search_articles("ferry")[:10])) == 10
    # no match: no keys, the lexicon, the keys of the stories it suggests, the page of them
    # (each search of keys reads its words once first)
    with django_assert_num_queries(6):
        assert len(list(search_articles("ferrry")[:10])) == 10


@postgres
def test_the_newest_stories_are_searched_first_and_the_archive_when_they_hold_too_few(monkeypatch):
    from articles import search

    monkeypatch.setattr(search, "WINDOW_STORIES", (3, None))
    monkeypatch.setattr(search, "ENOUGH_MATCHES", 2)
    now = timezone.now()
    old = ArticleFactory(live=True, headline="Lighthouse relit", published_at=now - timedelta(days=900))
    for day in range(3):
        ArticleFactory(live=True, headline=f"Market day {day}", published_at=now - timedelta(days=day))
    assert list(search_articles("lighthouse")) == [old]  # not among the newest three: found further back
    recent = ArticleFactory(live=True, headline="Lighthouse tours", published_at=now - timedelta(hours=1))
    ArticleFactory(live=True, headline="Lighthouse keepers", published_at=now - timedelta(hours=2))
    from django.core.cache import cache

    cache.clear()  # the window moved: the newest three now hold two lighthouse stories, enough
    found = list(search_articles("lighthouse"))
    assert recent in found and old not in found


@postgres
def test_a_search_that_runs_out_of_time_shows_the_newest_matches_and_says_how_far_back_it_looked(
    client, monkeypatch, settings
):
    from articles import search

    monkeypatch.setattr(search, "WINDOW_STORIES", (3, None))
    monkeypatch.setattr(search, "ENOUGH_MATCHES", 2)
    now = timezone.now()
    ArticleFactory(live=True, headline="Lighthouse relit", published_at=now - timedelta(days=900))
    day = timedelta(days=1)
    recent = ArticleFactory(live=True, headline="Lighthouse tours", published_at=now - day)
    for n in (2, 3):
        ArticleFactory(live=True, headline=f"Market day {n}", published_at=now - n * day)
    settings.SEARCH_TIME_BUDGET_MS = 0  # no time for anything but the newest three stories
    page = client.get("/search/", {"q": "lighthouse"})
    assert [a.pk for a in page.context["page"]] == [recent.pk]
    searched = page.context["searched"]
    assert not searched.complete
    assert searched.since == Article.objects.order_by("-pk")[2].published_at  # the third newest
    html = page.content.decode()
    assert "Only stories published since" in html
    assert "To search older stories, choose dates" in html
    # A reader who sets dates has bounded the search: all of it is searched, and no notice.
    page = client.get("/search/", {"q": "lighthouse", "start": "2000-01-01"})
    assert len(page.context["page"]) == 2 and page.context["searched"].complete
    assert "Only stories published since" not in page.content.decode()
    settings.SEARCH_TIME_BUDGET_MS = 10_000  # time enough: the whole archive, no notice
    page = client.get("/search/", {"q": "lighthouse"})
    assert len(page.context["page"]) == 2 and page.context["searched"].complete
    assert "Only stories published since" not in page.content.decode()


@postgres
def test_the_time_limit_cancels_a_slow_statement_and_never_outlives_it():
    from articles.search import _time_boxed

    def setting():
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return cursor.fetchone()[0]

    before = setting()

    def slow():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
        return "finished"

    assert _time_boxed("default", 50, slow) is None  # cancelled after 50 ms
    assert setting() == before
    assert _time_boxed("default", 5_000, lambda: setting()) == "5s"  # the limit, while it runs
    assert setting() == before  # and put back after a success
    with pytest.raises(ZeroDivisionError):  # other errors are not swallowed
        _time_boxed("default", 5_000, lambda: 1 / 0)
    assert setting() == before


@postgres
def test_a_window_that_could_not_finish_in_the_time_left_is_not_begun(monkeypatch):
    """At the pace of the window before it, the rest of the archive would outlast the budget."""
    from itertools import count
    from types import SimpleNamespace

    from django.core.cache import cache
    from django.test.utils import CaptureQueriesContext

    from articles import search

    monkeypatch.setattr(search, "WINDOW_STORIES", (1, 2, None))
    monkeypatch.setattr(search, "ENOUGH_MATCHES", 50)
    monkeypatch.setattr(search, "SECOND_CHANCE_BELOW", 0)  # the typed words' windows only
    now = timezone.now()
    stories = [  # oldest first: keys grow with time
        ArticleFactory(live=True, headline=f"Lighthouse {n}", published_at=now - timedelta(days=n))
        for n in reversed(range(12))
    ]
    cache.clear()  # the windows' first keys
    # Each reading of the clock is 10 ms after the one before: the second window (one
    # story) takes 10 ms, so the ten older stories would take 100 ms.
    clock = count(step=0.010)
    monkeypatch.setattr(search, "time", SimpleNamespace(monotonic=lambda: next(clock)))
    searched = search.Searched()
    with CaptureQueriesContext(connection) as queries:
        found = search_articles("lighthouse", budget_ms=80, searched=searched)
        assert {a.pk for a in found} == {stories[-1].pk, stories[-2].pk}
    # 40 ms left, less than half of 100: the third window was never sent.
    assert sum("statement_timeout" in q["sql"] and "set_config" in q["sql"] for q in queries) == 2
    assert not searched.complete and searched.since == stories[-2].published_at
    # With time enough (100 ms of the 960 left), the whole archive is searched.
    searched = search.Searched()
    found = search_articles("lighthouse", budget_ms=1000, searched=searched)
    assert {a.pk for a in found} == {a.pk for a in stories} and searched.complete
