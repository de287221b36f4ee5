"""Context checks that keep a rule match or drop it: "a été" is not a season, "26 ans" after a name is an age.

Each `accept_<rule>` method of `MatchFilter` vets the matches of the rule of that
name (timex_patterns.py) by looking at the words around them; rules without a
method are always kept.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from recoupe.read.timex.patterns import TimexGrammar, normalise_key

if TYPE_CHECKING:
    from spacy.tokens import Doc

# How far back (characters) a rule looks for its cue word ("en 2014", "depuis trois ans"):
# the longest cues ("au cours de la", "aux alentours de") fit in 40 with room to spare.
CUE_WINDOW = 40


class MatchFilter:
    """The context checks of one document's rule matches."""

    def __init__(self, text: str, g: TimexGrammar, doc: Doc | None = None) -> None:
        """Bind the checks to a text, a language grammar and (when given) the text's parse."""
        self.text = text
        self.g = g
        self.doc = doc
        self.words: dict[str, Any] = g.data["accept"]

    def before(self, pos: int) -> str:
        """Normalised text just before `pos`, to test cue words against."""
        return normalise_key(self.text[max(0, pos - CUE_WINDOW):pos])

    def ends_with_cue(self, pos: int, cues: set[str]) -> bool:
        """Whether the text before `pos` ends with one of `cues` (whole words)."""
        left = self.before(pos)
        return any(left == c or left.endswith(" " + c) or (c.endswith("'") and left.endswith(c)) for c in cues)

    def accept_month(self, m: re.Match[str]) -> bool:
        """A month name alone needs a cue ("en juin", "début mars", "juin dernier"); capitalised ones start a sentence."""
        if m.group("mod") or m.group("month_noun") or m.group("rel") or m.group("same"):
            return True
        word = m.group("mo")
        if word[0].isupper() and self.text[:m.start()].rstrip()[-1:] not in ("", ".", "\n", "!", "?", "«", ":"):
            return False
        return self.ends_with_cue(m.start(), self.g.year_cues) or self.names_a_month(m)

    def names_a_month(self, m: re.Match[str]) -> bool:
        """A month name with no cue is a date when the parse makes it a common noun in a date's place:
        subject, oblique or noun modifier ("janvier a été froid", "les soldes commencent mi janvier")."""
        if self.doc is None:
            return False
        span = self.doc.char_span(m.start("mo"), m.end("mo"))
        return (span is not None and len(span) == 1 and span[0].pos_ == "NOUN"
                and span[0].dep_ in self.g.bare_year_relations)

    def accept_holiday(self, m: re.Match[str]) -> bool:
        """A feast name directly followed by a capitalised word is a first name ("Noël Mamère", "Toussaint
        Louverture"), not the feast."""
        return not re.match(r"\s+[A-ZÀ-Ý][a-zà-ÿ]", self.text[m.end():m.end() + 3])

    def accept_year(self, m: re.Match[str]) -> bool:
        """A bare four-digit number is a year only after a cue ("en", "depuis", "l'année") and not before a unit."""
        after = self.text[m.end():m.end() + 20].lower()
        if re.match(r"\s*(?:%|€|\$|[.,]\d|\d)", after) or re.match(r"\s+(?:" + "|".join(
                self.g.data["year_blockers"]) + r")\b", after):
            return False
        if m.group("mod") or m.group("year_noun"):
            return True
        if self.follows_numbered_noun(m.start()):
            return False
        if re.search(r"\d{4}\s*[/–-]\s*$", self.text[max(0, m.start() - 8):m.start()]) or re.match(
                r"\s*[/–-]\s*\d{4}", after):
            return True
        return self.ends_with_cue(m.start(), self.g.year_cues) or self.names_a_year(m)

    def follows_numbered_noun(self, pos: int) -> bool:
        """Whether a number at `pos` comes right after a noun that numbers its instances ("la résolution 1973",
        "l'article 1240"), or closes a list of such numbers ("les résolutions 1970 et 1973"): it is that
        instance's identifier, not a year."""
        words = self.before(pos).replace(",", " , ").split()
        while len(words) > 1 and (words[-1] == "," or words[-1] in self.words["list_joiners"]) and words[-2].isdigit():
            words = words[:-2]
        return bool(words) and words[-1].split("'")[-1] in self.g.numbered_nouns

    def names_a_year(self, m: re.Match[str]) -> bool:
        """A bare "2019" in running text is a year when the parse makes it a subject, a noun's modifier or an
        oblique ("2019 a été difficile", "le budget 2020"), not a count ("2000 salariés", "ils étaient 2000")."""
        if self.doc is None or not re.fullmatch(r"(?:19|20)\d\d", m.group("y")):
            return False
        span = self.doc.char_span(m.start("y"), m.end("y"))
        return span is not None and len(span) == 1 and span[0].dep_ in self.g.bare_year_relations

    def accept_clock_word(self, m: re.Match[str]) -> bool:
        """"15 heures" is a time of day after a cue ("à 15 heures") or before a day ("23 heures mardi"); else a duration."""
        if m.group("about") or self.ends_with_cue(m.start(), self.g.time_cues):
            return True
        return bool(self.g.clock_follower_re.match(self.text, m.end()))

    def accept_clock_spelled(self, m: re.Match[str]) -> bool:
        """"à quinze heures" is a time of day after "à"/"vers" or with "du soir"; "deux heures de route",
        "pendant deux heures" and "une réunion de deux heures" are durations."""
        if re.match(self.words["spelled_clock_then_complement"], self.text[m.end():m.end() + 4]) and not m.group("half"):
            return False
        return bool(m.group("about") or m.group("half")) or self.ends_with_cue(m.start(), self.g.spelled_clock_cues)

    def accept_clock_colon(self, m: re.Match[str]) -> bool:
        """"10:12" is a time after a cue ("à 10:12"), not a score ("2:1")."""
        return bool(m.group("about")) or self.ends_with_cue(m.start(), self.g.time_cues)

    def accept_clock_named(self, m: re.Match[str]) -> bool:
        """"midi"/"minuit" are times after a cue ("vers midi", "à minuit")."""
        return self.ends_with_cue(m.start(), self.g.time_cues)

    def accept_clock(self, m: re.Match[str]) -> bool:
        """"24 h sur 24" and "km/h" are not times."""
        after = self.text[m.end():m.end() + 8].lower()
        return not after.lstrip().startswith(self.words["clock_round_the_clock"]) and self.text[max(0, m.start() - 1):m.start()] != "/"

    def accept_duration(self, m: re.Match[str]) -> bool:
        """Ages ("une fillette de 6 ans", "Dupont, 26 ans") are not durations: years need a duration cue."""
        n = normalise_key(m.group("n"))
        unit = m.group("unit").lower()
        if set(n.split()) & (self.g.past_words | self.g.future_words):
            return True  # "ces dernières années", "les prochains mois": a stretch up to or from now, never an age
        words = self.words
        one_day = n in words["indefinite_one"] and unit in words["day_units"]  # "un jour" = some day, mostly
        if n in words["indefinite_plural"] or unit in self.g.data["year_units"] or one_day:
            left = self.before(m.start())
            for approx in words["age_hedges"]:
                if left.endswith(" " + approx) or left == approx:
                    left = left[: -len(approx)].rstrip()
            if any(left == c or left.endswith(" " + c) or (c.endswith("'") and left.endswith(c))
                   for c in self.g.year_duration_cues):
                return True
            after = self.text[m.end():m.end() + 25].lower()
            return (n not in words["indefinite_plural"] and not one_day
                    and bool(re.match(words["duration_then_relation"], after)))
        return True

    def accept_collective_duration(self, m: re.Match[str]) -> bool:
        """"depuis une vingtaine d'années" is a duration; "une femme d'une trentaine d'années" is an age."""
        return self.accept_duration(m)

    def accept_set_adjective(self, m: re.Match[str]) -> bool:
        """"annuel" is a frequency after a noun ("le dîner annuel"), not after a determiner."""
        words = re.findall(r"[\w']+", self.text[max(0, m.start() - 30):m.start()].lower())
        return bool(words) and words[-1] not in self.g.set_adjective_blockers and words[-1].isalpha()

    def accept_period(self, m: re.Match[str]) -> bool:
        """"la semaine" alone is not a date: needs "cette" or "dernière"/"prochaine"."""
        det = normalise_key(m.group("det") or "")
        if (det == "" or det in self.words["period_partitive_determiners"]) and not m.group("mod"):
            return False
        return bool(m.group("rel")) or bool(m.group("mod")) or det in self.words["period_deictic_determiners"]

    def accept_season(self, m: re.Match[str]) -> bool:
        """A bare season word needs a determiner or a cue ("en été", "l'hiver"): "a été" is a verb."""
        if m.group("det") or m.group("mod") or m.group("y") or m.group("rel"):
            return True
        return self.ends_with_cue(m.start(), self.g.season_cues)

    def accept_weekday(self, m: re.Match[str]) -> bool:
        """A weekday followed by a time-less noun phrase is still a date; reject only "le lundi de Pâques"-style feasts."""
        return not re.match(self.words["weekday_of_feast"], self.text[m.end():m.end() + 20].lower())
