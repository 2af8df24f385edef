import pytest

from segurfaq.faq.models import Entry, FacetValue
from segurfaq.faq.services import WorkflowError, facet_value_merge


def value(facet, slug):
    return FacetValue.objects.get(facet__slug=facet, slug=slug)


def test_merging_two_values_keeps_every_entrys_tags(small_corpus):
    source, target = value("couloir", "biologie-medicale"), value("couloir", "hopital")

    moved = facet_value_merge(source=source, target=target)

    assert moved == 1
    lab = Entry.objects.get(slug="ins-au-laboratoire")
    assert target in lab.values.all()
    assert not FacetValue.objects.filter(pk=source.pk).exists()
    # The merged value's dispositif now belongs to the target couloir.
    assert value("dispositif", "sgl").parent == target


def test_values_of_different_facets_cannot_be_merged(small_corpus):
    with pytest.raises(WorkflowError):
        facet_value_merge(source=value("couloir", "hopital"), target=value("theme", "financement"))


def test_merge_from_the_admin_asks_for_the_target_then_merges(editor_client, small_corpus):
    source, target = value("theme", "financement"), value("theme", "identitovigilance")
    data = {"action": "merge", "_selected_action": [source.pk]}

    form = editor_client.post("/admin/faq/facetvalue/", data)
    assert "Fusionner dans" in form.content.decode()
    editor_client.post("/admin/faq/facetvalue/", {**data, "target": target.pk})

    assert not FacetValue.objects.filter(pk=source.pk).exists()
    assert target in Entry.objects.get(slug="solde-du-financement").values.all()


def test_a_dispositif_moves_under_another_couloir_without_losing_entries(
    admin_client, small_corpus
):
    dpi = value("dispositif", "dpi")
    dpi.parent = value("couloir", "biologie-medicale")
    dpi.save()

    response = admin_client.get("/?couloir=biologie-medicale")

    assert 'id="entree-ins-au-dpi"' in response.content.decode()
