"""
Every URL the project resolves, walked as anonymous, Writer, Editor and Admin.

The URL list comes from the resolver itself (the admin's included), so a new
route cannot slip past: ``test_every_url_pattern_has_a_rule`` fails, naming
it, until a rule for it is added below. The newsroom holds a story in every
state (a colleague's draft, one in review, one scheduled, one withdrawn, a
live one and a live one with unpublished changes waiting) plus a writer's own
draft, and the sweep checks that

- anonymous visitors reach no admin page (they are sent to the login);
- each role gets exactly the admin pages it should, read-only where it may
  only look (Writers see colleagues' stories but cannot change them);
- crafted POSTs of every admin action and every workflow button, as a
  Writer, are refused and leave the database as it was;
- no unpublished headline (nor the staged one) appears in any public output.
"""

import json
import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from taggit.models import Tag

from articles import preview, revisions, workflow
from articles.models import Article, ArticleEvent, ArticleSlug, Byline, Revision, Status
from articles.sitemaps import SITEMAPS
from tests.factories import (
    AuthorFactory,
    PhotoFactory,
    PublicationFactory,
    TopicFactory,
    UserFactory,
    ready_article,
)
from tests.formdata import form_data

pytestmark = pytest.mark.django_db

SECRETS = {
    "own_draft": "Writers own quokka exclusive",
    "draft": "Colleagues narwhal draft on port bribes",
    "review": "Pangolin review copy on ferry safety",
    "scheduled": "Axolotl scheduled budget leak",
    "withdrawn": "Okapi withdrawn story on dredging",
}
STAGED = "Staged wombat headline waiting for an editor"
LIVE = "Harbour reopens after the long strike"
LIVE_WITH_CHANGES = "Ferry timetable returns to normal"


# --- the URL list, from the resolver ------------------------------------------------------


