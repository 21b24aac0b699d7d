"""Factories for tests: real rows, real (small) images made with Pillow in memory."""

import io
import itertools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image

from articles.models import Article, Byline, Correction, Publication, Status
from authors.models import Author
from photos.ingest import ingest_photo
from photos.models import Photo
from topics.models import Topic

_colours = itertools.cycle([(180, 40, 40), (40, 120, 180), (60, 150, 70), (200, 160, 40)])


def image_file(width=640, height=360, fmt="JPEG", colour=None, name=None, **save_options):
    """Return a named in-memory image file drawn with Pillow."""
    mode = "RGBA" if fmt == "PNG" and save_options.pop("alpha", False) else "RGB"
    image = Image.new(mode, (width, height), colour or next(_colours))
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save_options)
    buffer.seek(0)
    buffer.name = name or f"test.{fmt.lower().replace('jpeg', 'jpg')}"
    buffer.size = len(buffer.getvalue())
    return buffer


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@newsroom.example")
    password = factory.django.Password("a-long-test-password")
    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
            if extracted == "Admin":
                self.is_superuser = True
                self.save(update_fields=["is_superuser"])


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class PhotoFactory(factory.Factory):
    """Make photos through the real upload path (validation, clean original, renditions)."""

    class Meta:
        model = Photo

    caption = "Cranes stand idle at the container terminal."
    credit = "PHOTO: HANBIT NEWS AGENCY"
    alt_text = "Idle cranes over a container terminal"
    width = 640
    height = 360

    @classmethod
    def _create(cls, model_class, width, height, **fields):
        return ingest_photo(image_file(width, height), **fields)

    @classmethod
    def _build(cls, model_class, width, height, **fields):
        return model_class(**fields)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")
    job_title = "Correspondent"


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        django_get_or_create = ["name"]

    name = "Harbour Times"
    url = "https://harbourtimes.example"


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft article; ``ArticleFactory(live=True)`` is published an hour ago."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    class Params:
        live = factory.Trait(
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1)),
        )

    headline = factory.Sequence(lambda n: f"Dock strike enters day {n}")
    slug = factory.Sequence(lambda n: f"dock-strike-day-{n}")
    dek = "Crane operators say automation will cut jobs."
    body = "<p>The strike began on Monday.</p><h2>Ships diverted</h2><p>Lines sent ships elsewhere.</p>"
    dateline = "SEOUL"
    primary_topic = factory.SubFactory(TopicFactory)

    @factory.post_generation
    def file_topics(self, create, extracted, **kwargs):
        if create:
            self.file_under_primary_topic()


class BylineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Byline

    article = factory.SubFactory(ArticleFactory)
    author = factory.SubFactory(AuthorFactory)
    position = factory.Sequence(lambda n: n)


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text = "An earlier version misstated the number of ships waiting."


def ready_article(**kwargs):
    """Return a draft that passes the pre-publish checklist."""
    article = ArticleFactory(lead_photo=kwargs.pop("lead_photo", None) or PhotoFactory(), **kwargs)
    BylineFactory(article=article)
    return article
