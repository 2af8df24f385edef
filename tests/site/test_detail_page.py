def test_detail_page_shows_question_answer_date_links_facets_and_vote(client, small_corpus):
    response = client.get("/questions/solde-du-financement/")
    content = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Quand le solde du financement est-il versé ?</h1>" in content
    assert "Le solde est versé" in content
    assert "Dernière mise à jour le" in content
    assert "14 août 2025" in content
    assert "Pour en savoir plus" in content
    assert 'href="https://example.org/guide"' in content
    assert "Couloir Ségur :" in content
    assert "Financement" in content
    assert "Cette réponse vous a-t-elle été utile ?" in content
    assert 'action="/questions/solde-du-financement/avis/"' in content


def test_detail_page_of_a_draft_is_not_found_in_french(client, small_corpus):
    response = client.get("/questions/brouillon-officine/")

    assert response.status_code == 404
    assert "n&#x27;existe pas ou n&#x27;est plus publiée" in response.content.decode()


def test_unknown_page_is_not_found_in_french(client, db):
    response = client.get("/questions/nulle-part/")

    assert response.status_code == 404
    assert "<h1>Page introuvable</h1>" in response.content.decode()


def test_facet_tags_link_to_the_filtered_list(client, small_corpus):
    content = client.get("/questions/ins-au-laboratoire/").content.decode()

    assert 'href="/?dispositif=sgl"' in content
