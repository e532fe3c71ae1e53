from django.core.management.base import BaseCommand

from sppe.dossiers.campaigns import age_limit_exit, campaign_run, flag_expected_not_born


class Command(BaseCommand):
    help = (
        "Tient la liste d'attente à jour : ouvre les campagnes de confirmation programmées, "
        "envoie les rappels et l'avertissement, clôt les dossiers sans réponse après la date "
        "limite, signale les naissances non déclarées et clôt les dossiers dont les enfants "
        "auront 3 ans à la prochaine commission. À lancer chaque jour (cron)."
    )

    def handle(self, *args, **options):
        counts = campaign_run()
        births = flag_expected_not_born()
        exits = age_limit_exit()
        self.stdout.write(
            f"Campagnes ouvertes : {counts['opened']} ({counts['requests']} famille(s) "
            f"sollicitée(s)) ; rappels : {counts['reminders']} ; avertissements : "
            f"{counts['warnings']} ; dossiers clos sans réponse : {counts['lapsed']} ; "
            f"naissances à déclarer signalées : {births} ; sorties pour limite d'âge : {exits}."
        )
