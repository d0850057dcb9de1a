"""What the admin's index links to (dashboard/templatetags/admin_links.py): the CSV pages
only for those they would not answer 404."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_admin_index_links_to_the_csv_pages_only_for_administrators(client, city, superuser):
    staff_with_admin_access = factories.StreetStaffFactory(
        username="clerk", street=city.street_a1, is_staff=True
    )
    client.force_login(staff_with_admin_access)
    assert reverse("admin_import_csv") not in client.get(reverse("admin:index")).content.decode()
    client.force_login(superuser)
    assert reverse("admin_import_csv") in client.get(reverse("admin:index")).content.decode()
