"""Typo correction against the words of the indexed entries (symmetric-delete lookup)."""

from collections import defaultdict
from itertools import combinations


def _deletes(word: str, distance: int) -> set[str]:
    result = {word}
    for count in range(1, distance + 1):
        for positions in combinations(range(len(word)), count):
            result.add("".join(c for i, c in enumerate(word) if i not in positions))
    return result


def damerau_levenshtein(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbouring letters as one edit."""
    rows = len(a) + 1
    cols = len(b) + 1
    table = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        table[i][0] = i
    for j in range(cols):
        table[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


# Longer words are never corrected nor offered as corrections: the longest words of the
# FAQ's French ("identitovigilance", "interopérabilité") are under 20 letters, and the
# deletions of a word grow with the square of its length (a made-up 500-letter word once
# cost a search 8 s and 57 MB).
MAX_CORRECTED_LENGTH = 24


def max_distance(word: str) -> int:
    if len(word) < 4 or len(word) > MAX_CORRECTED_LENGTH:
        return 0
    return 1 if len(word) < 8 else 2


COMMON_FRENCH_ZIPF = 3.0


def is_common_french(word: str) -> bool:
    """A word French readers use often ("tarte", "pommes"): never a typo to correct, even
    when no entry contains it. Frequencies come from the wordfreq package's own data."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "fr") >= COMMON_FRENCH_ZIPF


class SpellingCorrector:
    """Suggests the most frequent known word within one edit (two for long words)."""

    def __init__(self, frequencies: dict[str, int]):
        self.frequencies = frequencies
        self._index: dict[str, list[str]] = defaultdict(list)
        for word in frequencies:
            if word.isalpha() and max_distance(word):
                for variant in _deletes(word, max_distance(word)):
                    self._index[variant].append(word)

    def __contains__(self, word: str) -> bool:
        return word in self.frequencies

    def correct(self, word: str) -> str | None:
        """The known word meant by an unknown one, or None when there is no close one."""
        limit = max_distance(word)
        if not limit or word in self.frequencies or not word.isalpha():
            return None
        if is_common_french(word):
            return None
        best: tuple[int, int, str] | None = None
        seen: set[str] = set()
        for variant in _deletes(word, limit):
            for candidate in self._index.get(variant, ()):
                if candidate in seen:
                    continue
                seen.add(candidate)
                distance = damerau_levenshtein(word, candidate)
                if distance > limit:
                    continue
                key = (distance, -self.frequencies[candidate], candidate)
                if best is None or key < best:
                    best = key
        return best[2] if best else None
