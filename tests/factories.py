"""Factories for every model, in one place."""

import datetime

import factory
from factory.django import DjangoModelFactory

from districts.models import Community, District, Role, Street, User

PASSWORD = "correct-horse-battery"


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"D{n:03d}")
    name = factory.Sequence(lambda n: f"区{n}")
    main_urban = True


class StreetFactory(DjangoModelFactory):
    class Meta:
        model = Street
        django_get_or_create = ("code",)

    district = factory.SubFactory(DistrictFactory)
    code = factory.Sequence(lambda n: f"S{n:04d}")
    name = factory.Sequence(lambda n: f"街道{n}")
    kind = Street.Kind.STREET


class CommunityFactory(DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ("code",)

    street = factory.SubFactory(StreetFactory)
    code = factory.Sequence(lambda n: f"C{n:05d}")
    name = factory.Sequence(lambda n: f"社区{n}")
    kind = Community.Kind.COMMUNITY
    representatives = 40


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    role = Role.CITY_OFFICIAL
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class StreetStaffFactory(UserFactory):
    role = Role.STREET_STAFF
    street = factory.SubFactory(StreetFactory)


class DistrictOfficialFactory(UserFactory):
    role = Role.DISTRICT_OFFICIAL
    district = factory.SubFactory(DistrictFactory)


class CityOfficialFactory(UserFactory):
    role = Role.CITY_OFFICIAL


class AdministratorFactory(UserFactory):
    role = Role.ADMINISTRATOR
    is_staff = True


class OfficialFactory(DjangoModelFactory):
    class Meta:
        model = "districts.Official"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"O{n:05d}")
    name = factory.Sequence(lambda n: f"官员{n}")


class PostingFactory(DjangoModelFactory):
    class Meta:
        model = "districts.Posting"

    official = factory.SubFactory(OfficialFactory)
    community = factory.SubFactory(CommunityFactory)
    role = "police"
    organisation = "派出所"
    start_date = datetime.date(2008, 1, 1)
    end_date = None


class RepresentativeFactory(DjangoModelFactory):
    class Meta:
        model = "districts.Representative"

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"代表{n}")
    group = factory.Sequence(lambda n: f"{n % 9 + 1}栋")
    phone = ""
    start_date = datetime.date(2008, 1, 1)
    end_date = None


class GrievanceFactory(DjangoModelFactory):
    """An open, undisposed item; pass disposition/dates to shape it."""

    class Meta:
        model = "grievances.Grievance"

    reference = factory.Sequence(lambda n: f"T-2009-{n:04d}")
    community = factory.SubFactory(CommunityFactory)
    kind = "complaint"
    summary = factory.Sequence(lambda n: f"意见{n}")
    received_on = datetime.date(2009, 3, 1)