def url_patterns(resolver=None, prefix=""):
    """Yield every route the project resolves, as the full pattern text."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern)


# Access levels a role has on a model's standard admin pages.
NONE, VIEW, ADD, CHANGE, FULL, LOG = range(6)  # LOG: FULL but nothing to add (axes' records)
# fmt: off
MODEL_LEVELS = {  # model label: (Writer, Editor, Admin)
    "articles.article":          (None, None, None),  # per story, see article_level()
    "articles.articleevent":     (NONE, VIEW, VIEW),  # the audit log: read-only for everyone
    "articles.publication":      (VIEW, FULL, FULL),
    "auth.user":                 (NONE, NONE, FULL),
    "auth.group":                (NONE, NONE, FULL),
    "authors.author":            (VIEW, FULL, FULL),
    "photos.photo":              (CHANGE, FULL, FULL),
    "topics.topic":              (VIEW, FULL, FULL),
    "taggit.tag":                (ADD, FULL, FULL),
    "axes.accessattempt":        (NONE, NONE, LOG),
    "axes.accesslog":            (NONE, NONE, LOG),
    "axes.accessfailurelog":     (NONE, NONE, LOG),
}
# fmt: on
ROLES = ["Writer", "Editor", "Admin"]
STANDARD = {  # suffix of a ModelAdmin's own routes: what the page is
    "": "changelist", "add/": "add", "<path:object_id>/history/": "history",
    "<path:object_id>/delete/": "delete", "<path:object_id>/change/": "change",
    "<path:object_id>/": "object",
}  # fmt: skip
MODEL_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/(?P<rest>.*)$")

# Routes other than the standard ModelAdmin ones: what each is, per kind of rule.
PUBLIC = {
    "": "home",
    "robots.txt": "robots",
    "healthz": "healthz",
    "csp-report": "csp_report",
    "favicon.ico": "favicon",
    "topics/<uslug:slug>/": "topic",
    "authors/<uslug:slug>/": "author",
    "preview/<str:token>/": "shared_preview",
    "<yyyy:year>/": "archive",
    "<yyyy:year>/<dd:month>/": "archive",
    "<yyyy:year>/<dd:month>/<dd:day>/": "archive",
    "<int:year>/<dd:month>/<dd:day>/<uslug:slug>/": "article",
    "tags/<uslug:slug>/": "tag",
    "search/": "search",
    "feed/": "feed",
    "feed/atom/": "feed",
    "topics/<uslug:slug>/feed/": "feed",
    "topics/<uslug:slug>/feed/atom/": "feed",
    "authors/<uslug:slug>/feed/": "feed",
    "authors/<uslug:slug>/feed/atom/": "feed",
    "sitemap.xml": "sitemap",
    "sitemap-news.xml": "sitemap",
    "sitemap-articles-<yyyy:year>-<dd:month>.xml": "sitemap",
    "sitemap-<str:section>.xml": "sitemap",
    "^media/(?P<path>.*)$": "media",
}
ADMIN = {
    "admin/": "site",
    "admin/login/": "login",
    "admin/logout/": "logout",
    "admin/password_change/": "site",
    "admin/password_change/done/": "site",
    "admin/autocomplete/": "autocomplete",
    "admin/jsi18n/": "site",
    "admin/r/<path:content_type_id>/<path:object_id>/": "view_on_site",
    "admin/(?P<url>.*)$": "catch_all",
    "admin/two-factor/": "site",
    "admin/two-factor/verify/": "two_factor_verify",
    "admin/two-factor/setup/": "site",
    "admin/auth/user/<id>/password/": "user_password",
    "admin/taggit/tag/merge-tags/": "merge_tags",
    "admin/articles/article/autosave/": "article_autosave",
    "admin/articles/article/<int:object_id>/autosave/": "article_autosave",
    "admin/articles/article/<int:object_id>/preview/": "article_view",
    "admin/articles/article/<int:object_id>/revisions/compare/": "article_view",
    "admin/articles/article/<int:object_id>/share-preview/": "article_share",
    "admin/articles/article/<int:object_id>/revisions/<int:number>/restore/": "article_edit",
}


def rule_for(route):
    """Return ("public"|"admin"|"model", detail) for a route, or None if it has no rule."""
    if route in PUBLIC:
        return "public", PUBLIC[route]
    if route in ADMIN:
        return "admin", ADMIN[route]
    if route.startswith("admin/^(?P<app_label>") and route.endswith(")/$"):
        apps = set(route[len("admin/^(?P<app_label>"):-3].split("|"))
        known = {label.split(".")[0] for label in MODEL_LEVELS}
        return ("admin", "app_index") if apps == known else None
    match = MODEL_ROUTE.match(route)
    if match and match["rest"] in STANDARD:
        label = f"{match['app']}.{match['model']}"
        if label in MODEL_LEVELS:
            return "model", (label, STANDARD[match["rest"]])
    return None


def test_every_url_pattern_has_a_rule():
    missing = [route for route in url_patterns() if rule_for(route) is None]
    assert not missing, (
        "The authorization sweep has no rule for these URL patterns: "
        f"{missing}. Add each to PUBLIC, ADMIN or MODEL_LEVELS in "
        "tests/test_authorization_sweep.py, saying who may reach it."
    )
    registered = {m._meta.label_lower for m in admin.site._registry}
    assert registered == set(MODEL_LEVELS), (
        "Registered ModelAdmins and MODEL_LEVELS differ: "
        f"{sorted(registered ^ set(MODEL_LEVELS))}. Say who may use each admin."
    )


# --- the newsroom -------------------------------------------------------------------------


@pytest.fixture
def newsroom(db):
    """Return a namespace of users, stories in every state and the things they use."""
    ns = type("Newsroom", (), {})()
    ns.writer = UserFactory(username="writer", role="Writer")
    ns.colleague = UserFactory(username="colleague", role="Writer")
    ns.editor = UserFactory(username="editor", role="Editor")
    ns.chief = UserFactory(username="chief", role="Admin")
    ns.topic = TopicFactory(name="Ports", slug="ports")
    ns.author = AuthorFactory(name="Min-ji Park", slug="min-ji-park")
    ns.writer_author = AuthorFactory(name="Writer Byline", slug="writer-byline", user=ns.writer)
    ns.photo = PhotoFactory()
    PublicationFactory()
    now = timezone.now()

    def story(headline, created_by, **kwargs):
        article = ready_article(
            headline=headline, slug=headline.lower().replace(" ", "-"), created_by=created_by,
            primary_topic=ns.topic, lead_photo=ns.photo, **kwargs,
        )
        Byline.objects.create(article=article, author=ns.author, position=5)
        article.tags.add("harbour")
        return article

    ns.live = story(LIVE, ns.colleague)
    workflow.transition(ns.live, "publish", user=ns.editor)
    ns.staged = story(LIVE_WITH_CHANGES, ns.colleague)
    workflow.transition(ns.staged, "publish", user=ns.editor)
    content = revisions.stored_snapshot(ns.staged)
    revisions.stage(ns.staged, {**content, "headline": STAGED, "tags": ["harbour", "secret-tag"]},
                    user=ns.colleague)
    ns.own_draft = story(SECRETS["own_draft"], ns.writer)
    ns.draft = story(SECRETS["draft"], ns.colleague)
    ns.review = story(SECRETS["review"], ns.colleague)
    workflow.transition(ns.review, "submit", user=ns.colleague)
    ns.scheduled = story(SECRETS["scheduled"], ns.colleague)
    workflow.transition(ns.scheduled, "schedule", user=ns.editor,
                        publish_at=now + timedelta(days=2))
    ns.withdrawn = story(SECRETS["withdrawn"], ns.colleague)
    workflow.transition(ns.withdrawn, "publish", user=ns.editor)
    workflow.transition(ns.withdrawn, "withdraw", user=ns.editor)
    ArticleSlug.objects.create(article=ns.withdrawn, slug="okapi-old-address")
    for name in SECRETS:
        getattr(ns, name).tags.add("secret-tag")
    ns.articles = {name: getattr(ns, name) for name in [*SECRETS, "live", "staged"]}
    for article in ns.articles.values():
        article.refresh_from_db()
        revisions.ensure_baseline(article)  # so that every story has a revision to restore
    # One row in each table an admin lists, so that every change page has an object.
    AccessAttempt.objects.create(username="someone", ip_address="10.0.0.9", user_agent="x",
                                 http_accept="*/*", path_info="/admin/login/",
                                 get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(username="editor", ip_address="10.0.0.9", user_agent="x",
                             http_accept="*/*", path_info="/admin/login/")
    AccessFailureLog.objects.create(username="someone", ip_address="10.0.0.9", user_agent="x",
                                    http_accept="*/*", path_info="/admin/login/")
    return ns


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def secrets_in(text):
    return [s for s in [*SECRETS.values(), STAGED] if s in text]


# --- public output ------------------------------------------------------------------------


def public_urls(ns, route, kind):
    """Return [(url, expected status)] that exercise ``route`` with the newsroom's data."""
    live_dates = {timezone.localtime(a.published_at).date() for a in ns.articles.values()
                  if a.published_at}
    match kind:
        case "home" | "robots" | "healthz":
            return [(reverse({"home": "home", "robots": "robots_txt", "healthz": "healthz"}[kind]),
                     200)]
        case "csp_report":
            return [("/csp-report", 405)]
        case "favicon":
            return [("/favicon.ico", 301)]
        case "topic":
            return [(ns.topic.get_absolute_url(), 200)]
        case "author":
            return [(ns.author.get_absolute_url(), 200), (ns.writer_author.get_absolute_url(), 200)]
        case "shared_preview":
            return []  # test_preview_links_without_a_valid_signature_show_nothing
        case "archive":
            depth = route.count("/")
            urls = set()
            for day in live_dates:
                parts = [f"{day.year:04d}", f"{day.month:02d}", f"{day.day:02d}"][:depth]
                urls.add(("/" + "/".join(parts) + "/", None))
            return sorted(urls)
        case "article":
            urls = [(a.get_absolute_url(), 200 if name in ("live", "staged") else 404)
                    for name, a in ns.articles.items()]
            old = ns.withdrawn.get_absolute_url().replace(ns.withdrawn.slug, "okapi-old-address")
            return [*urls, (old, 404)]
        case "tag":
            return [("/tags/harbour/", 200), ("/tags/secret-tag/", 404)]
        case "search":
            words = ["automation", "strike", *(s.split()[1] for s in [*SECRETS.values(), STAGED])]
            return [(f"/search/?q={w}", 200) for w in words]
        case "feed":
            slug = ns.topic.slug if route.startswith("topics") else ns.author.slug
            return [("/" + route.replace("<uslug:slug>", slug), 200)]
        case "sitemap":
            if route == "sitemap-<str:section>.xml":
                return [(f"/sitemap-{s}.xml", 200) for s in SITEMAPS] + [("/sitemap-x.xml", 404)]
            if route.startswith("sitemap-articles-"):
                return [(live_month_sitemap(ns), 200), ("/sitemap-articles-1999-01.xml", 404)]
            return [("/" + route, 200)]
        case "media":
            # Photos are not secret; tests keep media in a temporary folder the route does not see.
            return [(ns.photo.file.url, None)]
    raise AssertionError(f"no public URLs for {kind}")


