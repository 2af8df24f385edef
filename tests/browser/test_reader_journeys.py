"""What a reader does, in a real browser, with JavaScript on and off."""

import re

import pytest

from segurfaq.feedback.models import Vote
from segurfaq.inquiries.models import ReaderQuestion


def first_question(page) -> str:
    return page.locator("section[id^=entree-] .fr-accordion__btn").first.inner_text()


def submit_search(page):
    page.click("#recherche button[type=submit]")


def send_question(page, question: str) -> None:
    """Fill the question form's question, send it, wait for the confirmation."""
    page.fill("#id_question", question)
    page.click("text=Envoyer ma question")
    page.wait_for_selector("text=Votre question a bien été envoyée")


def test_a_question_in_the_readers_words_finds_its_answer(site, page):
    page.goto(site + "/")
    page.evaluate("window.sameDocument = true") if page.javascript else None
    page.fill("#id_q", "comment creer l'ins d'un bebe")
    if page.javascript:
        page.locator("#zone-resultats", has_text="nouveau-né").wait_for()
        assert page.evaluate("window.sameDocument") is True  # no reload
        page.wait_for_url(re.compile(r"q=comment"))
    else:
        submit_search(page)
    assert first_question(page).startswith("Comment créer l'INS d'un nouveau-né")


def narrow_to_ins_at_the_hospital(page):
    """Tick Hôpital and INS (opening their accordions with JavaScript), and see the list."""
    page.click("button[aria-controls=filtre-couloir]") if page.javascript else None
    page.click("label[for=f-couloir-hopital]")
    page.click("button[aria-controls=filtre-produit]") if page.javascript else None
    page.click("label[for=f-produit-ins]")
    if page.javascript:
        page.locator("#resultats", has_text="1 question").wait_for()
    else:
        submit_search(page)


def test_several_facets_narrow_the_list(site, page):
    page.goto(site + "/")
    narrow_to_ins_at_the_hospital(page)

    assert "1 question / réponse" in page.locator("#resultats").inner_text()
    assert first_question(page).startswith("Comment créer l'INS")


def test_open_an_answer_and_vote_yes_then_no(site, page):
    page.goto(site + "/questions/datamatrix-ins-sur-les-ordonnances/")
    page.click("#avis-datamatrix-ins-sur-les-ordonnances button[value=oui]")
    page.wait_for_selector("text=Merci pour votre avis")
    if page.javascript:  # the block was replaced: the focus is still on the button pressed
        page.locator("#avis-oui-datamatrix-ins-sur-les-ordonnances:focus").wait_for()
    page.click("#avis-datamatrix-ins-sur-les-ordonnances button[value=non]")
    page.wait_for_selector("text=Pourquoi cette réponse ne vous a-t-elle pas aidé ?")
    page.click("label[for=raison-datamatrix-ins-sur-les-ordonnances-outdated]")
    page.click("text=Envoyer mon explication")
    page.wait_for_selector("text=votre explication aidera")
    if page.javascript:  # the form is gone: the focus is on the thanks
        page.locator("#avis-etat-datamatrix-ins-sur-les-ordonnances:focus").wait_for()

    vote = Vote.objects.get()
    assert (vote.value, vote.reason) == ("no", "outdated")
    if page.javascript:
        assert "explication" in page.locator("#annonce").inner_text()


def test_submit_a_question_from_a_search_without_a_good_answer(site, page):
    page.goto(site + "/?q=recette+de+la+tarte+aux+pommes")
    page.click("#aucune-bonne-reponse a")
    assert page.locator("#id_question").input_value() == "recette de la tarte aux pommes"
    send_question(page, "Comment déclarer une instance de formation dans le bon de commande ?")

    assert ReaderQuestion.objects.get().question.startswith("Comment déclarer une instance")


def test_everything_works_with_the_keyboard_alone(site, js_page):
    page = js_page
    page.goto(site + "/")
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent.trim()")
    assert skip == "Contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenu"

    page.focus("#id_q")
    page.keyboard.type("datamatrix obligatoire")
    page.keyboard.press("Enter")
    page.locator("#zone-resultats", has_text="datamatrix").wait_for()
    # The search sent, the count of its results has the focus (and is read out).
    page.locator("#resultats:focus").wait_for()
    # The DSFR's script takes over the new accordions once they are in the page.
    page.wait_for_selector(
        "section[id^=entree-] .fr-collapse[data-fr-js-collapse]", state="attached"
    )
    # A confident first answer comes open ("Meilleure réponse"): Enter closes, then opens.
    page.focus("section[id^=entree-] .fr-accordion__btn")
    page.keyboard.press("Enter")
    page.wait_for_selector("section[id^=entree-] .fr-accordion__btn[aria-expanded=false]")
    page.wait_for_timeout(100)
    assert page.locator("section[id^=entree-] .fr-accordion__btn:focus").count() == 1
    page.keyboard.press("Enter")
    page.wait_for_selector("section[id^=entree-] .fr-accordion__btn[aria-expanded=true]")
    button = page.locator("section[id^=entree-] button[value=oui]").first
    button.wait_for(state="visible")  # the answer has finished opening: it can take focus
    button.focus()
    page.locator("section[id^=entree-] button[value=oui]:focus").wait_for()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Merci pour votre avis")
    assert Vote.objects.get().value == "yes"


