"""The engine with 10,000 synthetic entries beside the real ones: indexing time, latency,
and answer quality among the distractors.

    .venv/bin/python benchmarks/scale.py [--count 10000] [--vectors /tmp/vectors.npz]

Embedding the entries dominates indexing; --vectors keeps them in a file so that a second
run measures the rest (the lexical index, the typo index) without recomputing them.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import add_sample_option, apply_sample, default_documents, questions
from synthetic import make_entries

from segurfaq.engine import Document, Engine, shared_embedder
from segurfaq.engine.semantic import EMBED_BATCH, DocumentVectors, document_vectors

HERE = Path(__file__).resolve().parent
WARM_UP = ["question de mise en route", "premier essai du moteur", "dernier réglage"]


def embed(documents, embedder):
    started = time.perf_counter()

    def progress(done, total):
        if done % 2000 < EMBED_BATCH or done == total:
            elapsed = time.perf_counter() - started
            print(f"  embeddings {done}/{total} texts ({elapsed:.0f} s)", flush=True)

    return document_vectors(embedder, documents, progress)


def save(path: Path, vectors: list[DocumentVectors]) -> None:
    np.savez(
        path,
        questions=np.vstack([v.question for v in vectors]),
        passages=np.vstack([v.passage for v in vectors]),
        wordings=np.vstack([v.wordings for v in vectors]),
        wording_counts=[len(v.wordings) for v in vectors],
        parts=np.vstack([v.parts for v in vectors]),
        part_counts=[len(v.parts) for v in vectors],
    )


def load(path: Path) -> list[DocumentVectors]:
    saved = np.load(path)
    wordings = np.split(saved["wordings"], np.cumsum(saved["wording_counts"])[:-1])
    parts = np.split(saved["parts"], np.cumsum(saved["part_counts"])[:-1])
    return [
        DocumentVectors(question, passage, wording, part)
        for question, passage, wording, part in zip(
            saved["questions"], saved["passages"], wordings, parts, strict=True
        )
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--vectors", help="file to keep the entries' embeddings in")
    add_sample_option(parser)
    args = parser.parse_args()
    apply_sample(args)

    real, slugs = default_documents()
    synthetic = [
        Document(id=100_000 + n, question=e["question"], answer=e["answer"], tags=tuple(e["tags"]))
        for n, e in enumerate(make_entries(args.count))
    ]
    documents = real + synthetic
    embedder = shared_embedder()
    print(f"{len(documents)} entries ({len(real)} real, {len(synthetic)} synthetic)")

    vectors_path = Path(args.vectors) if args.vectors else None
    started = time.perf_counter()
    if vectors_path and vectors_path.exists():
        vectors = load(vectors_path)
        print(f"embeddings read from {vectors_path}")
        embedding_seconds = None
    else:
        vectors = embed(documents, embedder)
        embedding_seconds = time.perf_counter() - started
        if vectors_path:
            save(vectors_path, vectors)

    started = time.perf_counter()
    engine = Engine(documents, embedder=embedder, vectors=vectors)
    index_seconds = time.perf_counter() - started

    queries = questions("dev")
    for warm_up in WARM_UP:  # load the model, with questions not measured
        engine.search(warm_up)
    latencies, first = [], []
    for item in queries:
        began = time.perf_counter()
        result = engine.search(item["query"], limit=5)
        latencies.append((time.perf_counter() - began) * 1000)
        if item["expected"]:
            top = result.hits[0].id if result.hits else None
            first.append(slugs.get(top) == item["expected"])
    latencies.sort()
    if embedding_seconds is not None:
        print(f"embedding the entries: {embedding_seconds:.0f} s")
    print(f"building the lexical and typo indexes: {index_seconds:.1f} s")
    print(
        f"latency per query ({len(queries)} dev questions, embedding included): "
        f"p50 {latencies[len(latencies) // 2]:.1f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99)]:.1f} ms"
    )
    print(f"P@1 of the dev set among the distractors: {statistics.mean(first):.3f}")


if __name__ == "__main__":
    main()
