from segurfaq.engine.analysis import content_stems, fold, normalize_query, stem, tokenize
from segurfaq.engine.glossary import Glossary, GlossaryTerm, default_glossary_terms
from segurfaq.engine.typos import SpellingCorrector, damerau_levenshtein


def concepts(text: str, glossary: Glossary | None = None) -> set[str]:
    glossary = glossary or Glossary(default_glossary_terms())
    return {match.concept for match in glossary.find(tokenize(text))}


def test_elisions_are_removed_before_words_are_cut():
    assert content_stems("l'INS d'un patient qu'il connaît") == content_stems("INS patient connaît")


def test_typographic_apostrophes_count_as_elisions():
    assert content_stems("l’identité") == content_stems("l'identité") == ["identit"]


def test_case_and_accents_are_folded():
    assert fold("Ségur ÉTABLISSEMENT Œuvre") == "segur etablissement oeuvre"
    assert content_stems("Vérification") == content_stems("verification")


def test_stemming_joins_a_word_family():
    assert stem("qualifier") == stem("qualification") == stem("qualifiee") == stem("qualifie")
    assert stem("referencement") == stem("referencer") == stem("referencee")
    assert stem("ordonnances") == stem("ordonnance")
    assert stem("nouveaux") == stem("nouveau")


def test_short_words_and_codes_are_not_stemmed():
    assert stem("ins") == "ins"
    assert stem("r2") == "r2"


def test_stopwords_do_not_count():
    assert content_stems("Comment faut-il le faire pour les patients ?") == ["pati"]


def test_hyphenated_words_match_with_or_without_hyphen():
    hyphenated = [t.stem for t in tokenize("nouveaux-nés") if t.compound]
    assert hyphenated == [t.stem for t in tokenize("nouveau-né") if t.compound]
    assert "nouveau" in content_stems("nouveaux-nés")


def test_normalized_query_groups_wordings_of_one_question():
    assert normalize_query("Comment créer l'INS ?") == normalize_query("comment creer INS")


def test_glossary_links_an_acronym_to_its_expansion_and_variants():
    assert "#ins" in concepts("identité nationale de santé du patient")
    assert "#ins" in concepts("l'INS du patient")
    assert "#dmp" in concepts("le dossier medical partage")
    assert "#mss" in concepts("via la messagerie sécurisée de santé")


def test_glossary_prefers_the_longest_form():
    assert concepts("envoi par MSS citoyenne") == {"#mss-c"}


def test_acronyms_that_are_common_words_count_only_in_capitals():
    assert "#ans" not in concepts("vérifier tous les 5 ans")
    assert "#ans" in concepts("la doctrine de l'ANS")
    assert "#mes" not in concepts("mes patients")
    assert "#mes" in concepts("le catalogue MES")


def test_editors_can_add_a_glossary_term():
    glossary = Glossary([GlossaryTerm("LAP", "logiciel d'aide à la prescription", ("LAP",))])

    assert concepts("un logiciel d'aide à la prescription", glossary) == {"#lap"}


def test_typo_is_corrected_to_the_most_frequent_close_word():
    speller = SpellingCorrector({"qualification": 5, "datamatrix": 2, "qualifications": 1})

    assert speller.correct("qualifcation") == "qualification"
    assert speller.correct("datamatrics") == "datamatrix"


def test_known_short_or_distant_words_are_not_corrected():
    speller = SpellingCorrector({"qualification": 5, "flux": 3})

    assert speller.correct("qualification") is None
    assert speller.correct("flu") is None
    assert speller.correct("pommes") is None


def test_swapped_letters_count_as_one_edit():
    assert damerau_levenshtein("identiet", "identite") == 1


def test_common_french_words_are_never_corrected_into_corpus_words():
    speller = SpellingCorrector({"carte": 4, "qualification": 2})

    assert speller.correct("tarte") is None
    assert speller.correct("qualifcation") == "qualification"