def live_month_sitemap(ns):
    return f"/sitemap-articles-{timezone.localtime(ns.live.published_at):%Y-%m}.xml"


def test_no_unpublished_copy_in_any_public_output(newsroom):
    anonymous, editor = Client(), client_for(newsroom.editor)
    seen = {}
    for route in url_patterns():
        scope, kind = rule_for(route)
        if scope != "public":
            continue
        for url, expected in public_urls(newsroom, route, kind):
            for client in (anonymous, editor):  # staff see the public site as readers do
                response = client.get(url)
                body = b"".join(response) if response.streaming else response.content
                text = body.decode(errors="replace") + response.get("Location", "")
                assert response.status_code < 500, (url, response.status_code)
                if expected is not None:
                    assert response.status_code == expected, (url, response.status_code)
                assert not secrets_in(text), f"{url} shows unpublished copy: {secrets_in(text)}"
                assert "secret-tag" not in text, f"{url} shows a tag only unpublished copy uses"
                seen[url] = text
    # The scan would have found a headline: the live ones are everywhere a reader looks.
    topic, author = newsroom.topic, newsroom.author
    for url in ["/", "/feed/", "/feed/atom/", "/sitemap-news.xml", "/search/?q=automation",
                topic.get_absolute_url(), author.get_absolute_url(),
                f"/topics/{topic.slug}/feed/", f"/authors/{author.slug}/feed/atom/"]:
        assert LIVE in seen[url] and LIVE_WITH_CHANGES in seen[url], url
    page = seen[newsroom.staged.get_absolute_url()]
    structured = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    assert structured and LIVE_WITH_CHANGES in structured[0]
    json.loads(structured[0])
    assert newsroom.live.get_absolute_url() in seen[live_month_sitemap(newsroom)]
    assert newsroom.draft.slug not in seen[live_month_sitemap(newsroom)]


