"""core/hashers.py and the production settings' PASSWORD_HASHERS: new passwords are stored
with Argon2id at OWASP's setting; passwords stored with PBKDF2 still log in and are moved
to Argon2id on that login. (The test settings use MD5 for speed; these tests put the
production list back.)"""

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import override_settings

from config.settings import base
from core.hashers import Argon2idPasswordHasher

from .. import factories

pytestmark = pytest.mark.django_db

production_hashers = override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)


@production_hashers
def test_a_new_password_is_stored_with_argon2id_at_owasps_setting():
    encoded = make_password("a long passphrase for the hall")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert isinstance(identify_hasher(encoded), Argon2idPasswordHasher)


@production_hashers
def test_a_password_stored_with_pbkdf2_logs_in_and_is_restored_with_argon2id(client):
    user = factories.StreetStaffFactory(username="old_hash")
    user.password = make_password("a long passphrase for the hall", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = client.post(
        "/accounts/login/",
        {"username": "old_hash", "password": "a long passphrase for the hall"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
