"""
Make headlines, deks and bodies fast enough for a million stories.

Each section gets a pool of pre-built sentences (its own vocabulary plus the
general lists, drawn with Zipf-like weights); a body mixes pool sentences with
a few fresh ones naming the story's own people, places and themes. That keeps
the cost per story to a few dozen microseconds while giving full-text search a
realistic spread: words in most stories, words in a few per cent of a
section, and names found in a handful of stories. No Django here.
"""

import random
from urllib.parse import quote

from . import words

POOL_PER_SECTION = 1200
GENERAL_POOL = 3000
KOREAN_POOL = 2000


def zipf_weights(n, s=1.0):
    """Return the weights of ``n`` items ranked by frequency (Zipf's law with exponent ``s``)."""
    return [1 / (rank + 1) ** s for rank in range(n)]


class Picker:
    """Pick from a list with Zipf-like weights (first items most often).

    Draws from a lookup table in which each item fills slots in proportion to
    its weight (at least one): a few times faster than ``random.choices``,
    which matters at a million stories.
    """

    def __init__(self, items, rnd, s=1.0, weights=None):
        items = list(items)
        weights = weights or zipf_weights(len(items), s)
        size, total = max(4096, 4 * len(items)), sum(weights)
        self.table = [item for item, w in zip(items, weights, strict=True)
                      for _ in range(max(1, round(w / total * size)))]
        self.n, self.random = len(self.table), rnd.random

    def __call__(self, k=None):
        table, n, rand = self.table, self.n, self.random
        if k is None:
            return table[int(rand() * n)]
        return [table[int(rand() * n)] for _ in range(k)]


def person_names():
    """Return every 'Family Given' name the lists can make (about 1,100)."""
    return [f"{family} {given}" for family in words.FAMILY_NAMES for given in words.GIVEN_NAMES]


def cap(text):
    return text[:1].upper() + text[1:]


