"""axe-core (WCAG 2.1 A and AA rules) on every public page and state."""

import pytest

PAGES = {
    "liste": "/",
    "recherche": "/?q=comment+creer+l%27ins+d%27un+bebe",
    "sans-resultat": "/?q=recette+de+la+tarte+aux+pommes&theme=financement",
    "filtree": "/?couloir=hopital&produit=ins",
    "reponse": "/questions/creer-l-ins-d-un-nouveau-ne/",
    "question": "/poser-une-question/?q=tarif",
    "question-envoyee": "/poser-une-question/merci/",
    "confirmation": "/poser-une-question/confirmer/un-lien-recu-par-message/",
    "introuvable": "/questions/nulle-part/",
    "donnees-personnelles": "/donnees-personnelles/",
    "nouveautes": "/nouveautes/",
    "nouveautes-filtrees": "/nouveautes/?couloir=biologie-medicale",
    "suivre": "/suivre/?couloir=biologie-medicale&q=compte+rendu",
    "suivre-une-reponse": "/suivre/?question=creer-l-ins-d-un-nouveau-ne",
    "suivi-demande": "/suivre/merci/",
    "suivi-confirmation": "/suivre/confirmer/un-lien-recu-par-message/",
    "suivi-arret": "/suivre/arreter/un-lien-recu-par-message/",
    "accessibilite": "/accessibilite/",
}


@pytest.mark.parametrize("name", PAGES)
def test_public_pages_have_no_wcag_violation(site, audit_page, axe, name):
    audit_page.goto(site + PAGES[name])

    assert axe(audit_page) == []


def test_a_form_with_errors_has_no_wcag_violation(site, audit_page, axe):
    audit_page.goto(site + "/poser-une-question/")
    audit_page.fill("#id_email", "pas-une-adresse")
    audit_page.click("text=Envoyer ma question")
    audit_page.wait_for_selector(".fr-error-text")

    assert axe(audit_page) == []


def test_an_answer_after_a_no_vote_has_no_wcag_violation(site, audit_page, axe):
    audit_page.goto(site + "/questions/creer-l-ins-d-un-nouveau-ne/")
    audit_page.click("button[value=non]")
    audit_page.wait_for_selector("text=Pourquoi cette réponse")

    assert axe(audit_page) == []


def test_the_list_reads_at_320_pixels(site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site + "/")

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 0


@pytest.mark.parametrize("name", ["recherche", "reponse"])
def test_the_dark_display_setting_keeps_every_rule(site, browser, axe, name):
    context = browser.new_context(
        color_scheme="dark", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.goto(site + PAGES[name])
    page.locator("html[data-fr-theme=dark]").wait_for(state="attached")

    violations = axe(page)
    context.close()
    assert violations == []


def test_an_answer_with_its_change_log_has_no_wcag_violation(site, audit_page, axe):
    from segurfaq.faq.models import Entry
    from segurfaq.faq.services import entry_save

    entry = Entry.objects.get(slug="creer-l-ins-d-un-nouveau-ne")
    entry.answer_source += "\n\nLes parents présentent aussi le livret de famille."
    entry_save(entry=entry, content_changed=True)
    audit_page.goto(site + "/questions/creer-l-ins-d-un-nouveau-ne/")
    audit_page.wait_for_selector("#modifications")

    assert axe(audit_page) == []


BACK_OFFICE = {
    "liste": "/admin/faq/entry/",
    "fiche": "/admin/faq/entry/{entry}/change/",
    "ajout": "/admin/faq/entry/add/",
    "historique": "/admin/faq/entry/{entry}/history/",
    "version": "/admin/faq/entry/{entry}/history/{version}/",
    "tableau-de-bord": "/admin/analytics/entryview/",
    "questions-des-lecteurs": "/admin/inquiries/readerquestion/",
    "messages-aux-lecteurs": "/admin/inquiries/replymail/",
}


@pytest.fixture
def editor_page(site, audit_page, django_user_model):
    django_user_model.objects.create_superuser("redaction", password="mot de passe 2026 sûr")
    audit_page.goto(site + "/admin/login/")
    audit_page.fill("#id_username", "redaction")
    audit_page.fill("#id_password", "mot de passe 2026 sûr")
    audit_page.click("input[type=submit], button[type=submit]")
    audit_page.wait_for_url("**/admin/")
    return audit_page


def test_the_back_office_login_has_no_wcag_violation(site, audit_page, axe):
    audit_page.goto(site + "/admin/login/")

    assert axe(audit_page) == []
    assert audit_page.locator("h1").count() == 1


@pytest.mark.parametrize("name", BACK_OFFICE)
def test_back_office_pages_have_no_wcag_violation(site, editor_page, axe, name):
    from segurfaq.faq.models import Entry
    from segurfaq.faq.services import entry_save

    entry = Entry.objects.get(slug="creer-l-ins-d-un-nouveau-ne")
    entry.question = "Comment créer l'INS d'un nouveau-né à la maternité ?"
    entry_save(entry=entry, content_changed=True)
    path = BACK_OFFICE[name].format(entry=entry.pk, version=entry.history.last().history_id)
    editor_page.goto(site + path)

    assert axe(editor_page) == []
