"""A reader's message read for its question(s).

Readers also write as to a support desk: a greeting, who they are, their situation, the
question, sometimes a second question, a signature; or they dictate it, without punctuation.
The engine searches the first question with its situation around it: courtesy and signature
weigh nothing, the situation less than the question, a later question almost nothing (it is
offered apart, `Reading.others`, so that it is not lost). A question of one sentence is read
as it is.
"""

import re
import unicodedata
from dataclasses import dataclass

from segurfaq.engine.analysis import tokenize

# How much the words of each part of a message count, against the question's (1.0).
CONTEXT_WEIGHT = 0.5
OTHER_QUESTION_WEIGHT = 0.15
# A question sentence with fewer words of its own leans on the sentence before it ("Est-ce
# bien le cas ?", "Pouvez-vous me le confirmer ?").
QUESTION_MIN_WORDS = 3
# A later question with fewer words is a follow-up of the first, not another question.
OTHER_QUESTION_MIN_WORDS = 4
# The later questions kept apart, at most: a reader asks two or three; a stranger's 500
# characters of question words would otherwise fill the page with offers.
OTHER_QUESTIONS_MAX = 3
# A dictated message (no sentence punctuation) is cut where a question starts only when it
# is at least this long: below, it is one question.
DICTATED_MIN_WORDS = 12

