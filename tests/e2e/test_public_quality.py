"""Every public page type passes third-party checkers: axe-core in Chromium and the Nu HTML Checker.

Also checked here, in the browser: the skip link is the first stop and visibly
focused, the print stylesheet leaves only the story, and no page logs an error
(a Content-Security-Policy violation would show up as one).
"""

import json
import subprocess
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from articles.models import BylineRole, CorrectionKind
from tests.checkers import AXE, VNU, java, need
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BylineFactory,
    CorrectionFactory,
    PhotoFactory,
    PublicationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)
SERIOUS = {"serious", "critical"}


@pytest.fixture
def public_pages():
    """Build a small newsroom and return {page type: path} for every public page type."""
    world = TopicFactory(name="World", slug="world", in_navigation=True)
    asia = TopicFactory(
        name="Asia",
        slug="asia",
        parent=world,
        in_navigation=True,
        description="Reporting from across the region.",
    )
    author = AuthorFactory(
        name="Mina Cho",
        slug="mina-cho",
        bio="Covers ports and shipping.",
        headshot=PhotoFactory(width=400, height=400, alt_text="Mina Cho"),
        x_handle="minacho",
        email="mina@news.example",
    )
    story = ArticleFactory(
        live=True,
        kicker="Shipping",
        headline="Busan dock strike enters second week",
        dek="Talks stall over automation.",
        dateline="SEOUL",
        primary_topic=asia,
        lead_photo=PhotoFactory(
            width=1600, height=900, caption="Idle cranes in Busan.", credit="PHOTO: AGENCY"
        ),
        source=PublicationFactory(attribution="First published in the Harbour Times."),
        original_url="https://harbourtimes.example/busan",
        updated_at=timezone.now(),
        body='<p>Crane operators walked out.</p><h2>Ships diverted</h2><p>Lines sent ships <a href="https://example.org/">elsewhere</a>.</p>'
        "<blockquote><p>We want a say.</p></blockquote><ul><li>One</li><li>Two</li></ul>",
    )
    story.topics.add(world)
    BylineFactory(article=story, author=author)
    BylineFactory(
        article=story, author=AuthorFactory(name="Daniel Okafor"), role=BylineRole.ADDITIONAL
    )
    CorrectionFactory(article=story, kind=CorrectionKind.CORRECTION, text="A name was misspelt.")
    story.tags.add("strikes")
    for i in range(3):
        sibling = ArticleFactory(
            live=True,
            primary_topic=asia,
            headline=f"Port talks, day {i}",
            published_at=timezone.now() - timedelta(hours=i + 2),
            lead_photo=PhotoFactory() if i == 0 else None,
        )
        sibling.tags.add("strikes")
        BylineFactory(article=sibling, author=author)
    ArticleFactory(
        live=True,
        primary_topic=world,
        headline="부산항 파업 2주째",
        language="ko",
        body="<p>크레인 기사들이 파업을 이어갔다.</p>",
        is_featured=True,
    )
    day = timezone.localtime(story.published_at)
    return {
        "home": "/",
        "article": story.get_absolute_url(),
        "topic": "/topics/asia/",
        "author": "/authors/mina-cho/",
        "tag": "/tags/strikes/",
        "search with results": "/search/?q=strike",
        "search without results": "/search/?q=zeppelin",
        "search with bad filters": "/search/?q=port&start=2026-13-45&topic=nope",
        "search form": "/search/",
        "year archive": f"/{day:%Y}/",
        "month archive": f"/{day:%Y/%m}/",
        "day archive": f"/{day:%Y/%m/%d}/",
        "404": "/no/such/page/",
    }


def test_no_serious_or_critical_axe_violations_on_any_public_page(
    live_server, browser, public_pages
):
    script = need(AXE).read_text()
    # axe is injected as an inline script, which the site's CSP forbids (as it should).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    problems = []
    try:
        for name, path in public_pages.items():
            page.goto(live_server.url + path)
            page.add_script_tag(content=script)
            result = page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})"
            )
            for violation in result["violations"]:
                if violation["impact"] in SERIOUS:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(
                        f"{name} {path}: {violation['id']} ({violation['impact']}) {targets}"
                    )
    finally:
        context.close()
    assert not problems, "\n".join(problems)


class Structure(HTMLParser):
    """Collect headings and <img> attributes from a page's source."""

    def __init__(self):
        super().__init__()
        self.headings, self.images = [], []

    def handle_starttag(self, tag, attrs):
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        elif tag == "img":
            self.images.append(dict(attrs))


def test_no_nu_html_checker_errors_and_sound_structure(client, public_pages, tmp_path):
    jar = need(VNU)
    files, problems = {}, []
    for name, path in public_pages.items():
        response = client.get(path)
        assert response.status_code == (404 if name == "404" else 200), path
        html = response.content.decode()
        target = tmp_path / f"{len(files):02d}.html"
        target.write_text(html)
        files[str(target)] = name

        structure = Structure()
        structure.feed(html)
        if structure.headings.count(1) != 1:
            problems.append(f"{name}: {structure.headings.count(1)} h1 elements")
        for before, after in zip(structure.headings, structure.headings[1:], strict=False):
            if after > before + 1:
                problems.append(f"{name}: heading level jumps from h{before} to h{after}")
        for img in structure.images:
            if not img.get("width") or not img.get("height") or "alt" not in img:
                problems.append(f"{name}: <img> without width, height or alt: {img.get('src')}")

    # The 500 page is a file the server renders without a database: check it as it is sent.
    from newsroom.views import server_error

    target = tmp_path / "500.html"
    target.write_bytes(server_error(None).content)
    files[str(target)] = "500"

    run = subprocess.run(
        [
            java(),
            "-jar",
            str(jar),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stderr or run.stdout)
    for message in report["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            name = files.get(message.get("url", "").removeprefix("file:"), message.get("url"))
            problems.append(f"{name}: line {message.get('lastLine')}: {message['message']}")
    assert not problems, "\n".join(problems)


def test_keyboard_focus_print_and_no_page_errors(live_server, new_page, public_pages):
    page = new_page()
    page.goto(live_server.url + public_pages["article"])
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box and box["y"] >= 0, "the focused skip link must be on screen"
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    page.emulate_media(media="print")
    assert page.locator(".site-header").evaluate("el => getComputedStyle(el).display") == "none"
    assert page.locator(".story-links").evaluate("el => getComputedStyle(el).display") == "none"
    assert page.locator(".story__headline").is_visible()
    page.emulate_media(media="screen")

    for name, path in public_pages.items():
        if name != "404":  # Chromium logs the 404 status itself as a console error
            page.goto(live_server.url + path)
    assert not page.errors, page.errors
