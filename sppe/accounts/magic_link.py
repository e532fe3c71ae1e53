"""Log-in links for families: an e-mail address is enough, no password to remember.

The link carries a signed, dated token naming the account and a fingerprint of its
e-mail address, password hash and last log-in. It stops working after 24 hours, as
soon as it has been used (the last log-in changes), or if the address or password
changes. Only family accounts may log in this way: professionals use a password.
"""

import hashlib

from django.core import signing

from .enums import Role

SALT = "sppe.accounts.magic-link"
MAX_AGE_SECONDS = 24 * 3600


def _fingerprint(user) -> str:
    last_login = user.last_login.isoformat() if user.last_login else ""
    material = f"{user.pk}|{user.email.strip().lower()}|{user.password}|{last_login}"
    return hashlib.sha256(material.encode()).hexdigest()[:24]


def make_token(user) -> str:
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=SALT)


def read_token(token: str):
    """The family account the token names, or None (expired, used, tampered)."""
    from .models import User

    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True, role=Role.FAMILY).first()
    if user is None or _fingerprint(user) != data.get("f"):
        return None
    return user