_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|\s*\n+\s*")
# Words that open a question, or introduce one, in French and in English (folded: no
# accents, lower case). General language, not the FAQ's vocabulary.
_QUESTION_CUE = re.compile(
    r"\b(?:comment|pourquoi|combien|quels?|quelles?|lequel|laquelle|lesquel(?:le)?s|"
    r"est-ce qu|est ce qu|faut-il|faut il|peut-on|doit-on|dois-je|doit-il|doit-elle|"
    r"doivent-ils|doivent-elles|puis-je|peut-il|peut-elle|peuvent-ils|pouvons-nous|"
    r"devons-nous|avons-nous|sommes-nous|suis-je|est-il|est-elle|sont-ils|sont-elles|"
    r"y a-t-il|a-t-on|existe-t-il|savoir si|savoir comment|savoir quel(?:le)?s?|savoir combien|"
    r"savoir pourquoi|savoir qui|savoir ou|savoir s|me dire si|me confirmer|"
    r"je me demande|ma question|ma deuxieme question|autre question|"
    r"how|what|which|why|when|do we|does|is it|are we|can we|should)\b"
)
# Courtesy that says nothing of the question: greetings, thanks, closings.
_COURTESY = re.compile(
    r"^(?:(?:bonjour|bonsoir|salut|hello|hi|dear|madame|monsieur|mesdames|messieurs|"
    r"chere|cher|l'equipe|equipe|a tous|a toutes|"
    r"merci(?: beaucoup| bien| d'avance| par avance| pour votre (?:aide|retour|reponse))?|"
    r"par avance merci|d'avance merci|en vous remerciant(?: par avance| d'avance)?|"
    r"cordialement|bien cordialement|tres cordialement|bien a vous|sinceres salutations|"
    r"salutations|bonne journee|bonne soiree|excellente journee|a bientot|"
    r"dans l'attente de votre (?:retour|reponse)|thanks|thank you|regards|best regards)"
    r"[\s,;:!.]*)+"
)
# Thanks at the end of a sentence (dictated messages have no other end).
_THANKS_AT_END = re.compile(
    r"[\s,;:]+(?:merci(?: beaucoup| bien| d'avance| par avance)?|thanks|thank you)[\s,.!]*$"
)
# What follows a closing formula is a signature: a name, a role, an organisation.
_CLOSING = re.compile(
    r"\b(?:cordialement|bien a vous|sinceres salutations|salutations|regards)\b[\s,.!]*"
)
_SENTENCE_PUNCTUATION = re.compile(r"[.!?;]")


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower().replace("’", "'"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def _words(text: str) -> int:
    return sum(1 for token in tokenize(text) if not token.stop and not token.compound)


@dataclass(frozen=True)
class Reading:
    """A message as the engine searches it: the first question, the situation around it,
    the questions asked after it. For a plain question: `question` is all of it."""

    question: str
    context: str = ""
    others: tuple[str, ...] = ()

    @property
    def searched(self) -> str:
        """What the model embeds: the question first, then its situation (it reads the first
        tokens only: a greeting and a long situation used to fill them)."""
        return f"{self.question} {self.context}".strip()

    def weighted_parts(self) -> list[tuple[str, float]]:
        parts = [(self.question, 1.0)]
        if self.context:
            parts.append((self.context, CONTEXT_WEIGHT))
        parts.extend((other, OTHER_QUESTION_WEIGHT) for other in self.others)
        return parts


def _without_courtesy(sentence: str) -> str:
    folded = _folded(sentence)
    end = _THANKS_AT_END.search(folded)
    if end:
        sentence = _cut_after_prefix(sentence, end.start())
        folded = folded[: end.start()]
    match = _COURTESY.match(folded)
    if not match:
        return sentence
    # Folding keeps one character per character but for combining accents: cut the
    # original where the folded courtesy ends, counted in folded characters.
    return _cut_after(sentence, match.end()).strip()


def _cut_after(original: str, folded_length: int) -> str:
    count = 0
    for index, character in enumerate(original):
        if count >= folded_length:
            return original[index:]
        count += len(_folded(character)) or 0
    return ""


def _sentences(text: str) -> list[str]:
    # Everything after a closing formula is the signature.
    folded = _folded(text)
    closing = None
    for match in _CLOSING.finditer(folded):
        if match.start() > len(folded) // 3:
            closing = match.start()
            break
    if closing is not None:
        text = text[: len(_cut_after_prefix(text, closing))]
    pieces = [piece.strip() for piece in _SENTENCE_END.split(text)]
    kept = []
    for piece in pieces:
        piece = _without_courtesy(piece)
        if piece and _words(piece):
            kept.append(piece)
    return kept


def _cut_after_prefix(original: str, folded_length: int) -> str:
    """The start of the original text whose folded form is folded_length long."""
    rest = _cut_after(original, folded_length)
    return original[: len(original) - len(rest)]


def _is_question(sentence: str) -> bool:
    return sentence.rstrip().endswith("?") or bool(_QUESTION_CUE.search(_folded(sentence)))


def _dictated(text: str) -> list[str]:
    """A message without sentence punctuation, cut before each question cue."""
    folded = _folded(text)
    starts = [match.start() for match in _QUESTION_CUE.finditer(folded)]
    cuts, last = [], 0
    for start in starts:
        if _words(text[last:start]) >= QUESTION_MIN_WORDS or not cuts:
            cuts.append(start)
            last = start
    pieces, previous = [], 0
    for cut in cuts:
        piece = _cut_after_prefix(text, cut)[previous:].strip()
        if piece:
            pieces.append(piece)
        previous = len(_cut_after_prefix(text, cut))
    pieces.append(text[previous:].strip())
    return [piece for piece in pieces if piece]


def read_message(text: str) -> Reading:
    """The message's first question, its situation, and the questions it asks after."""
    sentences = _sentences(text)
    if not sentences:
        return Reading(text.strip())
    if len(sentences) == 1 and not _SENTENCE_PUNCTUATION.search(sentences[0][:-1]):
        only = sentences[0]
        if _words(only) < DICTATED_MIN_WORDS:
            return Reading(only)
        sentences = _dictated(only)
        if len(sentences) == 1:
            return Reading(only)
    asked = [index for index, sentence in enumerate(sentences) if _is_question(sentence)]
    if not asked:
        return Reading(" ".join(sentences)) if len(sentences) > 1 else Reading(sentences[0])
    first = asked[0]
    question = sentences[first]
    used = {first}
    if _words(question) < QUESTION_MIN_WORDS and first > 0:
        question = f"{sentences[first - 1]} {question}"
        used.add(first - 1)
    others = []
    for index in asked[1:]:
        if (
            len(others) < OTHER_QUESTIONS_MAX
            and _words(sentences[index]) >= OTHER_QUESTION_MIN_WORDS
        ):
            others.append(sentences[index])
            used.add(index)
    context = " ".join(s for index, s in enumerate(sentences) if index not in used)
    if not context and not others:
        return Reading(question)
    return Reading(question, context, tuple(others))
