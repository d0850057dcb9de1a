from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every stored row knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A row edited in forms: ``version`` is 1 when created and goes up by one with every
    real change, so a form that carries the version it was loaded at can tell, on save,
    whether someone else saved in between (:mod:`core.concurrency`). simple-history keeps
    the version on every historical record, which is how the refusal shows what changed."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True
