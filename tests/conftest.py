import copy
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from segurfaq.faq.interchange import read_document
from segurfaq.faq.services import content_import, content_import_json, default_content_text

DATA = Path(__file__).parent / "data"


@pytest.fixture
def seed_text() -> str:
    return (DATA / "seed_page.txt").read_text(encoding="utf-8")


@pytest.fixture
def one_rate_window(monkeypatch):
    """Rate limits count per fixed window (a minute, an hour): a test that crossed a window's
    end would see its counts start again. The clock stands still in the middle of one."""
    # Half past a minute and about the middle of an hour; only the rate limiter's clock.
    clock = SimpleNamespace(time=lambda: 1_800_000_000.0 + 1_830)
    monkeypatch.setattr("segurfaq.ratelimit.time", clock)


@pytest.fixture
def default_content(db):
    return content_import_json(text=default_content_text())


SMALL_CORPUS = {
    "format": "segurfaq/1",
    "facets": [
        {
            "slug": "couloir",
            "label": "Couloir Ségur",
            "prompt": "Votre question concerne quel couloir Ségur ?",
            "order": 1,
            "values": [
                {"slug": "hopital", "label": "Hôpital", "order": 1},
                {"slug": "biologie-medicale", "label": "Biologie médicale", "order": 2},
                {"slug": "officine", "label": "Officine", "order": 3},
            ],
        },
        {
            "slug": "dispositif",
            "label": "Dispositif Ségur",
            "prompt": "Votre question concerne quel dispositif Ségur ?",
            "order": 2,
            "values": [
                {"slug": "dpi", "label": "DPI", "order": 1, "parent": "couloir/hopital"},
                {"slug": "pfi", "label": "PFI", "order": 2, "parent": "couloir/hopital"},
                {"slug": "sgl", "label": "SGL", "order": 3, "parent": "couloir/biologie-medicale"},
            ],
        },
        {
            "slug": "theme",
            "label": "Thématique",
            "prompt": "Votre question concerne quelle thématique ?",
            "order": 3,
            "values": [
                {"slug": "financement", "label": "Financement", "order": 1},
                {"slug": "identitovigilance", "label": "Identitovigilance", "order": 2},
            ],
        },
    ],
    "entries": [
        {
            "slug": "solde-du-financement",
            "question": "Quand le solde du financement est-il versé ?",
            "answer": "<p>Le solde est versé par l'ASP après la vérification.</p>",
            "status": "published",
            "values": ["couloir/hopital", "theme/financement"],
            "links": [{"label": "Le guide du financement", "url": "https://example.org/guide"}],
            "published_at": "2025-08-14T08:00:00+00:00",
            "updated_at": "2025-08-14T08:00:00+00:00",
        },
        {
            "slug": "ins-au-dpi",
            "question": "Le DPI doit-il afficher l'INS ?",
            "answer": "<p>Oui, l'identité nationale de santé est affichée.</p>",
            "status": "published",
            "values": ["dispositif/dpi", "theme/identitovigilance"],
            "published_at": "2025-08-13T08:00:00+00:00",
        },
        {
            "slug": "ins-au-laboratoire",
            "question": "Le laboratoire doit-il qualifier l'INS ?",
            "answer": "<p>Oui, le SGL qualifie l'identité.</p>",
            "status": "published",
            "values": ["couloir/biologie-medicale", "dispositif/sgl", "theme/identitovigilance"],
            "published_at": "2025-08-12T08:00:00+00:00",
        },
        {
            "slug": "brouillon-officine",
            "question": "Question encore en rédaction",
            "answer": "<p>Brouillon.</p>",
            "status": "draft",
            "values": ["couloir/officine"],
        },
    ],
}


@pytest.fixture
def small_corpus_document() -> dict:
    return copy.deepcopy(SMALL_CORPUS)


@pytest.fixture
def small_corpus(db):
    content_import(document=read_document(copy.deepcopy(SMALL_CORPUS)))


@pytest.fixture
def write_json(tmp_path):
    def write(document, name="content.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def editor(db):
    from django.contrib.auth import get_user_model

    from segurfaq.accounts.groups import editors_group_ensure

    user = get_user_model().objects.create_user(
        "redactrice", password="mot de passe de test 2025", is_staff=True
    )
    user.groups.add(editors_group_ensure())
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def mail_port(settings):
    """Messages to readers go to 127.0.0.1 on this port (tests.smtp starts a server there);
    their links start with tests.smtp.SITE."""
    from tests.server import free_port
    from tests.smtp import SITE

    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    settings.SEGURFAQ_PUBLIC_URL = SITE
    return port


@pytest.fixture(scope="session")
def private_redis(tmp_path_factory):
    """A Redis server of the tests' own (never the machine's); its URL."""
    from tests.faults.tools import redis_server

    with redis_server(tmp_path_factory.mktemp("redis")) as port:
        yield f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def redis_caches(private_redis, settings):
    """The production cache settings, on the tests' own Redis, emptied before and after."""
    from django.core.cache import caches

    from segurfaq.operations.cache import forget_outages

    settings.CACHES = {
        alias: {
            "BACKEND": "segurfaq.operations.cache.ResilientRedisCache",
            "LOCATION": private_redis,
            "KEY_PREFIX": f"segurfaq-tests-{alias}",
        }
        for alias in ("default", "pages")
    }
    forget_outages()
    caches["default"].clear()  # one Redis database holds both
    yield caches
    caches["default"].clear()


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.parent.name == "browser":
            item.add_marker(pytest.mark.browser)
        if any(item.get_closest_marker(name) for name in ("browser", "server", "semantic")):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _semantic_search(request, settings):
    """The embedding model for the tests that need it, and for them only."""
    settings.SEGURFAQ_SEMANTIC_SEARCH = request.node.get_closest_marker("semantic") is not None


@pytest.fixture(autouse=True)
def _empty_cache(_semantic_search):
    # Rate-limit counters, cached pages and kept reads must not leak from one test to the
    # next: each starts as a new process would (salts made in a rolled-back test, engines
    # built with or without the model, are gone).
    from django.core.cache import caches

    from segurfaq import process_state

    for alias in ("default", "pages"):
        caches[alias].clear()
    process_state.forget_all()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()
