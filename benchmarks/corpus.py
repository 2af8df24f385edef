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
SPLITS = {"dev": DATA / "dev.jsonl", "frozen": DATA / "frozen_test.jsonl"}


def neighbour_documents(first_id: int) -> tuple[list[Document], dict[int, str]]:
    """The benchmark's hard negatives (data/neighbours.jsonl): entries that share the
    default entries' words but answer something else. Never default content."""
    labels = _labels()
    documents, slugs = [], {}
    for number, entry in enumerate(dev_set(DATA / "neighbours.jsonl"), start=first_id):
        documents.append(_document(number, entry, labels))
        slugs[number] = entry["slug"]
    return documents, slugs


def dev_set(path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
