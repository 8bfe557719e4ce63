"""The findings in sentences, written from the figures: what an elected official reads first."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .french_numbers import format_number

MOST_NAMED = 3


def summary_sentences(diagnosis):
    """A handful of sentences, each built from one table, in the report's order."""
    sentences = [offer_sentence(diagnosis), access_sentence(diagnosis)]
    sentences += [
        sentence
        for sentence in (
            expert_sentence(diagnosis),
            distance_sentence(diagnosis),
            demand_sentence(diagnosis),
            fragility_sentence(diagnosis),
        )
        if sentence
    ]
    return sentences


def offer_summary(diagnosis):
    """The sentences about the offer only, for the public Observatoire."""
    return [offer_sentence(diagnosis), access_sentence(diagnosis), expert_sentence(diagnosis)]


def offer_sentence(diagnosis):
    totals = diagnosis.totals
    places = ngettext(
        "%(scope)s : %(count)s lieu d'aide au numérique",
        "%(scope)s : %(count)s lieux d'aide au numérique",
        totals["places"],
    ) % {"scope": diagnosis.scope.name, "count": totals["places"]}
    hours = _(
        ", ouverts %(hours)s heures par semaine au total, dont %(outside)s heures après 18 h ou "
        "le samedi."
    ) % {
        "hours": format_number(totals["hours"]),
        "outside": format_number(totals["outside_office_hours"]),
    }
    return places + hours


def access_sentence(diagnosis):
    totals = diagnosis.totals
    drop_in = ngettext(
        "%(count)s lieu reçoit sans rendez-vous",
        "%(count)s lieux reçoivent sans rendez-vous",
        totals["drop_in"],
    ) % {"count": totals["drop_in"]}
    step_free = ngettext(
        "%(count)s est accessible en fauteuil roulant.",
        "%(count)s sont accessibles en fauteuil roulant.",
        totals["step_free"],
    ) % {"count": totals["step_free"]}
    return f"{drop_in} ; {step_free}"


def expert_sentence(diagnosis):
    heat = diagnosis.heat
    missing = [
        need.title
        for need, levels in zip(heat["needs"], heat["levels"], strict=True)
        if max(levels, default=0) < 3
    ]
    if not missing:
        return ""
    return ngettext(
        "%(count)s besoin n'a aucun lieu expert (★★★) : %(needs)s.",
        "%(count)s besoins n'ont aucun lieu expert (★★★) : %(needs)s.",
        len(missing),
    ) % {"count": len(missing), "needs": _named(missing)}


def distance_sentence(diagnosis):
    if not diagnosis.gaps:
        return ""
    postcodes = {row["postcode"] for row in diagnosis.gaps}
    farthest = max(diagnosis.gaps, key=lambda row: row["distance"] or float("inf"))
    sentence = ngettext(
        "%(count)s code postal est à plus de %(threshold)s km d'un lieu ★★ pour au moins un besoin",
        "%(count)s codes postaux sont à plus de %(threshold)s km d'un lieu ★★ pour au moins un "
        "besoin",
        len(postcodes),
    ) % {"count": len(postcodes), "threshold": format_number(diagnosis.threshold_km)}
    if farthest["distance"] is None:
        detail = _(" ; « %(need)s » n'a aucun lieu ★★ du tout.") % {"need": farthest["need"].title}
    else:
        detail = _(" ; le plus loin : %(postcode)s, à %(distance)s km pour « %(need)s ».") % {
            "postcode": farthest["label"],
            "distance": format_number(farthest["distance"]),
            "need": farthest["need"].title,
        }
    return sentence + detail


def demand_sentence(diagnosis):
    rows = diagnosis.tables["recherches"].rows
    searches = sum(row[1] for row in rows)
    if not searches:
        return ""
    without = sum(row[2] for row in rows)
    sentence = ngettext(
        "Sur les %(days)s derniers jours, %(count)s recherche, dont %(without)s sans résultat "
        "(%(percent)s %%)",
        "Sur les %(days)s derniers jours, %(count)s recherches, dont %(without)s sans résultat "
        "(%(percent)s %%)",
        searches,
    ) % {
        "days": diagnosis.scope.period_days,
        "count": searches,
        "without": without,
        "percent": round(100 * without / searches),
    }
    if without:
        sentence += _(" ; le plus souvent en vain : %(postcode)s.") % {"postcode": rows[0][0]}
    else:
        sentence += "."
    # A long list of communes is cut with an ellipsis, which already ends the sentence.
    return sentence.removesuffix(".") if sentence.endswith("….") else sentence


def fragility_sentence(diagnosis):
    rows = diagnosis.tables["fragilite"].rows
    if not rows:
        return ""
    _rank, _insee, commune, score, places, _hours, _experts = rows[0]
    return ngettext(
        "La commune la plus fragile est %(commune)s (indice %(score)s), avec %(count)s lieu.",
        "La commune la plus fragile est %(commune)s (indice %(score)s), avec %(count)s lieux.",
        places,
    ) % {"commune": commune, "score": format_number(score), "count": places}


def _named(titles):
    shown = ", ".join(titles[:MOST_NAMED])
    if len(titles) > MOST_NAMED:
        more = len(titles) - MOST_NAMED
        shown += ngettext(" et %(count)s autre", " et %(count)s autres", more) % {"count": more}
    return shown
