import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sppe.territories.models import Territory

from .forms import EmailAuthenticationForm
from .perms import communes_in_perimeter

logger = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@login_required
@require_GET
def account_home(request):
    territory = Territory.objects.current()
    perimeter = communes_in_perimeter(request.user, territory)
    return render(
        request,
        "accounts/home.html",
        {"perimeter_count": perimeter.count(), "perimeter": perimeter.order_by("name")[:50]},
    )


def login_locked_out(request, response=None, credentials=None, *args, **kwargs):
    """Too many failed sign-ins for this account or from this address (django-axes).

    Says the same whether the account exists or not, and logs no address.
    """
    logger.warning("sign-in refused after too many failures")
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(
        request,
        "accounts/login_locked.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
