"""How passwords are stored.

Argon2id with the parameters OWASP's Password Storage Cheat Sheet lists first (19 MiB of
memory, 2 iterations, 1 lane). Django's own defaults are PBKDF2 with 1,000,000 iterations,
which took 0.9 s of CPU per login on the 2-core server (docs/scale.md, "Load run"): fifty
people signing in at the start of a meeting day queued behind each other for half a
minute. Argon2id at these settings takes a few tens of milliseconds and is harder to attack
with GPUs than PBKDF2, because each guess needs its 19 MiB of memory.

Passwords stored with an older hasher (PBKDF2 in the settings' list) still log in and are
re-stored with Argon2id on that login (Django's ``must_update``).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's first recommended setting: m=19 MiB, t=2, p=1."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
