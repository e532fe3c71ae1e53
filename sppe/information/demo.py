"""The demo territory's contacts and texts (CC de Vie et Boulogne, reference document 003).

Called by the demo loader; idempotent. Contact details are the RPE's public ones, the
texts describe what the operating project 2025-2029 says the RPE does.
"""

from django.db import transaction

from .enums import ContactKind, ContentKey, ContentLanguage
from .models import Contact, LocalContent
from .services import contact_save

RPE = {
    "name": "Relais Petite Enfance Vie et Boulogne",
    "kind": ContactKind.RPE,
    "address": "24 rue des Landes (zone de la Gendronnière)\n85170 Le Poiré-sur-Vie",
    "phone": "02 51 31 93 18",
    "email": "relaispetiteenfance@vieetboulogne.fr",
    "hours_note": (
        "Rendez-vous sur place, en visio ou par téléphone, au siège de la Communauté de "
        "communes ; prise de rendez-vous en ligne."
    ),
    "position": 0,
}

TEXTS = {
    ContentKey.CHILDMINDER_SEARCH: (
        "Trouver un assistant maternel en Vie et Boulogne",
        "Le Relais ne diffuse plus de liste d'assistants maternels : il vous aide à déposer "
        "une **offre d'emploi** que les assistants maternels du territoire reçoivent, et vous "
        "oriente vers [monenfant.fr](https://monenfant.fr), où ils publient leurs places.",
    ),
    ContentKey.AFTER_REFUSAL: (
        "Sans place en crèche, le Relais vous accompagne",
        "Prenez rendez-vous avec le Relais Petite Enfance : il fait le point avec vous sur "
        "les autres modes d'accueil du territoire.\n\n"
        "- les assistants maternels et les MAM des 15 communes\n"
        "- les micro-crèches\n"
        "- l'accueil occasionnel",
    ),
}


@transaction.atomic
def load_demo_information():
    contact = Contact.objects.filter(name=RPE["name"]).first() or Contact()
    for field, value in RPE.items():
        setattr(contact, field, value)
    contact_save(contact=contact)
    for key, (title, body) in TEXTS.items():
        LocalContent.objects.update_or_create(
            key=key,
            language=ContentLanguage.FRENCH,
            defaults={"title": title, "body": body},
        )
