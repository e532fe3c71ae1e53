from django.db import migrations

# The closed list of themes a new instance starts with (document 003, section 2.2);
# the territory's administrators edit it in the technical administration.
THEMES = [
    "Recherche d'un mode d'accueil",
    "Contrat de travail et convention collective",
    "Démarches d'employeur et aides (Pajemploi, CMG)",
    "Droits et statut de l'assistant maternel",
    "Agrément",
    "Formation continue",
    "Projet de MAM ou de micro-crèche",
    "Éveil et développement de l'enfant",
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("relais", "Theme")
    for position, label in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(label=label, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("relais", "0002_contacts")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