class TextMaker:
    def __init__(self, rnd: random.Random):
        self.rnd = rnd
        self.noun = Picker(words.GENERAL_NOUNS, rnd)
        self.verb = Picker(words.VERBS_PAST, rnd)
        self.present = Picker(words.VERBS_PRESENT, rnd)
        self.adj = Picker(words.ADJECTIVES, rnd)
        self.when = Picker(words.CONNECTIVES, rnd, s=0.6)
        self.place = Picker(words.PLACES, rnd)
        self.org = Picker(words.ORGANISATIONS, rnd, s=0.8)
        self.person = Picker(person_names(), rnd, s=0.7)
        self.theme = Picker(words.TAG_THEMES, rnd, s=0.9)
        self.section_noun = {s: Picker(w, rnd) for s, w in words.SECTION_WORDS.items()}
        self.ko_noun = Picker(words.KO_NOUNS, rnd)
        self.ko_place = Picker(words.KO_PLACES, rnd)
        self.ko_verb = Picker(words.KO_VERBS, rnd)
        self.ko_when = Picker(words.KO_ADVERBS, rnd, s=0.5)
        self.general = [self.sentence(None) for _ in range(GENERAL_POOL)]
        self.pools = {s: [self.sentence(s) for _ in range(POOL_PER_SECTION)] for s in words.SECTION_WORDS}
        self.korean = [self.ko_sentence() for _ in range(KOREAN_POOL)]

    # Sentences -------------------------------------------------------------

    def thing(self, section):
        if section and self.rnd.random() < 0.6:
            return self.section_noun[section]()
        return self.noun()

    def sentence(self, section, person=None, place=None, theme=None):
        """Return one English sentence, optionally naming a person, place and theme."""
        r = self.rnd
        person = person or self.person()
        place = place or self.place()
        theme = theme or self.theme()
        t = self.thing(section)
        match int(r.random() * 9):
            case 0:
                return f"{cap(self.org())} {self.verb()} the {self.adj()} {t} plan {self.when()}."
            case 1:
                return (f"The {self.adj()} {t} in {place} {self.verb()} {r.randint(2, 90)} "
                        f"{self.thing(section)} {self.when()}.")
            case 2:
                return (f"\u201cWe have {self.verb()} the {t} and the {self.thing(section)},\u201d "
                        f"{person} said.")
            case 3:
                return (f"{person}, who has followed the {theme} debate for years, "
                        f"said the {self.adj()} {t} would take time to settle.")
            case 4:
                return (f"Figures from {self.org()} show {theme} costs up "
                        f"{r.randint(1, 40)}.{r.randint(0, 9)} per cent, the {self.adj()} rise "
                        f"since the {self.thing(section)} was {self.verb()}.")
            case 5:
                return (f"In {place}, {self.thing(section)} and {t} {self.verb()} the {self.adj()} "
                        f"{self.noun()} {self.when()}.")
            case 6:
                return (f"The {t} is worth about {r.randint(2, 900)} billion won, "
                        f"according to {self.org()}, which {self.verb()} the estimate {self.when()}.")
            case 7:
                return f"Critics {self.verb()} the {theme} {t}, calling it {self.adj()} and {self.adj()}."
            case _:
                return (f"{cap(self.adj())} {t} {self.verb()} {self.org()} to revisit the "
                        f"{self.thing(section)} {self.when()}.")

    def ko_sentence(self, place=None):
        r = self.rnd
        place = place or self.ko_place()
        match int(r.random() * 4):
            case 0:
                return (f"{self.ko_when()} {place} {self.ko_noun()} 관계자는 "
                        f"{self.ko_noun()} 문제에 대해 입장을 {self.ko_verb()}.")
            case 1:
                return f"{self.ko_noun()} 측은 {self.ko_noun()} 계획을 {self.ko_when()} {self.ko_verb()}."
            case 2:
                return (f"{place}의 {self.ko_noun()}과 {self.ko_noun()}은 "
                        f"{r.randint(2, 90)}% 늘었다고 {self.ko_verb()}.")
            case _:
                return (f"전문가들은 {self.ko_noun()}와 {self.ko_noun()}의 관계를 "
                        f"다시 살펴봐야 한다고 {self.ko_verb()}.")

    # Story parts -------------------------------------------------------------

    def headline(self, section, theme, place):
        r = self.rnd
        t = self.thing(section)
        match int(r.random() * 5):
            case 0:
                text = f"{place} {t} {self.present()} {self.adj()} {theme} plan"
            case 1:
                text = f"{cap(theme)}: {self.org()} {self.verb()} {self.adj()} {t}"
            case 2:
                text = f"Why the {theme} {t} in {place} is {self.adj()}"
            case 3:
                text = f"{cap(self.adj())} {t} {self.present()} {place} {theme} deal"
            case _:
                text = f"{cap(t)} {self.present()} {theme} as {place} {self.noun()} wait"
        return cap(text)[:190]

    def ko_headline(self, place):
        return f"{place} {self.ko_noun()} {self.ko_noun()} {self.rnd.choice(words.KO_HEADLINE_ENDS)}"

    def dek(self, section):
        return self.rnd.choice(self.pools[section])[:380]

    def body(self, section, person, place, theme):
        """Return the body HTML: paragraphs, sometimes a subhead, a quote, a list."""
        r = self.rnd
        n = r.randint(14, 34)
        own = r.randint(max(6, n // 2), n - 3)
        sentences = [self.sentence(section, person, place, theme)]
        sentences += r.choices(self.pools[section], k=own)
        sentences += r.choices(self.general, k=n - own - 2)
        sentences.append(self.sentence(section, person, place, theme))
        if r.random() < 0.15:  # a Hangul name in parentheses, as English papers print them
            hangul = f"{r.choice(words.KO_PLACES)} {r.choice(words.KO_NOUNS)}"
            sentences.insert(1, f"{person} ({hangul}) declined to comment.")
        return paragraphs(r, sentences, subhead=lambda: cap(f"{self.adj()} {self.thing(section)}"))

    def ko_body(self, place):
        r = self.rnd
        sentences = [self.ko_sentence(place)] + r.choices(self.korean, k=r.randint(12, 28))
        return paragraphs(r, sentences, subhead=lambda: f"{self.ko_noun()} {self.ko_noun()}")

    def search_queries(self, count=200):
        """Return URL-encoded queries: common and rare words, names, phrases, Korean, typos."""
        r = self.rnd
        makers = [
            lambda: self.noun(),
            lambda: self.section_noun[r.choice(list(words.SECTION_WORDS))](),
            lambda: f"{self.theme()} {self.noun()}",
            lambda: self.person(),
            lambda: self.place(),
            lambda: f"\u201c{self.adj()} {self.noun()}\u201d".replace("\u201c", '"').replace("\u201d", '"'),
            lambda: r.choice(words.KO_NOUNS),
            lambda: f"{r.choice(words.KO_PLACES)} {r.choice(words.KO_NOUNS)}",
            lambda: typo(r, self.noun()),
            lambda: f"{self.theme()} -{self.noun()}",
        ]
        return [quote(makers[i % len(makers)](), safe="") for i in range(count)]


def typo(rnd, word):
    """Return ``word`` with two letters swapped, as readers type it."""
    if len(word) < 4:
        return word
    i = rnd.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def paragraphs(rnd, sentences, subhead):
    out, i, para = [], 0, 0
    while i < len(sentences):
        size = rnd.randint(2, 4)
        chunk = " ".join(sentences[i:i + size])
        i += size
        para += 1
        if para == 4 and rnd.random() < 0.35:
            out.append(f"<h2>{subhead()}</h2>")
        if para == 3 and rnd.random() < 0.12:
            out.append(f"<blockquote><p>{chunk}</p></blockquote>")
        else:
            out.append(f"<p>{chunk}</p>")
    return "".join(out)
