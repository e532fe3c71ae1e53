from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sppe.territories.models import Territory

from .forms import EmailAuthenticationForm
from .perms import communes_in_perimeter


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
