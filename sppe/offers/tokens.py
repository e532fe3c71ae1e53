"""Magic links for assistants maternels: no password to remember.

The link carries a signed, dated token naming the AM and a fingerprint of her e-mail
address, so it stops working after its lifetime or if the address changes.
"""

import hashlib

from django.core import signing

SALT = "sppe.offers.availability-link"
MAX_AGE_SECONDS = 14 * 24 * 3600


def _fingerprint(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def make_token(childminder) -> str:
    return signing.dumps({"am": childminder.pk, "e": _fingerprint(childminder.email)}, salt=SALT)


def read_token(token: str, *, queryset):
    """The Childminder the token names, or None (expired, tampered, address changed)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    childminder = queryset.filter(pk=data.get("am"), is_active=True).first()
    if childminder is None or not childminder.email:
        return None
    if _fingerprint(childminder.email) != data.get("e"):
        return None
    return childminder
