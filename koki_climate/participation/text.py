"""German text processing for the digest: tokens, stop words, Snowball stems, readable words.

Everything here is shipped with the package (the stop-word list is below, the Snowball
stemmer is the ``snowballstemmer`` package); nothing is downloaded at run time.

A token is a run of letters (a-z, umlauts, ß and other Latin letters with accents), lower-cased;
digits, punctuation and hyphens split tokens ("E-Scooter" -> "e", "scooter"). Tokens shorter than
three letters and stop words are dropped, the rest is stemmed.

German compounds are split (:meth:`Vocabulary.analyze`): "Fahrradstraße", "Radwege",
"Anwohnerparken", "Lieferverkehr" stay whole *and* also give their parts (fahrrad + straße,
rad + wege, anwohner + parken, liefer + verkehr), so a contribution about "Radwege" and one
about "Radfahrer" share the word "rad". A word is split in two where both parts occur as words
of their own in the same set of contributions (each at least three letters, not a stop word,
the modifier optionally followed by a linking element -s, -es, -n, -en, -e); among several such
splits the one whose parts are most frequent (geometric mean, as in Koehn & Knight 2003) wins.
This is the standard corpus-based compound splitter, chosen because German planning vocabulary
is made of compounds, not fitted to any labels. :class:`Vocabulary` remembers,
for every stem, the surface word it came from most often, so themes are shown as real words
("radfahrer", not "radfahr").
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

#: letters incl. umlauts and ß (and other accented Latin letters, so French/Polish/Turkish names survive)
TOKEN_RE = re.compile(r"[a-zà-öø-ÿßąćęłńśźżğışčěřšžůő]+")
MIN_TOKEN_LENGTH = 3
#: linking elements ("Fugen") between a compound's modifier and head
LINKING = ("", "s", "es", "n", "en", "e")

#: German stop words: function words (articles, pronouns, prepositions, conjunctions, auxiliary
#: and modal verbs, common adverbs and particles) in their written forms, incl. the old "daß"
#: spelling. A general list, not fitted to any one participation process.
GERMAN_STOP_WORDS = frozenset("""
aber ab allein alle allem allen aller alles allerdings als also am an andere anderem anderen anderer
anderes anderm andern anders auch auf aus außer außerdem bald bei beide beiden beim beispielsweise
bereits besonders besser bevor bin bis bisher bist bitte bzw da dabei dadurch dafür dagegen daher
dahin damals damit danach dann daran darauf daraus darf darfst darin darum darunter das dass daß
davon davor dazu dein deine deinem deinen deiner deines dem demselben den denen denn dennoch
denselben der deren derer derselbe derselben des deshalb desselben dessen dich die dies diese
dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch dürfen dürfte eben ebenfalls
ebenso eher ein eine einem einen einer eines einfach einig einige einigem einigen einiger einiges
einmal einzelne endlich er es etc etwa etwas euch euer eure eurem euren eurer eures falls fast
ferner für ganz gar gegen gegenüber gehabt gemacht genau genug gerade gern gewesen gibt ging gleich
habe haben habt hab hast hat hatte hatten hätte hätten her heute hier hin hinter ich ihm ihn ihnen
ihr ihre ihrem ihren ihrer ihres im immer in indem ins insbesondere inzwischen irgendwie ist ja
jede jedem jeden jeder jedes jedoch jemand jene jenem jenen jener jenes jetzt kam kann kannst kaum
kein keine keinem keinen keiner keines können könnt könnte könnten lassen lässt leider machen
macht man manche manchem manchen mancher manches mehr mein meine meinem meinen meiner meines meist
mich mir mit mittlerweile muss musst musste müssen müsste müssten nach nachdem nämlich natürlich
neben nein nicht nichts nie noch nun nur ob oben oder oft ohne per schon sehr sei seid sein seine
seinem seinen seiner seines seit selbst sich sie sind so sobald sodass solang solange solch solche
solchem solchen solcher solches soll sollen sollt sollte sollten somit sondern sonst sowie sowohl
später statt stets trotz trotzdem über überhaupt übrigens um und uns unser unsere unserem unseren
unserer unseres unter usw viel viele vielen vielleicht vom von vor vorher wann war wäre waren wären
warst warum was weg wegen weil weiter weitere weiteren welche welchem welchen welcher welches wenig
wenige wenn wer werde werden werdet weshalb wie wieder wieso will willst wir wird wirklich wirst wo
wobei wodurch woher wohl wollen wollte wollten worden wurde wurden würde würden zu zudem zum zur
zwar zwischen
""".split())

_stemmer = None


def stemmer():
    """The Snowball German stemmer (created once; ``snowballstemmer`` is imported lazily)."""
    global _stemmer
    if _stemmer is None:
        import snowballstemmer

        _stemmer = snowballstemmer.stemmer("german")
    return _stemmer


def words(text: str) -> list[str]:
    """Lower-cased letter tokens of ``text`` that are not stop words (surface forms)."""
    return [w for w in TOKEN_RE.findall(text.lower())
            if len(w) >= MIN_TOKEN_LENGTH and w not in GERMAN_STOP_WORDS]


def split_compound(word: str, lexicon: Counter, min_part: int = MIN_TOKEN_LENGTH) -> tuple[str, str] | None:
    """Split ``word`` into (modifier, head), both words of ``lexicon``, or None (see module doc)."""
    best, best_score = None, 0.0
    for i in range(min_part, len(word) - min_part + 1):
        head = lexicon.get(word[i:], 0) and word[i:]
        if not head or head in GERMAN_STOP_WORDS:
            continue
        mod = word[:i]
        for link in LINKING:
            if link and not mod.endswith(link):
                continue
            part = mod[:len(mod) - len(link)]
            if len(part) < min_part or part in GERMAN_STOP_WORDS:
                continue
            f = lexicon.get(part, 0)
            if f and f * lexicon[head] > best_score:
                best, best_score = (part, head), f * lexicon[head]
    return best


class Vocabulary:
    """Stems texts (splitting compounds) and remembers each stem's most frequent surface word."""

    def __init__(self, split_compounds: bool = True) -> None:
        self.split_compounds = split_compounds
        self._surface: dict[str, Counter] = defaultdict(Counter)
        self._cache: dict[str, str] = {}
        self.lexicon: Counter = Counter()
        self._splits: dict[str, tuple[str, str] | None] = {}
        #: per text given to :meth:`analyze`: stem -> the first word of *that* text it stood for
        self.doc_surfaces: list[dict[str, str]] = []

    def _stem(self, word: str) -> str | None:
        s = self._cache.get(word)
        if s is None:
            s = self._cache[word] = stemmer().stemWord(word)
        if len(s) < MIN_TOKEN_LENGTH:
            return None
        self._surface[s][word] += 1
        return s

    def stems(self, text: str, surfaces: dict[str, str] | None = None) -> list[str]:
        """Stems of ``text``'s words in order (and the parts of compounds, after each compound).

        ``surfaces``, if given, receives stem -> the first word of ``text`` it stood for.
        """
        out = []
        for w in words(text):
            s = self._stem(w)
            if s:
                out.append(s)
                if surfaces is not None:
                    surfaces.setdefault(s, w)
            if self.split_compounds and len(w) >= 2 * MIN_TOKEN_LENGTH:
                if w not in self._splits:
                    self._splits[w] = split_compound(w, self.lexicon)
                for part in self._splits[w] or ():
                    s = self._stem(part)
                    if s:
                        out.append(s)
                        if surfaces is not None:
                            surfaces.setdefault(s, part)
        return out

    def analyze(self, texts: Iterable[str]) -> list[list[str]]:
        """Stems of each text; compounds are split against the words of all ``texts``."""
        texts = list(texts)
        if self.split_compounds:
            self.lexicon = Counter(w for t in texts for w in words(t))
            self._splits = {}
        self.doc_surfaces = [{} for _ in texts]
        return [self.stems(t, m) for t, m in zip(texts, self.doc_surfaces)]

    def split(self, word: str) -> tuple[str, str] | None:
        """How :meth:`analyze` split ``word`` (None: not split)."""
        return self._splits.get(word.lower())
    def surface(self, stem: str) -> str:
        """The word a stem (or a space-separated n-gram of stems) was seen as most often."""
        if " " in stem:
            return " ".join(self.surface(part) for part in stem.split(" "))
        counts = self._surface.get(stem)
        if not counts:
            return stem
        # most frequent; ties: the shorter, then alphabetical, so the choice is stable
        return min(counts.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]
