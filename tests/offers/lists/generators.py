"""Generated list files for the tests: no real person, no session state."""

import csv
import io

HOURS = ["Mo-Fr 07:30-18:30", "Mo-Th 08:00-18:00; Fr 08:00-16:00", "Mo-Fr 06:30-19:30", ""]
FIRST_NAMES = ["Sophie", "Nathalie", "Karima", "Élodie", "Fatou", "Isabelle", "Hélène"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Lefèvre", "N'Diaye", "Moreau", "Girard"]


def am_rows(communes, count: int, *, start: int = 0) -> list[dict[str, str]]:
    """`count` valid AM lines over the given communes, one dict per line (header -> cell)."""
    rows = []
    for n in range(start, start + count):
        commune = communes[n % len(communes)]
        rows.append(
            {
                "Numéro d'agrément": f"085-{2000 + n % 25}-{n:05d}",
                "Nom": LAST_NAMES[n % len(LAST_NAMES)],
                "Prénom": FIRST_NAMES[n % len(FIRST_NAMES)],
                "Code INSEE commune": commune.insee_code,
                "Commune": commune.name,
                "Adresse": f"{n % 90 + 1} rue des Lilas",
                "Code postal": commune.postal_codes[0],
                "Téléphone": f"06 {n % 100:02d} {n // 100 % 100:02d} 00 00",
                "E-mail": f"am{n}@exemple.test",
                "Date de naissance": f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/{1960 + n % 40}",
                "Date d'agrément": f"01/09/{2000 + n % 25}",
                "Nombre de places": str(n % 6 + 1),
                "Âge minimum (mois)": "0",
                "Âge maximum (mois)": str(36 + n % 37),
                "Horaires": HOURS[n % len(HOURS)],
                "MAM": "",
                "Adresse publiable": "oui" if n % 3 == 0 else "non",
                "Téléphone publiable": "oui" if n % 2 else "non",
                "Inscrite monenfant.fr": "oui" if n % 4 else "non",
                "Langues": "français, anglais" if n % 5 == 0 else "français",
                "Jardin": "oui" if n % 2 else "non",
                "En activité": "oui",
            }
        )
    return rows


def establishment_rows(communes, count: int) -> list[dict[str, str]]:
    rows = []
    for n in range(count):
        commune = communes[n % len(communes)]
        paje = n % 3 == 2
        rows.append(
            {
                "Identifiant (FINESS/Caf)": f"85001{n:04d}",
                "Nom": f"Multi-accueil n° {n}",
                "Type": "Micro-crèche" if paje else "Multi-accueil",
                "Gestionnaire": "Privé" if paje else "Public (commune, EPCI, CCAS)",
                "Nom du gestionnaire": "Société Petits Pas" if paje else "Communauté de communes",
                "Financement": "PAJE" if paje else "PSU",
                "Adresse": f"{n + 1} place de la Mairie",
                "Code postal": commune.postal_codes[0],
                "Code INSEE commune": commune.insee_code,
                "Commune": commune.name,
                "Capacité": "10" if paje else "30",
                "Âge minimum (mois)": "2",
                "Âge maximum (mois)": "36",
                "Horaires": "Mo-Fr 07:30-18:30; PH off",
                "Fermetures": "3 semaines en août",
                "Téléphone": "02 51 00 00 00",
                "E-mail": f"creche{n}@exemple.test",
                "Site web": "https://www.exemple.test/creche",
                "Prix horaire (PAJE)": "9,50" if paje else "",
                "Repas fournis": "oui",
                "Couches fournies": "oui",
                "Accueil inclusif": "non",
                "Accueil d'urgence": "oui",
                "Accueil occasionnel": "oui",
                "Guichet unique": "oui" if not paje else "non",
                "En activité": "oui",
            }
        )
    return rows


def to_csv(rows, *, headers=None, delimiter=";", encoding="utf-8-sig") -> bytes:
    headers = headers or list(rows[0])
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    return buffer.getvalue().encode(encoding)


def to_xlsx(rows, *, headers=None) -> bytes:
    from openpyxl import Workbook

    headers = headers or list(rows[0])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Liste")
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header, "") or None for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
