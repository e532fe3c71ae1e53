from django.urls import path

from . import views, views_family

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("", views.account_home, name="home"),
    path("inscription/", views_family.signup, name="signup"),
    path("lien-de-connexion/", views_family.link_request, name="link_request"),
    path("lien-envoye/", views_family.link_sent, name="link_sent"),
    path("lien/<str:token>/", views_family.magic_login, name="magic_login"),
    path("mot-de-passe/", views_family.password_set, name="password_set"),
]