def test_a_question_sent_with_mistakes_lands_on_a_summary_of_what_to_fix(site, page):
    page.goto(site + "/poser-une-question/")
    page.fill("#id_question", "Court ?")
    page.fill("#id_email", "pas-une-adresse")
    page.click("text=Envoyer ma question")
    page.wait_for_selector("#erreurs")

    assert page.title().startswith("Erreur : Poser une question")
    assert page.evaluate("document.activeElement.id") == "erreurs"
    summary = page.locator("#erreurs")
    assert summary.locator("a[href='#id_email']").count() == 1
    assert summary.locator("a[href='#id_question']").count() == 1
    summary.locator("a[href='#id_email']").click()
    assert ReaderQuestion.objects.count() == 0


PHONE = {"width": 390, "height": 844}


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def phone(request, browser):
    context = browser.new_context(java_script_enabled=request.param, viewport=PHONE)
    page = context.new_page()
    page.javascript = request.param
    yield page
    context.close()


def test_on_a_phone_the_results_come_first_and_the_count_takes_the_focus(site, phone):
    page = phone
    page.goto(site + "/")
    assert not page.locator("label[for=f-couloir-hopital]").is_visible()  # behind "Filtrer"

    page.fill("#id_q", "datamatrix obligatoire")
    page.keyboard.press("Enter")
    page.locator("#resultats", has_text="question").wait_for()
    page.locator("#resultats:focus").wait_for()

    top = page.locator("#resultats").bounding_box()["y"]
    assert 0 <= top < PHONE["height"]  # in the first screen, without scrolling back
    assert "datamatrix" in page.locator("section[id^=entree-]").first.inner_text()

    page.click("#filtres > summary")
    page.click("button[aria-controls=filtre-couloir]") if page.javascript else None
    page.locator("#valeurs-couloir label").first.wait_for(state="visible")


def test_on_a_wide_screen_the_filters_are_shown_without_a_click(site, page):
    page.goto(site + "/")

    assert not page.locator("#filtres > summary").is_visible()
    page.click("button[aria-controls=filtre-couloir]") if page.javascript else None
    page.locator("label[for=f-couloir-hopital]").wait_for(state="visible")


def test_a_live_search_gives_the_page_a_reload_would_without_console_errors(site, js_page):
    page = js_page
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site + "/")
    page.click("button[aria-controls=filtre-couloir]")
    page.click("label[for=f-couloir-hopital]")
    page.locator("#resultats", has_text="question").wait_for()
    page.wait_for_url(re.compile(r"couloir=hopital"))
    page.fill("#id_q", "identite nationale de sante")
    page.wait_for_url(re.compile(r"q=identite"))
    page.locator("#zone-resultats", has_text="INS").wait_for()
    page.wait_for_timeout(300)

    live = {
        "title": page.title(),
        "chosen": page.locator("#choisis-couloir").inner_text().strip(),
        "filters": page.locator("#filtres-choisis").inner_text().strip(),
        "clear": page.locator("#boutons-recherche", has_text="Tout effacer").count(),
        "values": page.locator("#valeurs-couloir label").all_inner_texts(),
        "focused": page.evaluate("document.activeElement.id"),
    }
    page.reload()
    reloaded = {
        "title": page.title(),
        "chosen": page.locator("#choisis-couloir").inner_text().strip(),
        "filters": page.locator("#filtres-choisis").inner_text().strip(),
        "clear": page.locator("#boutons-recherche", has_text="Tout effacer").count(),
        "values": page.locator("#valeurs-couloir label").all_inner_texts(),
    }

    assert live.pop("focused") == "id_q"  # typing kept the focus in the box
    assert live == reloaded
    assert live["chosen"] == "(1 choisi)"
    assert all("(0)" not in text for text in live["values"])
    assert errors == []


def test_on_a_phone_a_reader_not_helped_sends_the_question(site, phone):
    page = phone
    page.goto(site + "/questions/datamatrix-ins-sur-les-ordonnances/")
    page.click("#avis-datamatrix-ins-sur-les-ordonnances button[value=non]")
    page.wait_for_selector("text=Pourquoi cette réponse ne vous a-t-elle pas aidé ?")
    page.click("#avis-datamatrix-ins-sur-les-ordonnances .segurfaq-ask a")
    send_question(page, "Le datamatrix INS est-il exigé sur les ordonnances de sortie ?")

    assert ReaderQuestion.objects.get().question.startswith("Le datamatrix INS est-il exigé")


def test_on_a_phone_a_vendor_narrows_the_list_with_the_filters(site, phone):
    page = phone
    page.goto(site + "/")
    page.click("#filtres > summary")
    narrow_to_ins_at_the_hospital(page)

    assert "1 question / réponse" in page.locator("#resultats").inner_text()
    assert first_question(page).startswith("Comment créer l'INS")
    assert "(2 choisis)" in page.locator("#filtres-choisis").inner_text()
