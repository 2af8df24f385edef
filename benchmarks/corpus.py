"""The published default entries as engine documents, read without Django."""

import json
from importlib import resources
from pathlib import Path

from segurfaq.engine import Document
from segurfaq.faq.answer_markup import html_to_text


def _default_content() -> dict:
    return json.loads(
        resources.files("segurfaq.faq").joinpath("data/default_content.json").read_text("utf-8")
    )


def _labels() -> dict[str, str]:
    return {
        f"{facet['slug']}/{value['slug']}": value["label"]
        for facet in _default_content()["facets"]
        for value in facet["values"]
    }


def _document(number: int, entry: dict, labels: dict[str, str]) -> Document:
    return Document(
        id=number,
        question=entry["question"],
        answer=html_to_text(entry["answer"]),
        tags=tuple(entry.get("tags", ())),
        wordings=tuple(entry.get("wordings", ())),
        facets=tuple(labels[key] for key in entry["values"]),
    )


def facet_order() -> list[str]:
    """The facets' slugs in the order the site asks them."""
    return [facet["slug"] for facet in _default_content()["facets"]]


def entry_values() -> dict[str, frozenset[str]]:
    """Each default entry's and neighbour's facet values ("facet/value"), by slug."""
    entries = [e for e in _default_content()["entries"] if e["status"] == "published"]
    entries += read_jsonl(NEIGHBOURS)
    return {entry["slug"]: frozenset(entry["values"]) for entry in entries}


def default_documents() -> tuple[list[Document], dict[int, str]]:
    labels = _labels()
    documents, slugs = [], {}
    published = [e for e in _default_content()["entries"] if e["status"] == "published"]
    for number, entry in enumerate(published, start=1):
        documents.append(_document(number, entry, labels))
        slugs[number] = entry["slug"]
    return documents, slugs


DATA = Path(__file__).resolve().parent / "data"
# The questions tuning and calibration may look at; the frozen split is only ever reported.
# Each split is one or more files read in order: the frozen split's second file holds the
# long messages, written (and committed) before the engine was run on them.
SPLITS = {
    "dev": (DATA / "dev.jsonl",),
    "frozen": (DATA / "frozen_test.jsonl", DATA / "frozen_long.jsonl"),
}
NEIGHBOURS = DATA / "neighbours.jsonl"
# Neighbours that a blind judge found to answer a question as well: second right answers
# (docs/benchmarks.md says how they were judged). Kept apart, so the splits stay as written.
SECOND_ANSWERS = DATA / "second_answers.jsonl"
# How the neighbours are given: with their other wordings (as real entries carry them once
# editors and readers have worked on them), or bare (the benchmark before its wordings).
NEIGHBOUR_FORMS = ("wordings", "bare")

_sample: int | None = None


def add_sample_option(parser) -> None:
    parser.add_argument(
        "--sample",
        type=int,
        metavar="N",
        help="smoke run: N questions of each split and N neighbours, spread over the files",
    )


def apply_sample(args) -> None:
    """Read only a spread sample of the questions and neighbours (--sample N)."""
    global _sample
    _sample = args.sample


def _spread(rows: list) -> list:
    if not _sample or len(rows) <= _sample:
        return rows
    step = len(rows) / _sample
    return [rows[int(index * step)] for index in range(_sample)]


def questions(split: str) -> list[dict]:
    """A split's questions: {"query", "expected" (a slug or None), "register", ...; with
    "also_right": the neighbours judged to answer it too}."""
    second = {
        row["query"]: row["also_right"]
        for row in read_jsonl(SECOND_ANSWERS)
        if row["split"] == split
    }
    rows = [row for path in SPLITS[split] for row in read_jsonl(path)]
    return _spread(
        [
            {**row, "also_right": second[row["query"]]} if row["query"] in second else row
            for row in rows
        ]
    )


def neighbour_entries(form: str = "wordings") -> list[dict]:
    entries = _spread(read_jsonl(NEIGHBOURS))
    if form == "bare":
        entries = [{**entry, "wordings": []} for entry in entries]
    return entries


def neighbour_documents(
    first_id: int, form: str = "wordings"
) -> tuple[list[Document], dict[int, str]]:
    """The benchmark's hard negatives (data/neighbours.jsonl): entries that share the
    default entries' words but answer something else. Never default content."""
    labels = _labels()
    documents, slugs = [], {}
    for number, entry in enumerate(neighbour_entries(form), start=first_id):
        documents.append(_document(number, entry, labels))
        slugs[number] = entry["slug"]
    return documents, slugs


def read_jsonl(path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
