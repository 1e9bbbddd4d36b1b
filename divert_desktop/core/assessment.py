"""What an assessment form knows before the first answer: the facts of the referral (context)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from divert_desktop.core.eligibility import age_on
from divert_desktop.core.enums import Substance

__all__ = ["ASSIST_CLASS", "DEFAULT_FORM_ID", "assessment_context", "substance_code"]

DEFAULT_FORM_ID = "divert_assessment"
"""The form a new assessment uses unless another is chosen."""

ASSIST_CLASS: dict[Substance, str] = {
    Substance.CANNABIS: "cannabis",
    Substance.SYNTHETIC_CANNABINOIDS: "other",
    Substance.COCAINE: "cocaine",
    Substance.CRACK_COCAINE: "cocaine",
    Substance.HEROIN: "opioids",
    Substance.MDMA: "amphetamine",
    Substance.AMPHETAMINE: "amphetamine",
    Substance.MEPHEDRONE: "amphetamine",
    Substance.KETAMINE: "hallucinogens",
    Substance.PSILOCYBIN: "hallucinogens",
    Substance.LSD: "hallucinogens",
    Substance.NITROUS_OXIDE: "inhalants",
    Substance.BENZODIAZEPINES: "sedatives",
    Substance.GHB_GBL: "sedatives",
    Substance.OTHER: "other",
}
"""The WHO ASSIST class each substance on a police referral belongs to (WHO's own examples:
ecstasy with the amphetamine-type stimulants, ketamine with the hallucinogens)."""


def substance_code(substance: Substance | str) -> str:
    """A substance as a form's option value: "crack cocaine" -> "crack_cocaine"."""
    return re.sub(r"[^a-z0-9]+", "_", Substance(substance).value.lower()).strip("_")


def assessment_context(
    *,
    date_of_birth: date,
    referral_date: date,
    young_person: bool,
    substances: Iterable[Any],
    today: date,
) -> dict[str, Any]:
    """The facts a form's conditions and pre-filled answers may use.

    ``young_person`` (under 18 on the referral date: the safeguarding section always shows),
    ``age`` on the referral date, ``substances`` (option codes of the substances the police
    found), ``assist_classes`` (their WHO ASSIST classes) and ``today`` (ISO date).
    """
    found = [Substance(s) for s in substances]
    classes: list[str] = []
    for s in found:
        if ASSIST_CLASS[s] not in classes:
            classes.append(ASSIST_CLASS[s])
    return {
        "young_person": bool(young_person),
        "age": age_on(date_of_birth, referral_date),
        "substances": [substance_code(s) for s in found],
        "assist_classes": classes,
        "today": today.isoformat(),
    }
