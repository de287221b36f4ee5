"""Tests of the clean stage: boilerplate removal by rule family, repeated leads, assembly, idempotence, seeds."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from recoupe.clean import assemble_text, clean_article, clean_raw_text
from recoupe.clean.boilerplate import find_boilerplate
from recoupe.clean.lead import find_repeated_leads
from recoupe.clean.metadata import Metadata
from recoupe.clean.repair import repair_text
from recoupe.records import Article, Edit

LONG = ("Le ministre de la Défense a annoncé mardi à Bruxelles que les effectifs déployés dans la région "
        "seraient réduits de moitié d'ici la fin de l'année prochaine, selon un communiqué officiel.")
SECOND = ("Cette décision intervient après plusieurs semaines de discussions entre les alliés, qui redoutaient "
          "un départ trop rapide des troupes engagées sur le terrain depuis six ans.")


def meta(text: str, title: str | None = None, consumed: list[tuple[int, int, str]] | None = None) -> Metadata:
    """Hand-made metadata: the title span is found in the text."""
    span = None
    if title is not None:
        start = text.index(title)
        span = (start, start + len(title))
    return Metadata(published=None, precision=None, source=None, title=title, title_span=span,
                    consumed=consumed or [], credits=[])


def removals(text: str, fr: Any, m: Metadata | None = None) -> list[Edit]:
    """Boilerplate then repeated-lead removals, each checked for exact offsets."""
    m = m or meta(text)
    edits = find_boilerplate(text, m, fr)
    edits += find_repeated_leads(text, edits, m.title_span)
    for e in edits:
        assert e.kind == "removed" and text[e.start:e.end] == e.original
    return edits


def cleaned(text: str, fr: Any, m: Metadata | None = None) -> tuple[str, list[Edit]]:
    """The assembled clean text and the removals."""
    edits = removals(text, fr, m)
    return assemble_text(text, edits, fr), edits


def test_navigation_lines_go_but_a_sentence_using_the_word_stays(fr: Any) -> None:
    text = f"Rechercher\nRechercher\nMenu | Accueil\n\n{LONG}\n\nLa police continue de rechercher les suspects.\n"
    clean, edits = cleaned(text, fr)
    assert clean == f"{LONG}\n\nLa police continue de rechercher les suspects."
    assert [e.reason for e in edits] == ["navigation"] * 3


def test_section_header_only_at_the_top(fr: Any) -> None:
    text = f"Monde\nActualité Irak\nIrak\n\nUn titre assez long pour un article\n\n{LONG}\n\nBilan Humain\n\n{SECOND}"
    clean, edits = cleaned(text, fr, meta(text, "Un titre assez long pour un article"))
    assert clean.startswith("Un titre assez long pour un article\n\n")
    assert "Bilan Humain" in clean  # a subhead below the first paragraph of reporting is kept
    assert [e.original for e in edits] == ["Monde", "Actualité Irak", "Irak"]
    assert {e.reason for e in edits} == {"section header"}


def test_captions_with_credits(fr: Any) -> None:
    text = (f"Un titre assez long pour un article\n\nDes soldats dans une base du nord. Photo d'archives AFP.\n\n"
            f"Un convoi près de la frontière. Jean DUPONT AFP\n\n{LONG}\n\nLe camp (Photo : DR)\n\n"
            f"© Agence X\n\n{SECOND} (AFP)")
    clean, edits = cleaned(text, fr, meta(text, "Un titre assez long pour un article"))
    assert clean == f"Un titre assez long pour un article\n\n{LONG}\n\n{SECOND} (AFP)"
    assert {e.reason for e in edits} == {"photo caption"} and len(edits) == 4


# Reader comments of my own, in several voices: a first-person opinion, a reply to another reader,
# a question to the writer, and one line with no person at all.
COMMENTS = [
    ("Je trouve que cette décision arrive bien trop tard, comme toujours.\n"
     "Vous avez raison, nous aurions dû réagir il y a des mois.\n"
     "Quelle tristesse pour les familles.\n"),
    ("Merci pour votre article, mais j'aimerais connaître vos sources.\n"
     "Tout cela finira mal, croyez-moi.\n"),
    "Encore une fois on nous ment, et personne ne dit rien !\nLamentable.\n",
]
WIDGETS = ["Agrandir le texte\nRéduire le texte\nAjouter aux favoris\nEnvoyer par email\n",
           "Partager sur Facebook\nLaisser un commentaire\n",
           "La rédaction vous conseille\nAjouter aux favoris\n"]


@pytest.mark.parametrize("widgets", WIDGETS)
@pytest.mark.parametrize("comments", COMMENTS)
def test_reader_comments_after_the_closing_widgets_go(fr: Any, widgets: str, comments: str) -> None:
    text = f"{LONG}\n\n{SECOND}\n\n{widgets}{comments}"
    clean, edits = cleaned(text, fr)
    assert clean == f"{LONG}\n\n{SECOND}"
    assert "reader comments" in {e.reason for e in edits}


@pytest.mark.parametrize("widgets", WIDGETS)
def test_reporting_after_a_widget_block_stays(fr: Any, widgets: str) -> None:
    third = ("Le gouvernement a promis « nous ne reculerons pas » devant les députés, "
             "qui doivent voter le texte la semaine prochaine.")
    text = f"{LONG}\n\n{widgets}{SECOND}\n\n{third}\n"
    clean, _ = cleaned(text, fr)
    assert clean == f"{LONG}\n\n{SECOND}\n\n{third}"  # a quoted "nous" is the speaker's, not a commenter's


def test_an_interview_after_a_share_bar_stays(fr: Any) -> None:
    answers = ("Vous avez quitté le ministère en mars : pourquoi ce départ ?\n"
               "Je ne pouvais plus défendre une réforme que nous avions vidée de son sens.\n"
               "Regrettez-vous votre choix aujourd'hui ?\n"
               "Non, et je referais la même chose demain si vous me posiez la question.\n")
    text = f"{LONG}\n\nPartager sur Facebook\nImprimer\nEnvoyer par email\n{answers}"
    clean, edits = cleaned(text, fr)
    assert "Je ne pouvais plus défendre" in clean and "referais" in clean
    assert {e.reason for e in edits} == {"share prompt"}


def test_related_headlines_after_the_closing_widgets_go(fr: Any) -> None:
    text = (f"{LONG}\n\n{SECOND}\n\nPartager sur Facebook\nAjouter aux favoris\n"
            "Les alliés préparent un nouveau sommet\nLa frontière rouvre après trois mois\n")
    clean, edits = cleaned(text, fr)
    assert clean == f"{LONG}\n\n{SECOND}"
    assert {e.reason for e in edits} == {"share prompt", "navigation", "related link"}


TEASERS = [
    ["Le prix du pain grimpe encore", "Canicule : les écoles ferment plus tôt ?", "Un musée rouvre à Lille"],
    ["Élections : ce que disent les sondages", "La grève des trains reconduite", "Le « oui » l'emporte à Genève",
     "Football : trois joueurs suspendus"],
]


@pytest.mark.parametrize("teasers", TEASERS)
@pytest.mark.parametrize("at_head", [True, False])
def test_lists_of_other_headlines_around_the_report_go(fr: Any, teasers: list[str], at_head: bool) -> None:
    listed = "\n".join(teasers)
    text = f"{listed}\n{LONG}\n\n{SECOND}\n" if at_head else f"{LONG}\n\n{SECOND}\n{listed}\n"
    clean, edits = cleaned(text, fr)
    assert clean == f"{LONG}\n\n{SECOND}"
    assert {e.reason for e in edits} == {"related link"}


@pytest.mark.parametrize("tail", [
    # Fewer lines than a list: a subtitle or a signature line, judged by other rules.
    "Une décision attendue\nLa réaction des alliés",
    # Quoted posts: a handle or a hashtag marks what the article quotes.
    "@reporter_lyon : le pont est fermé\n@mairie : déviation par le quai\nLes habitants s'organisent #crue",
    # A sentence broken over lines: the continuation starts in lowercase.
    "Le ministre a précisé que les travaux\ndureraient encore trois mois\net coûteraient deux millions",
])
def test_short_lines_that_are_the_report_stay(fr: Any, tail: str) -> None:
    text = f"{LONG}\n\n{SECOND}\n{tail}\n"
    _, edits = cleaned(text, fr)
    assert [e for e in edits if e.reason == "related link"] == []


@pytest.mark.parametrize("text", [
    # a sentence broken mid-way below a short list: once joined it is still no headline
    "Le prix du pain grimpe\nUn musée rouvre\nLe maire de la\nville a parlé",
    "le\n<p>\nParis le le le le\nParis le le le le le le\nle ",
    f"{LONG}\n\nUne grève reconduite\nLe trafic reprend lundi sur la ligne de\nnombreux trains circulent",
])
def test_headline_lists_are_judged_as_the_paragraphs_cleaning_makes(fr: Any, text: str) -> None:
    once = clean_article(Article(id="a", raw_text=text), fr).clean_text
    assert clean_article(Article(id="a", raw_text=once), fr).clean_text == once


@pytest.mark.parametrize("at_foot", [False, True])
@pytest.mark.parametrize("note", [
    "Ce billet fait partie de notre dossier sur les élections de 2024.",
    "Cet article fait partie d'une série consacrée aux réfugiés climatiques",
    "Cet article a été publié initialement en anglais.",
    "Ce texte est une traduction d'un reportage paru en 2019.",
])
def test_editorial_notes_about_the_post_go(fr: Any, note: str, at_foot: bool) -> None:
    body = (f"{LONG}\n\nCet article fait partie des documents que le ministre a cités devant la commission "
            f"mardi soir.\n\n{SECOND}\n\nLes discussions reprendront lundi à Genève entre les deux délégations.")
    text = f"{body}\n\n{note}\n" if at_foot else f"{note}\n{body}\n"
    clean, edits = cleaned(text, fr)
    assert clean == body  # the body's sentence opening the same way stays
    assert [e.reason for e in edits] == ["editorial note"]


def test_share_comment_and_subscription_blocks(fr: Any) -> None:
    text = (f"{LONG}\n\nVous pensez que vos amis seraient intéressés ? Partagez cette histoire !\n"
            "Partager sur Facebook\nImprimer\nLaisser un commentaire\n"
            "Votre adresse de messagerie ne sera pas publiée.\n"
            "Seulement une partie des dépêches, que l'Agence Exemple diffuse à ses abonnés via son fil, "
            "est diffusée sur le site, de manière résumée. Contactez-nous pour vous abonner.\n"
            "Web + tablette + mobile à partir de 1€\n")
    clean, edits = cleaned(text, fr)
    assert clean == LONG
    assert [e.reason for e in edits] == ["share prompt", "share prompt", "share prompt", "comment form",
                                         "comment form", "subscription notice", "subscription notice"]


def test_related_links_with_their_headline(fr: Any) -> None:
    text = (f"{LONG}\n\nAussi sur exemple.com\n\nLe sommet de Genève reporté à une date inconnue\n\n"
            f"Lire aussi : Les alliés divisés sur le calendrier du retrait\n\n{SECOND}\n\n"
            "Sur le même sujet, le ministre a rappelé que la décision ne serait pas remise en cause.")
    clean, edits = cleaned(text, fr)
    assert clean == f"{LONG}\n\n{SECOND}\n\nSur le même sujet, le ministre a rappelé que la décision ne " \
                    "serait pas remise en cause."
    assert {e.reason for e in edits} == {"related link"} and len(edits) == 3


def test_related_header_followed_by_reporting_keeps_it(fr: Any) -> None:
    text = f"{LONG}\n\nÀ lire aussi\n\n{SECOND}"
    clean, _ = cleaned(text, fr)
    assert clean == f"{LONG}\n\n{SECOND}"


def test_embedded_tweet(fr: Any) -> None:
    tweet = ("Une journée historique pour notre pays https://t.co/AbC123xyz — Jean Exemple (@jexemple) "
             "12 mars 2021")
    text = f"{LONG}\n\n{tweet}\n\n{SECOND}\n\nUn message publié en ligne\n— Marie Test (@mtest) March 3, 2021"
    clean, edits = cleaned(text, fr)
    assert clean == f"{LONG}\n\n{SECOND}"
    assert [e.reason for e in edits] == ["embedded tweet"] * 3


def test_metadata_spans_and_repeated_title(fr: Any) -> None:
    title = "Les alliés réduisent leurs effectifs"
    text = f" date 2021-07 {title}\n\n{title}\n\n12 juin 2021\n\n{LONG}"
    start = text.index("date")
    lone = text.index("12 juin 2021")
    m = meta(text, title, [(start, start + len("date 2021-07"), "date header"), (lone, lone + 12, "dateline")])
    clean, edits = cleaned(text, fr, m)
    assert clean == f"{title}\n\n{LONG}"
    assert [e.reason for e in edits] == ["date header", "repeated title", "dateline"]


def test_inline_login_prompt_is_cut_from_its_line(fr: Any) -> None:
    text = f"Connexion membre Connexion client Connectez-vous pour conserver cet article et le lire plus tard. " \
           f"Les alliés réduisent leurs effectifs\n\n{LONG}"
    clean, edits = cleaned(text, fr)
    assert clean == f"Les alliés réduisent leurs effectifs\n\n{LONG}"
    assert [e.reason for e in edits] == ["navigation", "navigation"]


def test_byline_at_the_top_but_not_par_ailleurs(fr: Any) -> None:
    text = f"Par Jeanne Exemple (envoyée spéciale)\n\n{LONG}\n\nPar ailleurs, le ministre a démenti."
    clean, edits = cleaned(text, fr)
    assert clean == f"{LONG}\n\nPar ailleurs, le ministre a démenti."
    assert [e.reason for e in edits] == ["byline"]


def test_repeated_lead_whole_cut_and_glued(fr: Any) -> None:
    whole = f"{LONG}\n\n{SECOND}\n\nUn troisième paragraphe court.\n\n{LONG}"
    assert cleaned(whole, fr)[0] == f"{LONG}\n\n{SECOND}\n\nUn troisième paragraphe court."
    teaser = f"{LONG}\n\n{SECOND}\n\n{LONG}{SECOND[:60]}..."
    clean, edits = cleaned(teaser, fr)
    assert clean == f"{LONG}\n\n{SECOND}"
    assert [e.reason for e in edits] == ["repeated lead"]
    short = f"{LONG}\n\n{SECOND}\n\n{LONG[:90]}…"
    assert cleaned(short, fr)[0] == f"{LONG}\n\n{SECOND}"
    glued = f"{LONG}\n\n{SECOND}\n\n{LONG} Une phrase nouvelle qui suit la copie."
    clean, edits = cleaned(glued, fr)
    assert clean == f"{LONG}\n\n{SECOND}\n\nUne phrase nouvelle qui suit la copie."
    assert edits[0].original == LONG


def test_similar_openings_are_not_copies(fr: Any) -> None:
    text = f"{LONG}\n\n{LONG[:70]} mais la mesure a été reportée à une date ultérieure sans autre explication."
    assert removals(text, fr) == []


def test_clean_article_fills_text_edits_and_missing_metadata(fr: Any) -> None:
    raw = f"Rechercher\n\nLes alliés réduisent leurs effectifs\n\n{LONG.replace('. ', '.')}\n\nla mise en ?uvre"
    art = Article(id="a1", raw_text=raw, title="Titre donné")
    out = clean_article(art, fr)
    assert out.title == "Titre donné"
    assert "Rechercher" not in out.clean_text and "mise en œuvre" in out.clean_text
    kinds = {e.kind for e in out.edits}
    assert kinds == {"repaired", "removed"}
    for e in out.edits:
        assert e.kind != "repaired" or raw[e.start:e.end] == e.original


def test_cleaning_is_idempotent(fr: Any) -> None:
    raw = (f"Catégories\nActualité Irak\n\nLes alliés réduisent leurs effectifs\n\n"
           f"Les alliés réduisent leurs effectifs\n\n{LONG}\n\n{SECOND}\n\nLaisser un commentaire\n\n{LONG}")
    first = clean_article(Article(id="a", raw_text=raw), fr)
    assert any(e.kind == "removed" for e in first.edits)
    second = clean_article(Article(id="a", raw_text=first.clean_text), fr)
    assert second.clean_text == first.clean_text
    assert second.edits == []


SEED_LINES_GONE = ["Rechercher", "Dernières Infos - Irak", "Photo d'archives AFP", "Laisser un commentaire",
                   "Votre adresse de messagerie ne sera pas publiée", "Aussi sur rt.com",
                   "Vous pensez que vos amis seraient intéressés ?", "Partagez cette histoire !"]
# Removal reasons under which a long line may legitimately go (copies, notices, embeds, related headlines).
LONG_REMOVAL_REASONS = {"repeated lead", "repeated paragraph", "subscription notice", "embedded tweet",
                        "related link", "photo caption", "comment form"}


@pytest.mark.shared
def test_seeds(fr: Any, shared: Path) -> None:
    seeds = sorted((shared / "corpus" / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    cleaned_texts: dict[str, str] = {}
    for path in seeds:
        raw = path.read_text(encoding="utf-8")
        text, edits, _ = clean_raw_text(raw, None, fr)
        cleaned_texts[path.name[:3]] = text
        for line in text.split("\n\n"):
            assert not any(line.strip() == gone or gone in line for gone in SEED_LINES_GONE), (path.name, line)
        # Every long line of the repaired text is kept, unless it went for one of the expected reasons.
        repaired = repair_text(raw, fr)[0]
        for e in edits:
            if e.kind == "removed" and len(e.original.split()) >= 15:
                assert e.reason in LONG_REMOVAL_REASONS, (path.name, e)
        removed_long = {e.original for e in edits if e.kind == "removed" and e.reason in LONG_REMOVAL_REASONS}
        for line in repaired.splitlines():
            line = line.strip()
            if len(line.split()) >= 15 and not any(line.startswith(r[:80]) for r in removed_long):
                core = re.sub(r"\s*\((?:Belga|AFP)\)\s*$", "", line)
                assert core in text, (path.name, line[:80])
        again, more, _ = clean_raw_text(text, None, fr)
        assert again == text and more == []
    assert "mise en œuvre" in cleaned_texts["000"]
    lead = cleaned_texts["001"].split("\n\n")[1]
    assert len(lead.split()) >= 15  # the lead paragraph, right after the title
    assert cleaned_texts["001"].count(lead[:120]) == 1
    assert not cleaned_texts["001"].rstrip().endswith("...")


def test_windows_line_ends_and_empty_text(fr: Any) -> None:
    text = f"Rechercher\r\n\r\n{LONG}\r\n\u2028{SECOND}\r\n"
    clean, edits = cleaned(text, fr)
    assert clean == f"{LONG}\n\n{SECOND}"
    assert [e.original for e in edits] == ["Rechercher"]
    assert clean_article(Article(id="e", raw_text=""), fr).clean_text == ""


def test_clean_article_keeps_given_fields(fr: Any) -> None:
    art = Article(id="x", raw_text=LONG, url="https://exemple.fr/a", source="exemple.fr", published="2021-07-01",
                  published_precision="day")
    out = clean_article(art, fr)
    assert (out.id, out.url, out.source, out.published, out.published_precision) == \
        ("x", art.url, "exemple.fr", "2021-07-01", "day")
    assert out.clean_text == LONG and out.raw_text == LONG


def test_lone_tweet_signature_spares_a_long_paragraph_above(fr: Any) -> None:
    text = f"{LONG} {SECOND} {LONG}\n— Marie Test (@mtest) 3 mars 2021"
    clean, edits = cleaned(text, fr)
    assert clean == f"{LONG} {SECOND} {LONG}"
    assert [e.reason for e in edits] == ["embedded tweet"]


def test_overlapping_metadata_spans_give_one_removal(fr: Any) -> None:
    text = f"Publié le 3 mars 2021 à 10h00\n\n{LONG}"
    m = meta(text, None, [(0, 21, "dateline"), (10, 29, "dateline time")])
    clean, edits = cleaned(text, fr, m)
    assert clean == LONG
    assert [(e.start, e.end, e.reason) for e in edits] == [(0, 29, "dateline+dateline time")]


def test_paragraph_broken_mid_sentence_is_joined(fr: Any) -> None:
    text = f"{LONG}\n\nLes effectifs passeront de 5 200 à\n\n3 000 en septembre.\n\nLa suite des\n\nRenforts"
    clean, _ = cleaned(text, fr)
    assert clean == f"{LONG}\n\nLes effectifs passeront de 5 200 à 3 000 en septembre.\n\nLa suite des\n\nRenforts"