def test_preview_links_without_a_valid_signature_show_nothing(newsroom, monkeypatch):
    token, _ = preview.make_token(newsroom.draft, hours=1)
    forged = signing.TimestampSigner(salt="not-the-preview-salt").sign_object(
        {"a": newsroom.draft.pk, "h": 1}
    )
    other = token.replace(
        token.split(":")[0],
        signing.b64_encode(json.dumps({"a": newsroom.review.pk, "h": 1}).encode()).decode(), 1,
    )
    for bad in [forged, other, token[:-2] + "xx", "nothing", f"{newsroom.draft.pk}"]:
        response = Client().get(reverse("preview:shared", args=[bad]))
        assert response.status_code == 403 and not secrets_in(response.text), bad
    later = time.time() + 2 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = Client().get(reverse("preview:shared", args=[token]))
    assert response.status_code == 410 and not secrets_in(response.text)
    monkeypatch.undo()
    # The same link, signed and in time, does show the draft: the checks above are not vacuous.
    assert SECRETS["draft"] in Client().get(reverse("preview:shared", args=[token])).text


# --- the admin, page by page --------------------------------------------------------------


def model_objects(ns):
    """Return the object whose pages the sweep opens, per model (articles apart)."""
    return {
        "articles.articleevent": ArticleEvent.objects.filter(article=ns.live).first(),
        "articles.publication": PublicationFactory(),
        "auth.user": ns.colleague,
        "auth.group": Group.objects.get(name="Writer"),
        "authors.author": ns.author,
        "photos.photo": ns.photo,
        "topics.topic": ns.topic,
        "taggit.tag": Tag.objects.get(name="harbour"),
        "axes.accessattempt": AccessAttempt.objects.first(),
        "axes.accesslog": AccessLog.objects.first(),
        "axes.accessfailurelog": AccessFailureLog.objects.first(),
    }


def article_level(role, ns, name):
    article = ns.articles[name]
    if role == "Writer":
        return CHANGE if name == "own_draft" else VIEW
    return CHANGE if article.status == Status.PUBLISHED else FULL  # published: withdraw, not delete


def expected_for_level(level, page):
    if page == "object":
        return 302  # Django's redirect to the change page, which then decides
    if level == NONE:
        return 403
    return {
        "changelist": 200, "history": 200, "change": 200,
        "add": 200 if ADD <= level <= FULL else 403, "delete": 200 if level >= FULL else 403,
    }[page]  # fmt: skip


