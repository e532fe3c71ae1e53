from django.utils.translation import gettext_lazy as _

AGREEMENT_LABELS = (
    _("Pas du tout d'accord"),
    _("Plutôt pas d'accord"),
    _("Ni d'accord ni pas d'accord"),
    _("Plutôt d'accord"),
    _("Tout à fait d'accord"),
)
SCALE_LABELS = tuple(str(n) for n in range(11))


def labels_of(question) -> list[str]:
    if question.kind == "scale":
        return list(SCALE_LABELS)
    if question.kind == "agreement":
        return [str(label) for label in AGREEMENT_LABELS]
    return list(question.choices)
