"""Marks the words of the reader's question in a text, with <mark>."""

import html
import re

from segurfaq.engine.analysis import WORD_RE, fold, stem

TAG_RE = re.compile(r"(<[^>]*>)")


def _mark_words(text: str, stems: frozenset[str]) -> str:
    out: list[str] = []
    last = 0
    for match in WORD_RE.finditer(text):
        word = match.group(0)
        parts = re.split(r"[-/]", word)
        hit = any(stem(fold(part)) in stems for part in parts if len(part) > 1)
        out.append(html.escape(text[last : match.start()], quote=False))
        escaped = html.escape(word, quote=False)
        out.append(f"<mark>{escaped}</mark>" if hit else escaped)
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def highlight_text(text: str, stems: frozenset[str]) -> str:
    """Escaped HTML of a plain text, with the matched words marked."""
    return _mark_words(text, stems) if stems else html.escape(text, quote=False)


def highlight_html(fragment: str, stems: frozenset[str]) -> str:
    """Mark matched words in the text of an HTML fragment, leaving its tags alone."""
    if not stems:
        return fragment
    pieces = TAG_RE.split(fragment)
    return "".join(
        piece if piece.startswith("<") else _mark_words(html.unescape(piece), stems)
        for piece in pieces
    )


def expand_acronyms(fragment: str, terms) -> str:
    """Give the first use of each known acronym its expansion, as <abbr title="…">.

    Only text outside tags is touched, and never inside a link or an existing <abbr>.
    """
    expansions = {
        term.acronym: term.expansion
        for term in terms
        if not getattr(term, "synonym", False)
        and term.acronym.casefold() != term.expansion.casefold()
    }
    if not expansions:
        return fragment
    pattern = re.compile(
        r"(?<![\w/-])("
        + "|".join(re.escape(a) for a in sorted(expansions, key=len, reverse=True))
        + r")(?![\w/-])"
    )
    done: set[str] = set()
    depth = 0  # inside <a> or <abbr>
    out = []
    for piece in TAG_RE.split(fragment):
        if piece.startswith("<"):
            name = re.match(r"</?\s*(\w+)", piece)
            if name and name.group(1).lower() in ("a", "abbr"):
                depth += -1 if piece.startswith("</") else 1
            out.append(piece)
            continue
        if depth > 0:
            out.append(piece)
            continue

        def wrap(match):
            acronym = match.group(1)
            if acronym in done:
                return acronym
            done.add(acronym)
            title = html.escape(expansions[acronym], quote=True)
            return f'<abbr title="{title}">{acronym}</abbr>'

        out.append(pattern.sub(wrap, piece))
    return "".join(out)
