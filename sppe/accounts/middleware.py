"""Professionals' sessions end after an idle time and after a maximum time.

Families and childminders keep the default session (they come back rarely and hold
no one else's data); every other role reaches families' data, so its session ends
after `PROFESSIONAL_IDLE_TIMEOUT` seconds without a request and, whatever it does,
`PROFESSIONAL_ABSOLUTE_TIMEOUT` seconds after signing in.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from .enums import Role

# Roles whose session is the default one; every other role is "professional".
NON_PROFESSIONAL_ROLES = frozenset({Role.FAMILY, Role.CHILDMINDER})
SIGNED_IN_AT = "sppe_signed_in_at"
LAST_SEEN_AT = "sppe_last_seen_at"
SEEN_PRECISION = 60  # seconds


def is_professional(user) -> bool:
    return user.is_authenticated and user.role not in NON_PROFESSIONAL_ROLES


class ProfessionalSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and is_professional(user):
            now = time.time()
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen_at = session.get(LAST_SEEN_AT, now)
            idle = now - last_seen_at > settings.PROFESSIONAL_IDLE_TIMEOUT
            too_long = now - signed_in_at > settings.PROFESSIONAL_ABSOLUTE_TIMEOUT
            if idle or too_long:
                logout(request)
                messages.info(
                    request,
                    _(
                        "Votre session a pris fin après %(minutes)s minutes sans activité : "
                        "reconnectez-vous."
                    )
                    % {"minutes": settings.PROFESSIONAL_IDLE_TIMEOUT // 60}
                    if idle
                    else _("Votre session a pris fin après %(hours)s heures : reconnectez-vous.")
                    % {"hours": settings.PROFESSIONAL_ABSOLUTE_TIMEOUT // 3600},
                )
                return redirect_to_login(request.get_full_path())
            if now - last_seen_at > SEEN_PRECISION or LAST_SEEN_AT not in session:
                session[LAST_SEEN_AT] = now  # a session write a minute at most
        return self.get_response(request)
