import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from segurfaq.faq.models import Entry


def run(*args, stdin: str | None = None, monkeypatch=None) -> str:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("search", *args, stdout=out)
    return out.getvalue()


@pytest.mark.semantic
def test_search_prints_readable_results(default_content):
    out = run("comment créer l'INS d'un bébé", "--limit", "2")

    assert out.startswith("1. Comment créer l'INS d'un nouveau-né ?")
    assert "/questions/creer-l-ins-d-un-nouveau-ne/" in out


def test_search_prints_no_more_results_than_asked(default_content):
    out = run("INS", "--limit", "2")

    assert "1. " in out
    assert "2. " in out
    assert "3. " not in out


def test_search_json_prints_one_object_with_the_result_fields(default_content):
    answer = json.loads(run("datamatrix obligatoire ?", "--json", "--limit", "3"))

    assert answer["query"] == "datamatrix obligatoire ?"
    assert len(answer["results"]) <= 3
    first = answer["results"][0]
    assert {"slug", "question", "answer_text", "url", "score", "confidence", "passage"} <= set(
        first
    )
    assert first["slug"] == "datamatrix-ins-sur-les-ordonnances"
    assert "<" not in first["answer_text"]
    assert 0 <= first["confidence"] <= 1


def test_search_jsonl_answers_each_line_of_standard_input(default_content, monkeypatch):
    out = run(
        "--jsonl",
        "--limit",
        "1",
        stdin="combien de flux dans la presta\n\nmineur mon espace sante\n",
        monkeypatch=monkeypatch,
    )

    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == [
        "combien de flux dans la presta",
        "mineur mon espace sante",
    ]
    assert lines[0]["results"][0]["slug"] == "connecteurs-inclus-dans-la-prestation-segur"
    assert lines[1]["results"][0]["slug"] == "acces-des-mineurs-a-mon-espace-sante"
    assert all(len(line["results"]) == 1 for line in lines)


def test_search_applies_facet_filters(default_content):
    unfiltered = json.loads(run("DMP", "--json"))
    answer = json.loads(run("DMP", "--json", "--filtre", "couloir=biologie-medicale"))

    slugs = {r["slug"] for r in answer["results"]}
    assert slugs
    assert slugs <= {r["slug"] for r in unfiltered["results"]}
    biology = set(
        Entry.objects.filter(values__slug__in=["biologie-medicale", "sgl"]).values_list(
            "slug", flat=True
        )
    )
    assert slugs <= biology


def test_search_flags_a_question_nothing_answers(default_content):
    answer = json.loads(run("recette de la tarte aux pommes", "--json"))

    assert answer["low_confidence"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("INS", "--filtre", "planete=mars"), "Filtre\\(s\\) inconnu\\(s\\) : planete/mars"),
        (("INS", "--limit", "0"), "--limit"),
        (("  ",), "Donnez une question"),
    ],
)
def test_search_explains_bad_arguments(default_content, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_search_json_gives_the_passage_of_a_long_answer_that_matched(default_content):
    answer = json.loads(run("qualification automatique avec l'appli carte vitale", "--json"))

    first = answer["results"][0]
    assert first["slug"] == "qualification-de-l-ins-par-chaque-professionnel"
    assert first["passage"].startswith("à terme l’application de la carte vitale")
