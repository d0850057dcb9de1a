"""The roles an account can have. Kept apart from the models so that the scoping rules can
read them without importing the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STREET_STAFF = "street_staff", _("street office staff")
    DISTRICT_OFFICIAL = "district_official", _("district official")
    CITY_OFFICIAL = "city_official", _("city official")
    ADMINISTRATOR = "administrator", _("administrator")
    DEPARTMENT_STAFF = "department_staff", _("department staff")