def admin_requests(ns, role):
    """Yield (url, expected status, check) for every admin URL, for a signed-in ``role``."""
    objects = model_objects(ns)
    for route in url_patterns():
        scope, kind = rule_for(route)
        if scope == "model":
            label, page = kind
            if label == "articles.article":
                names = ns.articles if page in ("change", "history", "delete", "object") else [None]
                for name in names:
                    level = FULL if name is None else article_level(role, ns, name)
                    url = "/" + route.replace("<path:object_id>", str(ns.articles[name].pk)
                                              if name else "")
                    yield url, expected_for_level(level, page), level
                continue
            level = MODEL_LEVELS[label][ROLES.index(role)]
            url = "/" + route.replace("<path:object_id>", str(objects[label].pk))
            yield url, expected_for_level(level, page), level
        elif scope == "admin":
            yield from admin_extra(ns, role, route, kind)


def admin_extra(ns, role, route, kind):
    def article_url(article):
        url = "/" + route.replace("<int:object_id>", str(article.pk))
        return url.replace("<int:number>", str(revisions.latest(article).number))

    match kind:
        case "site":
            yield "/" + route, 200, None
        case "two_factor_verify":
            yield "/" + route, 302, None  # no second factor is pending: nothing to verify
        case "login":
            yield "/" + route, 302, None  # already signed in: on to the desk
        case "logout":
            yield "/" + route, 405, None  # only a POST signs out
        case "app_index":
            for app in sorted({label.split(".")[0] for label in MODEL_LEVELS}):
                # An app where the role may use no model does not exist for them.
                denied = role != "Admin" and app in ("auth", "axes")
                yield f"/admin/{app}/", 404 if denied else 200, None
        case "autocomplete":
            yield "/admin/autocomplete/", 403, None  # without a field to complete
        case "view_on_site":
            ct = ContentType.objects.get_for_model(Article).pk
            yield f"/admin/r/{ct}/{ns.live.pk}/", 302, None
        case "catch_all":
            yield "/admin/no-such-page/", 404, None
        case "user_password":
            url = "/" + route.replace("<id>", str(ns.colleague.pk))
            yield url, 200 if role == "Admin" else 403, None
        case "merge_tags":
            yield "/" + route, 403 if role == "Writer" else 200, None
        case "article_autosave":
            for article in [ns.own_draft, ns.draft]:
                yield article_url(article), 405, None  # POST only
        case "article_view":
            for article in ns.articles.values():
                yield article_url(article), 200, None
        case "article_share" | "article_edit":
            for name, article in ns.articles.items():
                allowed = role != "Writer" or name == "own_draft"
                yield article_url(article), 200 if allowed else 403, None
        case _:
            raise AssertionError(f"no admin rule for {kind}")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_admin_pages(newsroom, role):
    user = {"Writer": newsroom.writer, "Editor": newsroom.editor, "Admin": newsroom.chief}[role]
    client = client_for(user)
    wrong = []
    for url, expected, level in admin_requests(newsroom, role):
        response = client.get(url)
        if response.status_code != expected:
            wrong.append((url, expected, response.status_code))
        elif (url.endswith("/change/") and expected == 200
              and response.context["has_change_permission"] != (level >= CHANGE)):
            # View-only pages must really be read-only, not an editable form.
            wrong.append((url, "read-only" if level < CHANGE else "editable", "the other"))
    assert not wrong, f"{role}: (url, expected, got): {wrong}"


def test_anonymous_visitors_reach_no_admin_page(newsroom):
    client, login = Client(), reverse("admin:login")
    checked = 0
    for url, _expected, _level in admin_requests(newsroom, "Admin"):
        if url == login:
            assert client.get(url).status_code == 200
            continue
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (url, response.status_code)
            # Signing out when not signed in goes to the desk's front door, which asks for a login.
            front = reverse("admin:index") if url == reverse("admin:logout") else login
            assert response["Location"].startswith(front), (url, response["Location"])
            checked += 1
    assert checked > 100


# --- crafted POSTs as a Writer ------------------------------------------------------------


