"""The published default entries as engine documents, read without Django."""

import json
from importlib import resources

from segurfaq.engine import Document
from segurfaq.faq.answer_markup import html_to_text


def default_documents() -> tuple[list[Document], dict[int, str]]:
    data = json.loads(
        resources.files("segurfaq.faq").joinpath("data/default_content.json").read_text("utf-8")
    )
    labels = {
        f"{facet['slug']}/{value['slug']}": value["label"]
        for facet in data["facets"]
        for value in facet["values"]
    }
    documents, slugs = [], {}
    published = [e for e in data["entries"] if e["status"] == "published"]
    for number, entry in enumerate(published, start=1):
        documents.append(
            Document(
                id=number,
                question=entry["question"],
                answer=html_to_text(entry["answer"]),
                tags=tuple(entry["tags"]),
                facets=tuple(labels[key] for key in entry["values"]),
            )
        )
        slugs[number] = entry["slug"]
    return documents, slugs


def dev_set(path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
