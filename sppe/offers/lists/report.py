"""The plain-text report of a preview, printed by the management command."""

from django.utils.translation import gettext as _


def text_report(list_import) -> list[str]:
    summary = list_import.summary
    counts = summary["counts"]
    lines = [
        _("Fichier : %(name)s (%(kind)s), %(lines)s lignes lues.")
        % {
            "name": list_import.file_name,
            "kind": list_import.get_kind_display(),
            "lines": counts["lines"],
        },
        *summary.get("notices", []),
        _(
            "Créés : %(created)s ; modifiés : %(updated)s ; inchangés : %(unchanged)s ; "
            "absents du fichier (à archiver ?) : %(absent)s."
        )
        % counts,
    ]
    if summary.get("missing_columns"):
        lines.append(
            _(
                "Colonnes facultatives absentes du fichier (valeurs actuelles gardées) : "
                "%(columns)s."
            )
            % {"columns": ", ".join(summary["missing_columns"])}
        )
    if counts["errors"]:
        lines.append(
            _("%(count)s ligne(s) en erreur : rien ne peut être appliqué.")
            % {"count": counts["error_lines"]}
        )
        lines += [error["text"] for error in summary["errors"]]
        if counts["errors"] > len(summary["errors"]):
            lines.append(
                _("… et %(more)s autres erreurs.")
                % {"more": counts["errors"] - len(summary["errors"])}
            )
        lines.append(_("Corrigez ces lignes puis relancez l'import."))
    for update in summary.get("updates", []):
        changes = " ; ".join(
            f"{change['label']} : « {change['old']} » → « {change['new']} »"
            for change in update["changes"]
        )
        lines.append(
            _("ligne %(line)s, %(label)s (%(key)s) : %(changes)s") % {**update, "changes": changes}
        )
    return lines