def state_of_everything():
    """Return what a refused request must leave untouched."""
    return {
        "articles": list(Article.objects.order_by("pk").values(
            "pk", "headline", "status", "published_at", "version", "modified_by")),
        "events": ArticleEvent.objects.count(),
        "revisions": list(Revision.objects.order_by("pk").values_list("pk", "is_pending")),
        "bylines": list(Byline.objects.order_by("pk").values_list("pk", "article", "author")),
        "tags": sorted(Tag.objects.values_list("name", flat=True)),
        "tagged": sorted(Article.tags.through.objects.values_list("tag__name", "object_id")),
        "users": list(get_user_model().objects.order_by("pk").values(
            "pk", "is_active", "is_staff", "is_superuser")),
        "groups": sorted(get_user_model().groups.through.objects.values_list("user", "group")),
        "counts": {m._meta.label: m._default_manager.count() for m in admin.site._registry},
    }


def every_admin_action():
    """Yield (changelist URL, model, action name) for every action of every ModelAdmin."""
    for model, model_admin in admin.site._registry.items():
        names = {"delete_selected", *(
            a if isinstance(a, str) else a.__name__ for a in model_admin.actions or [])}
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for name in sorted(names):
            yield url, model, name


def test_every_admin_action_crafted_by_a_writer_is_refused(newsroom):
    client = client_for(newsroom.writer)
    others = [a.pk for name, a in newsroom.articles.items() if name != "own_draft"]
    before = state_of_everything()
    for url, model, name in every_admin_action():
        pks = others if model is Article else list(
            model._default_manager.values_list("pk", flat=True))
        response = client.post(url, {"action": name, ACTION_CHECKBOX_NAME: pks, "post": "yes",
                                     "index": 0})
        assert response.status_code in (200, 302, 403), (url, name, response.status_code)
        assert state_of_everything() == before, f"{name} on {url} changed the database"
    # Tag merging is an action plus a page of its own: the page refuses a Writer too.
    tags = list(Tag.objects.values_list("pk", flat=True))
    session = client.session
    session["selected_tag_ids"] = ",".join(map(str, tags))
    session.save()
    response = client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "merged"})
    assert response.status_code == 403
    assert state_of_everything() == before


STEPS = [*workflow.TRANSITIONS, "_discard_changes"]


@pytest.mark.parametrize("step", STEPS)
def test_workflow_buttons_crafted_by_a_writer_change_nothing(newsroom, step):
    client = client_for(newsroom.writer)
    editor = client_for(newsroom.editor)
    for name, article in newsroom.articles.items():
        page = editor.get(reverse("admin:articles_article_change", args=[article.pk]))
        data = form_data(page)
        data |= {"_discard_changes": "1"} if step == "_discard_changes" else {
            "_transition": step, "_note": "crafted", "_publish_at": "2031-01-01 09:00"}
        before = state_of_everything()
        response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
        after = state_of_everything()
        if name == "own_draft":
            # Their own draft saves (that is theirs to do) but moves no further than review.
            assert response.status_code == 302
            article.refresh_from_db()
            expected = Status.REVIEW if step == "submit" else Status.DRAFT
            assert article.status == expected, step
            assert not ArticleEvent.objects.filter(
                article=article, kind__in=["article.publish", "article.schedule",
                                           "article.withdraw", "article.republish",
                                           "article.publish_changes"]).exists()
            continue
        assert response.status_code == 403, (name, step, response.status_code)
        assert after == before, (name, step)


def test_other_crafted_writes_by_a_writer_change_nothing(newsroom):
    client = client_for(newsroom.writer)
    before = state_of_everything()
    for name, article in newsroom.articles.items():
        if name == "own_draft":
            continue
        number = revisions.latest(article).number
        posts = [
            (reverse("admin:articles_article_restore", args=[article.pk, number]), {}),
            (reverse("admin:articles_article_share_preview", args=[article.pk]), {"hours": 1}),
            (reverse("admin:articles_article_autosave", args=[article.pk]),
             {"data": json.dumps({"headline": ["x"]})}),
            (reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}),
        ]
        for url, data in posts:
            response = client.post(url, data)
            assert response.status_code == 403, (url, response.status_code)
    for model, pk in [("auth_user", newsroom.colleague.pk), ("auth_group", 1)]:
        response = client.post(reverse(f"admin:{model}_change", args=[pk]), {"is_superuser": "on"})
        assert response.status_code == 403
    response = client.post(reverse("admin:auth_user_add"), {"username": "intruder"})
    assert response.status_code == 403
    assert state_of_everything() == before
