import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model

from segurfaq.analytics.models import EntryView
from segurfaq.analytics.stats import wilson_lower_bound
from segurfaq.faq.models import Entry
from segurfaq.feedback.models import Vote
from segurfaq.search.models import SearchLog

DASHBOARD = "/admin/analytics/entryview/"


def votes(entry, yes, no):
    Vote.objects.bulk_create(
        [Vote(entry=entry, visitor=f"{entry.pk}-y{i}", value="yes") for i in range(yes)]
        + [Vote(entry=entry, visitor=f"{entry.pk}-n{i}", value="no") for i in range(no)]
    )


def test_wilson_lower_bound_rewards_evidence():
    assert wilson_lower_bound(1, 1) == pytest.approx(0.2065, abs=1e-3)
    assert wilson_lower_bound(60, 100) == pytest.approx(0.502, abs=1e-3)
    assert wilson_lower_bound(0, 0) == 0.0


def test_reading_an_answer_counts_a_view_and_nothing_about_the_reader(client, small_corpus):
    client.get("/questions/solde-du-financement/")
    client.get("/questions/solde-du-financement/")

    view = EntryView.objects.get()
    assert view.count == 2
    assert [f.name for f in EntryView._meta.fields] == ["id", "entry", "day", "count"]


def test_the_list_shows_the_most_read_and_recently_updated_answers(client, small_corpus):
    for _ in range(3):
        client.get("/questions/ins-au-laboratoire/")

    content = client.get("/").content.decode()

    assert "Les plus consultées" in content
    assert "Mises à jour récemment" in content
    assert "Les plus consultées" not in client.get("/?q=INS").content.decode()


def test_the_dashboard_ranks_a_hundred_votes_above_one_unlucky_no(editor_client, small_corpus):
    one_no = Entry.objects.get(slug="ins-au-dpi")
    many_no = Entry.objects.get(slug="ins-au-laboratoire")
    votes(one_no, yes=0, no=1)
    votes(many_no, yes=40, no=60)

    content = editor_client.get(DASHBOARD).content.decode()

    assert content.index("Le laboratoire doit-il qualifier") < content.index("Le DPI doit-il")


def test_the_dashboard_groups_searches_without_a_good_answer(editor_client, small_corpus):
    for query in ["Tarte aux pommes ?", "tarte aux pommes", "Le solde ?"]:
        SearchLog.objects.create(
            query=query,
            normalized_query="tarte pommes" if "arte" in query else "solde",
            result_count=0 if "arte" in query else 1,
            confidence=0.1 if "arte" in query else 0.9,
            low_confidence="arte" in query,
            duration_ms=10,
            source="page",
        )

    response = editor_client.get(DASHBOARD, {"export": "sans-reponse"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0][0] == "question normalisée"
    assert rows[1][:4] == ["tarte pommes", "2", "2", "2"]
    assert "Tarte aux pommes ?" in rows[1][4]
    assert len(rows) == 2


@pytest.mark.parametrize(
    "table", ["entrees", "raisons", "commentaires", "sans-reponse", "frequentes"]
)
def test_every_table_exports_to_csv(editor_client, small_corpus, table):
    response = editor_client.get(DASHBOARD, {"export": table, "du": "2020-01-01"})

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").splitlines()[0]


def test_csv_cells_cannot_run_as_spreadsheet_formulas(editor_client, small_corpus):
    entry = Entry.objects.get(slug="ins-au-dpi")
    Vote.objects.create(
        entry=entry, visitor="v", value="no", reason="unclear", comment="=HYPERLINK(1)"
    )

    content = editor_client.get(DASHBOARD, {"export": "commentaires"}).content.decode("utf-8-sig")

    assert "'=HYPERLINK(1)" in content


def test_the_dashboard_filters_by_facet_value_and_period(editor_client, small_corpus):
    votes(Entry.objects.get(slug="solde-du-financement"), yes=1, no=0)
    from segurfaq.faq.models import FacetValue

    lab = FacetValue.objects.get(facet__slug="couloir", slug="biologie-medicale")
    content = editor_client.get(DASHBOARD, {"valeur": lab.pk}).content.decode()
    bad = editor_client.get(DASHBOARD, {"du": "2025-02-01", "au": "2025-01-01"}).content.decode()

    assert "Le laboratoire doit-il qualifier" in content
    assert "Quand le solde du financement" not in content
    assert "La date de début doit précéder la date de fin." in bad


def test_charts_are_drawn_on_the_server(editor_client, small_corpus):
    votes(Entry.objects.get(slug="ins-au-dpi"), yes=2, no=1)

    content = editor_client.get(DASHBOARD).content.decode()

    assert content.count('<figure class="segurfaq-chart">') == 3
    assert 'class="bar-yes"' in content


def test_staff_without_the_dashboard_permission_is_refused(client, small_corpus):
    user = get_user_model().objects.create_user("stagiaire", is_staff=True)
    client.force_login(user)

    assert client.get(DASHBOARD).status_code == 403


def test_chart_coordinates_are_not_written_with_french_decimal_commas(editor_client, small_corpus):
    votes(Entry.objects.get(slug="ins-au-dpi"), yes=2, no=1)

    content = editor_client.get(DASHBOARD).content.decode()

    assert not re.search(r'<rect x="\d+,\d', content)
