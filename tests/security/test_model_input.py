"""A question the embedding model cannot take as it is (a character that unfolds into many)
is answered, not a worker's crash; and a long one costs no more than its first words."""

import pytest

from tests.server import own_database, segurfaq_env, segurfaq_run

pytestmark = [pytest.mark.server, pytest.mark.semantic]

# U+FDFA unfolds into 18 letters: the model's tokenizer wrote past its buffer and the
# process died (malloc: corrupted top size), taking a worker with it.
UNFOLDING = "\ufdfa" * 40


def test_characters_that_unfold_into_many_letters_do_not_crash_the_search(tmp_path):
    data = tmp_path / "donnees"
    with own_database(data) as database_url:
        env = segurfaq_env(data, database_url, SEGURFAQ_SEMANTIC_SEARCH="true")
        segurfaq_run(env, "migrate")
        result = segurfaq_run(env, "search", UNFOLDING, "--json", check=False)

    assert result.returncode == 0, result.stderr[-2000:]
    assert '"low_confidence": true' in result.stdout
