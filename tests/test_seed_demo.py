import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Status

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_a_newsroom_once_with_generated_passwords(capsys, settings, tmp_path):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert Article.objects.published().count() >= 12
    assert Article.objects.scheduled().count() == 1
    assert Article.objects.filter(status=Status.DRAFT).exists()
    syndicated = Article.objects.get(source__isnull=False)
    assert syndicated.dateline == "SEOUL" and syndicated.topics.count() == 3
    assert syndicated.bylines.count() == 2 and "<h2>" in syndicated.body
    assert syndicated.lead_photo.credit.startswith("PHOTO: ")
    assert Article.objects.filter(corrections__isnull=False).exists()

    users = get_user_model().objects.filter(username__in=["writer", "editor", "admin"])
    assert {u.groups.get().name for u in users} == {"Writer", "Editor", "Admin"}
    passwords = [line.split("password: ")[1] for line in out.splitlines() if "password: " in line]
    assert len(passwords) == 3 and len(set(passwords)) == 3
    for user in users:
        assert any(user.check_password(p) for p in passwords)

    call_command("seed_demo")  # a second run changes nothing and prints no passwords
    assert "password:" not in capsys.readouterr().out
    assert Article.objects.count() == 15
