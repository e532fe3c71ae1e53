"""Family accounts: sign up with an e-mail address, log in by link or password.

A family signs up with its e-mail address and receives a log-in link (which proves
the address is its own); it may then choose a password, or keep asking for links.
The pages say the same thing whether an address is known or not, so that nobody can
find out who has an account.
"""

import time

from django import forms
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sppe.notifications.services import email_queue

from . import magic_link
from .enums import Role
from .models import User
from .perms import Capability, capability_required

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
# A sign-in link opened this recently proves the address, as a reset link would: the
# family may then choose a new password without typing the current one.
LINK_LOGIN_AT = "sppe_link_login_at"
LINK_PROOF_SECONDS = 15 * 60


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy("Nous y enverrons un lien pour vous connecter."),
    )
    first_name = forms.CharField(
        label=gettext_lazy("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=gettext_lazy("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class LinkRequestForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


def _send_link(request, user, *, welcome: bool):
    link = request.build_absolute_uri(
        reverse("accounts:magic_login", args=[magic_link.make_token(user)])
    )
    if welcome:
        subject = _("Bienvenue : votre lien pour vous connecter")
        intro = _("Votre compte est créé. Pour vous connecter, ouvrez ce lien")
    else:
        subject = _("Votre lien pour vous connecter")
        intro = _("Pour vous connecter, ouvrez ce lien")
    body = _(
        "Bonjour,\n\n%(intro)s (valable 24 heures, une seule fois) :\n\n%(link)s\n\n"
        "Une fois connecté(e), vous pourrez choisir un mot de passe si vous le souhaitez.\n\n"
        "Si vous n'avez rien demandé, ignorez ce message.\n\n"
        "Le service public de la petite enfance"
    ) % {"intro": intro, "link": link}
    # Through the outbox: stored with the request, sent by a task and retried, so the
    # page never waits for (nor fails with) the mail server.
    email_queue(
        to=user.email,
        subject=subject,
        body=body,
        event="sign_up_link" if welcome else "sign_in_link",
        related=user,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _signup(request, form)
        return redirect("accounts:link_sent")
    return render(request, "accounts/family/signup.html", {"form": form})


@transaction.atomic
def _signup(request, form):
    """The account and its message are stored together, or not at all."""
    email = form.cleaned_data["email"]
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            role=Role.FAMILY,
        )
        _send_link(request, user, welcome=True)
    elif user.is_active and user.role == Role.FAMILY:
        _send_link(request, user, welcome=False)


@never_cache
@require_http_methods(["GET", "POST"])
def link_request(request):
    form = LinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(
            email__iexact=form.cleaned_data["email"], is_active=True, role=Role.FAMILY
        ).first()
        if user is not None:
            _send_link(request, user, welcome=False)
        return redirect("accounts:link_sent")
    return render(request, "accounts/family/link_request.html", {"form": form})


@require_GET
def link_sent(request):
    return render(request, "accounts/family/link_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def magic_login(request, token):
    """GET shows a button, POST logs in: mail scanners that open links use no token."""
    user = magic_link.read_token(token)
    if user is None:
        return render(request, "accounts/family/link_invalid.html", status=403)
    if request.method == "POST":
        login(request, user, backend=LOGIN_BACKEND)
        request.session[LINK_LOGIN_AT] = time.time()
        messages.success(request, _("Vous êtes connecté(e)."))
        return redirect("dossiers:family_home")
    return render(request, "accounts/family/magic_login.html", {"account_email": user.email})


@never_cache
@capability_required(Capability.APPLY)
@require_http_methods(["GET", "POST"])
def password_set(request):
    link_age = time.time() - request.session.get(LINK_LOGIN_AT, 0)
    if request.user.has_usable_password() and link_age > LINK_PROOF_SECONDS:
        # Changing a password asks the current one (or a fresh sign-in link).
        form = PasswordChangeForm(request.user, request.POST or None)
    else:
        form = SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        request.session.pop(LINK_LOGIN_AT, None)
        messages.success(
            request,
            _("Votre mot de passe est enregistré : utilisez-le à votre prochaine connexion."),
        )
        return redirect("dossiers:family_home")
    return render(
        request,
        "accounts/family/password_set.html",
        {"form": form, "asks_current": isinstance(form, PasswordChangeForm)},
    )
