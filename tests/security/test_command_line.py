"""The command line is a door too: on a database nothing prepared yet, each command either
prepares it as `segurfaq serve` does or says in French what to run; never a traceback."""

import json

import pytest

from tests.server import own_database, segurfaq_env, segurfaq_run

pytestmark = pytest.mark.server

DOCUMENT = {
    "format": "segurfaq/1",
    "facets": [],
    "entries": [
        {
            "slug": "question-importee",
            "question": "Une question importée dans une base neuve ?",
            "answer": "<p>Oui, importée.</p>",
            "status": "published",
        }
    ],
}


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["search", "INS nouveau-né", "--json"], "creer-l-ins-d-un-nouveau-ne"),
        (["export"], "creer-l-ins-d-un-nouveau-ne"),
        (["import", "{document}"], "1 créée(s)"),
        (["purge"], "Purge terminée"),
    ],
)
def test_a_command_on_a_database_never_prepared_works_or_says_what_to_do(
    tmp_path, arguments, expected
):
    document = tmp_path / "contenu.json"
    document.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    arguments = [argument.format(document=document) for argument in arguments]
    data = tmp_path / "donnees"
    with own_database(data) as database_url:
        result = segurfaq_run(segurfaq_env(data, database_url), *arguments, check=False)

    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


def test_an_unreachable_database_is_said_in_french(tmp_path):
    env = segurfaq_env(tmp_path, "postgres://segurfaq@127.0.0.1:9/absente")

    result = segurfaq_run(env, "search", "INS", check=False)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "Base de données injoignable" in result.stderr
