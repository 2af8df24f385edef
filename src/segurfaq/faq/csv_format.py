"""Entries as CSV, for spreadsheets: written by `segurfaq export --format csv` and the API,
read by `segurfaq import FILE.csv` (facets and values must already exist)."""

import csv
import io

from segurfaq.faq.interchange import FORMAT, ContentFormatError

COLUMNS = [
    "slug",
    "question",
    "answer_source",
    "status",
    "values",
    "tags",
    "wordings",
    "links",
    "pinned",
    "review_by",
    "editor_note",
    "created_at",
    "updated_at",
    "published_at",
]
LIST_SEPARATOR = "|"
# A cell starting like this runs as a formula when a spreadsheet opens the file (CSV
# injection: =HYPERLINK(…) sending the sheet's data elsewhere). Such a cell is written with
# a leading apostrophe, which spreadsheets show as text; so is a cell starting with an
# apostrophe, so that reading strips exactly one and gets the value back.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEUTRAL = "'"


def csv_cell(value) -> str:
    """A value as a CSV cell that no spreadsheet runs."""
    text = "" if value is None else str(value)
    return NEUTRAL + text if text.startswith((*FORMULA_START, NEUTRAL)) else text


def csv_cell_read(text: str) -> str:
    """The value of a cell written by csv_cell."""
    return text[1:] if text.startswith(NEUTRAL) else text


def csv_text(rows, *, delimiter: str = ",") -> str:
    """Rows as CSV text, every cell through csv_cell: how every CSV of the service is made."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


def _link_text(link: dict) -> str:
    return f"{link['label']} <{link['url']}>"


def _link_from(text: str, where: str) -> dict:
    label, _, rest = text.rpartition("<")
    if not rest.endswith(">") or not label.strip():
        raise ContentFormatError(where, f"lien « {text} » invalide : attendu « libellé <adresse> »")
    return {"label": label.strip(), "url": rest[:-1].strip()}


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(LIST_SEPARATOR) if part.strip()]


def entries_to_csv(document: dict) -> str:
    """The entries of an export document, one row each (the operator's export: every
    column, editors' notes included; the public CSV is faq.public's)."""
    rows = []
    for entry in document["entries"]:
        row = {
            **{key: entry.get(key) or "" for key in COLUMNS},
            "values": LIST_SEPARATOR.join(entry["values"]),
            "tags": LIST_SEPARATOR.join(entry["tags"]),
            "wordings": LIST_SEPARATOR.join(entry.get("wordings", [])),
            "links": LIST_SEPARATOR.join(_link_text(link) for link in entry["links"]),
            "pinned": "true" if entry.get("pinned") else "false",
        }
        rows.append([row[key] for key in COLUMNS])
    return csv_text([COLUMNS, *rows])


def looks_like_csv(text: str) -> bool:
    return text.lstrip("\ufeff").split("\n", 1)[0].strip().startswith("slug,")


def csv_to_document(text: str) -> dict:
    """A CSV of entries as the import document; rows are numbered as a spreadsheet shows them."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [
        column
        for column in ("slug", "question", "answer_source", "status")
        if column not in (reader.fieldnames or [])
    ]
    if missing:
        raise ContentFormatError("ligne 1", f"colonne(s) manquante(s) : {', '.join(missing)}")
    entries = []
    for number, cells in enumerate(reader, start=2):
        where = f"ligne {number}"
        row = {key: csv_cell_read(value) for key, value in cells.items() if isinstance(value, str)}
        pinned = (row.get("pinned") or "false").strip().lower()
        if pinned not in ("true", "false", "oui", "non", ""):
            raise ContentFormatError(where, "la colonne pinned vaut true ou false")
        entries.append(
            {
                "slug": (row.get("slug") or "").strip(),
                "question": row.get("question") or "",
                "answer_source": row.get("answer_source") or "",
                "status": (row.get("status") or "draft").strip(),
                "values": _split(row.get("values")),
                "tags": _split(row.get("tags")),
                # A file without the column (an older export) leaves the entries' wordings.
                "wordings": _split(row["wordings"]) if "wordings" in row else None,
                "links": [_link_from(part, where) for part in _split(row.get("links"))],
                "pinned": pinned in ("true", "oui"),
                "review_by": (row.get("review_by") or "").strip() or None,
                "editor_note": row.get("editor_note") or "",
                "created_at": (row.get("created_at") or "").strip() or None,
                "updated_at": (row.get("updated_at") or "").strip() or None,
                "published_at": (row.get("published_at") or "").strip() or None,
                "_row": number,
            }
        )
    return {"format": FORMAT, "facets": [], "entries": entries}
