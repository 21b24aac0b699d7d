"""Under the enforced Content-Security-Policy, the admin and the public site run with no violation."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import login, pick_autocomplete
from tests.factories import (
    AuthorFactory,
    BylineFactory,
    TopicFactory,
    UserFactory,
    image_file,
    ready_article,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Report every violation the page sees to the test, across navigations.
LISTEN = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportViolation(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} `
                         + `at ${e.sourceFile}:${e.lineNumber} on ${document.location.pathname}`);
});
"""


def watched_page(new_page):
    page = new_page()
    page.violations = []
    page.context.expose_function("reportViolation", lambda text: page.violations.append(text))
    page.context.add_init_script(LISTEN)
    return page


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "nonce-" in response.headers["content-security-policy"] or "script-src 'self'" in (
        response.headers["content-security-policy"])
    page.wait_for_load_state("networkidle")


def test_admin_works_under_the_policy_with_no_violation(live_server, new_page, tmp_path):
    UserFactory(username="csp-editor", role="Editor")
    TopicFactory(name="Harbour", slug="harbour")
    AuthorFactory(name="Seo-yeon Park", slug="seo-yeon-park")
    article = ready_article(headline="Ferry timetable changes", slug="ferry-timetable")
    photo_path = tmp_path / "ferry.jpg"
    photo_path.write_bytes(image_file(1200, 800).getvalue())

    page = watched_page(new_page)
    login(page, live_server, "csp-editor")
    visit(page, live_server.url + reverse("admin:articles_article_changelist"))
    page.fill("#searchbar", "ferry")
    page.press("#searchbar", "Enter")
    expect(page.locator("#result_list")).to_contain_text("Ferry timetable changes")

    # The change form: the rich-text editor (an import map and modules), select2 autocompletes.
    visit(page, live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(" The harbour office confirmed the change.")
    page.keyboard.press("Control+b")
    page.keyboard.type(" Bold words.")
    pick_autocomplete(page, "primary_topic", "Harbour")
    page.click(".add-row a")
    pick_autocomplete(page, "bylines-1-author", "Seo-yeon Park")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert "The harbour office confirmed the change." in article.body

    # A new article and a new photo: prepopulated slug, date pickers, file input.
    visit(page, live_server.url + reverse("admin:articles_article_add"))
    page.locator("#id_headline").press_sequentially("Night buses return")
    expect(page.locator("#id_slug")).to_have_value("night-buses-return")
    page.click("#calendarlink0")  # the calendar pop-up
    expect(page.locator("#calendarbox0")).to_be_visible()
    visit(page, live_server.url + reverse("admin:photos_photo_add"))
    page.set_input_files("#id_file", str(photo_path))
    page.fill("#id_caption", "A ferry leaves the terminal at dawn.")
    page.fill("#id_credit", "PHOTO: HARBOUR DESK")
    page.fill("#id_alt_text", "A white ferry leaving a pier")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    visit(page, live_server.url + reverse("admin:index"))
    visit(page, live_server.url + reverse("admin:two_factor"))
    visit(page, live_server.url + reverse("admin:two_factor_setup"))
    expect(page.locator("img.nr-two-factor__qr")).to_be_visible()
    assert page.violations == []
    assert page.errors == []


def test_public_pages_work_under_the_policy_with_no_violation(live_server, new_page):
    article = ready_article(headline="Tide tables for the spring", slug="tide-tables")
    article.tags.add("tides")
    BylineFactory(article=article, author=AuthorFactory(name="Ha-eun Lim", slug="ha-eun-lim"))
    from articles import workflow

    workflow.transition(article, "publish", user=UserFactory(username="csp-chief", role="Admin"))
    article.refresh_from_db()

    page = watched_page(new_page)
    day = article.get_absolute_url().rsplit("/", 2)[0] + "/"  # /yyyy/mm/dd/
    for url in ["/", article.get_absolute_url(), f"/topics/{article.primary_topic.slug}/",
                "/authors/ha-eun-lim/", "/tags/tides/", "/search/?q=tide", day, day[:-3], day[:-6]]:
        visit(page, live_server.url + url)
    assert page.errors == []
    assert page.goto(live_server.url + "/no-such-page/").status == 404
    page.wait_for_load_state("networkidle")
    assert page.violations == []


def test_a_violation_is_seen_and_reported(live_server, new_page, caplog):
    """The listener and the report endpoint work: an injected inline script is caught."""
    page = watched_page(new_page)
    visit(page, live_server.url + "/")
    with caplog.at_level("WARNING", logger="newsroom.csp"):
        with page.expect_request(lambda r: r.url.endswith("/csp-report")) as report:
            page.evaluate("""() => {
                const s = document.createElement("script");
                s.textContent = "window.injected = true";
                document.body.appendChild(s);
            }""")
        report.value.response()
    assert page.evaluate("window.injected") is None
    assert any("script-src" in v for v in page.violations)
    assert any(getattr(r, "event", "") == "csp.violation" for r in caplog.records)
