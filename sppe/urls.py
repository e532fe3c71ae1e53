from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("sppe.core.urls")),
    path("compte/", include("sppe.accounts.urls")),
    path("territoire/", include("sppe.territories.urls")),
    path("offre/", include("sppe.offers.urls")),
    path("offre/listes/", include("sppe.offers.urls_lists")),
    path("donnees/", include("sppe.offers.urls_opendata")),
    path("api/v1/", include("sppe.offers.api.urls")),
    path("informations/", include("sppe.information.urls")),
    path("guichet/", include("sppe.dossiers.urls")),
    path("guichet/campagnes/", include("sppe.dossiers.urls_campaigns")),
    path("commission/", include("sppe.allocation.urls")),
    path("relais/", include("sppe.relais.urls")),
    path("observatoire/", include("sppe.observatory.urls")),
    path("", include("sppe.steering.urls")),
    path("administration/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "sppe.core.views.permission_denied"
handler404 = "sppe.core.views.page_not_found"
handler500 = "sppe.core.views.server_error"
