"""Dated events stay in their paragraph: breaks lost in scraping end the evidence, verbless parts date nothing."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.events import find_events
from recoupe.read.timex.tagger import tag_timexes
from recoupe.records import Event


def read(nlp: Any, fr: Any, text: str) -> list[Event]:
    doc = nlp(text)
    return find_events(doc, tag_timexes(text, "2023-06-30", fr, doc=doc, article_id="t"), [], "t")


@pytest.mark.parametrize(("text", "second"), [
    ("Le chantier devait finir en avril 2020.Le 14 août 2018, le viaduc s'était effondré sous la pluie.",
     "Le 14 août 2018"),
    ("Le club a perdu sa finale le 3 mai.Dimanche, les supporters ont accueilli les joueurs à l'aéroport.",
     "Dimanche"),
    ("« Nous reviendrons en 2024 », a promis le chef le 8 juin.Mardi, le restaurant a fermé ses portes.",
     "Mardi"),
    ("Le gel a touché les vergers du sud le 4 avril.12 départements ont demandé mardi l'état de catastrophe.",
     "12 départements"),
    ("Les secours ont évacué le quartier le 2 mai.► Vers midi, le préfet a levé l'alerte.", "► Vers midi"),
    ("Le chantier a repris le 3 mai dans le calmeLes ouvriers ont coulé la dalle le 5 mai.", "Les ouvriers"),
    ("L'armée a frappé le 7 janvier les positions rebellesSelon un témoin, les tirs ont repris le 8 janvier.",
     "Selon"),
    ("Le sommet a été reporté le 9 mai sans explicationLe président a reçu mardi les chefs de parti.", "Le président"),
    ("Les stocks ont brûlé le 2 avril sur le siteL'enquête a été élargie samedi au parquet.", "L'enquête"),
    ("La grève a pris fin le 6 mars.A la reprise, lundi, les trains ont circulé normalement.", "A la reprise"),
])
def test_a_stop_glued_to_the_next_capital_ends_the_evidence(nlp: Any, fr: Any, text: str, second: str) -> None:
    events = read(nlp, fr, text)
    brk = text.index(second)
    assert any(ev.evidence.end <= brk for ev in events) and any(ev.evidence.start >= brk for ev in events)
    assert all(ev.evidence.end <= brk or ev.evidence.start >= brk for ev in events)


@pytest.mark.parametrize("text", [
    "M.Dupont a été reçu le 3 mai à l'Élysée par le président.",
    "Le groupe J.-P. Martin a publié le 3 mai ses résultats annuels.",
    "Le fondateur de WikiLeaks a été arrêté le 11 avril à Londres.",
    "La console PlayStation a été lancée en décembre 1994 au Japon.",
])
def test_initials_glued_to_a_name_are_not_a_break(nlp: Any, fr: Any, text: str) -> None:
    events = read(nlp, fr, text)
    assert events and events[0].evidence.text.rstrip(".") == text.rstrip(".")


@pytest.mark.parametrize("text", [
    "Le stade a rouvert ses tribunes au public.► 15h20.",
    "Le ministre a visité le chantier hier.\nMardi 4 avril",
    "Un accord a été trouvé après une longue nuit.\nBruxelles, le 12 mars 2023",
])
def test_a_part_without_a_verb_dates_nothing(nlp: Any, fr: Any, text: str) -> None:
    for ev in read(nlp, fr, text):
        assert "►" not in ev.evidence.text and "\n" not in ev.evidence.text
        assert ev.evidence.end <= text.index(next(c for c in ("►", "\n") if c in text))


def test_a_figure_after_a_stop_inside_a_number_is_not_a_break(nlp: Any, fr: Any) -> None:
    text = "La région a compté 12.500 visiteurs le 3 mai, selon l'office du tourisme."
    events = read(nlp, fr, text)
    assert events and all(ev.evidence.start == 0 for ev in events)


@pytest.mark.parametrize(("text", "second"), [
    ("Le musée rouvrira ses salles en 2025\"Le calendrier sera tenu\", a assuré mardi la directrice.",
     "Le calendrier"),
    ("Le maire a visité l'usine le 2 mai.\"Nous ne fermerons pas\", a-t-il promis lundi aux salariés.",
     "\"Nous ne"),
    ("Les pompiers sont intervenus le 9 juin.«Tout a brûlé», a raconté jeudi un voisin.", "«Tout"),
    ("Le bilan est tombé le 4 mars \"très lourd\"Le gouvernement a décrété vendredi un deuil national.",
     "Le gouvernement"),
    ("Le chef a promis le 3 juin \"Nous reconstruirons\"\"Rien ne sera oublié\", a ajouté mardi le ministre.",
     "\"Rien"),
])
def test_a_quotation_mark_glued_between_paragraphs_ends_the_evidence(nlp: Any, fr: Any, text: str,
                                                                     second: str) -> None:
    events = read(nlp, fr, text)
    brk = text.index(second)
    assert any(ev.evidence.start >= brk for ev in events)
    assert all(ev.evidence.end <= brk or ev.evidence.start >= brk for ev in events)


@pytest.mark.parametrize("text", [
    "Le ministre a qualifié mardi de \"Trahison\" la décision de ses alliés.",
    "Le président a dit le 3 mai: \"Nous partirons\" avant de quitter la salle.",
    "Le syndicat a répondu le 3 mai \"non\" \"Jamais\" aux deux offres de la direction.",
])
def test_a_quotation_mark_inside_a_sentence_is_no_break(nlp: Any, fr: Any, text: str) -> None:
    events = read(nlp, fr, text)
    assert events and events[0].evidence.text.rstrip(".") == text.rstrip(".")
