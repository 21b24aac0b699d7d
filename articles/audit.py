"""
Account events on the audit trail: role (group) changes, permission changes
and the staff, superuser and active flags of users.

These are recorded from signals because roles can change from anywhere (the
admin, the shell, a management command). The acting user comes from
``acting_as()``, which the user and group admins wrap around their views;
elsewhere the actor is recorded as unknown.
"""

import contextvars
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import ArticleEvent

FLAGS = ("is_active", "is_staff", "is_superuser")
_actor = contextvars.ContextVar("audit_actor", default=None)

User = get_user_model()


@contextmanager
def acting_as(user):
    """Attribute account events recorded inside the block to ``user``."""
    token = _actor.set(user if user is not None and user.is_authenticated else None)
    try:
        yield
    finally:
        _actor.reset(token)


def record(kind, *, target_user=None, **data):
    return ArticleEvent.objects.create(
        kind=kind,
        actor=_actor.get(),
        target_user=target_user,
        data={k: v for k, v in data.items() if v not in (None, [], {})},
    )


def record_for(kind, user, **data):
    """Record an event about ``user``'s account."""
    return record(kind, target_user=user, username=user.get_username(), **data)


@receiver(m2m_changed, sender=User.groups.through)
def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Record roles given or taken, from either side (user.groups or group.user_set)."""
    if action == "pre_clear":
        # The rows are about to go and post_clear will not say which they were.
        instance._cleared_groups = (
            list(instance.user_set.values_list("pk", flat=True))
            if reverse
            else list(instance.groups.values_list("pk", flat=True))
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pks = (
        set(getattr(instance, "_cleared_groups", []))
        if action == "post_clear"
        else set(pk_set or ())
    )
    if not pks:
        return
    verb = "added" if action == "post_add" else "removed"
    if reverse:  # instance is a Group; pks are users
        for user in User.objects.filter(pk__in=pks):
            record_for("user.groups_changed", user, **{verb: [instance.name]})
    else:
        names = sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))
        record_for("user.groups_changed", instance, **{verb: names})


@receiver(m2m_changed, sender=User.user_permissions.through)
def user_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action in ("post_add", "post_remove") and not reverse and pk_set:
        verb = "added" if action == "post_add" else "removed"
        record_for("user.permissions_changed", instance, **{verb: _permission_names(pk_set)})


@receiver(m2m_changed, sender=Group.permissions.through)
def group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action in ("post_add", "post_remove") and not reverse and pk_set:
        verb = "added" if action == "post_add" else "removed"
        record(
            "group.permissions_changed", group=instance.name, **{verb: _permission_names(pk_set)}
        )


def _permission_names(pks):
    from django.contrib.auth.models import Permission

    return sorted(
        f"{app}.{code}"
        for app, code in Permission.objects.filter(pk__in=pks).values_list(
            "content_type__app_label", "codename"
        )
    )


@receiver(pre_save, sender=User)
def remember_flags(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(FLAGS):
        return  # e.g. the last_login update at every login
    instance._old_flags = User.objects.filter(pk=instance.pk).values(*FLAGS).first()


@receiver(post_save, sender=User)
def flags_changed(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        record_for(
            "user.created",
            instance,
            **{flag: True for flag in FLAGS if getattr(instance, flag) and flag != "is_active"},
        )
        return
    old = getattr(instance, "_old_flags", None)
    instance._old_flags = None
    if not old:
        return
    changed = {
        flag: getattr(instance, flag) for flag in FLAGS if old[flag] != getattr(instance, flag)
    }
    if changed:
        on = [f for f, v in changed.items() if v]
        off = [f for f, v in changed.items() if not v]
        record_for("user.flags_changed", instance, set=on, unset=off)


@receiver(post_delete, sender=User)
def user_deleted(sender, instance, **kwargs):
    record("user.deleted", username=instance.get_username())
