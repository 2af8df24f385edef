"""schema.org FAQPage data for search engines, embedded as JSON-LD."""

import json

from django.utils.safestring import mark_safe

from segurfaq.faq.answer_markup import html_to_text

# Inside <script>, these would let a text close the element or confuse the HTML parser.
ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _question(request, entry) -> dict:
    return {
        "@type": "Question",
        "name": entry.question,
        "url": request.build_absolute_uri(entry.get_absolute_url()),
        "dateModified": entry.updated_at.isoformat(),
        "acceptedAnswer": {"@type": "Answer", "text": html_to_text(entry.answer)},
    }


def faq_page_json_ld(request, entries) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [_question(request, entry) for entry in entries],
    }
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(ESCAPES))  # noqa: S308 - escaped for <script>
