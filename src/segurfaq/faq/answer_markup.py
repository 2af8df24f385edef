"""The answer's HTML: what editors may write, and how plain text becomes HTML."""

import html
import re

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "a", "strong", "em", "b", "i", "abbr", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}

URL_RE = re.compile(r"https?://[^\s<>\"«»]+[^\s<>\"«».,;:!?)]")
LIST_ITEM_RE = re.compile(r"^\s*[-•]\s+")


def sanitize_answer(raw_html: str) -> str:
    """Keep the few tags an answer needs; drop scripts, styles and event handlers."""
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


def render_answer(source: str) -> str:
    """The HTML readers see from what the editor wrote: Markdown, or simple HTML."""
    html_text = markdown.markdown(source, extensions=["sane_lists", "nl2br"], output_format="html")
    return sanitize_answer(html_text)


def _inline(text: str) -> str:
    escaped = html.escape(text, quote=False)
    return URL_RE.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)


def text_to_html(text: str) -> str:
    """Turn the seed page's plain text into answer HTML.

    Each line is a paragraph, and consecutive lines starting with "- " form a list, as on
    the page the text was copied from. Addresses become links.
    """
    parts: list[str] = []
    items: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if LIST_ITEM_RE.match(line):
            items.append(f"<li>{_inline(LIST_ITEM_RE.sub('', line).strip())}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        parts.append(f"<p>{_inline(line.strip())}</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return sanitize_answer("".join(parts))


BLOCK_END_RE = re.compile(r"</(p|li|ul|ol)>|<br\s*/?>", re.IGNORECASE)
TAG_RE = re.compile(r"<[^>]+>")
LIST_ITEM_START_RE = re.compile(r"<li(\s[^>]*)?>", re.IGNORECASE)


def html_to_text(answer_html: str) -> str:
    """Plain text of an answer, one block a line, for search, exports and the CLI."""
    text = LIST_ITEM_START_RE.sub("\n- ", answer_html)
    text = BLOCK_END_RE.sub("\n", text)
    text = html.unescape(TAG_RE.sub("", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
