from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "segurfaq.search"
    label = "search"
    verbose_name = "Moteur de réponses"

    def ready(self):
        from segurfaq.faq.revision import revision_follows
        from segurfaq.faq.signals import entries_searched, entry_judged, similar_questions_asked
        from segurfaq.search.models import GlossaryTerm
        from segurfaq.search.outcomes import entry_judged_received
        from segurfaq.search.selectors import entries_searched_answer, similar_questions_answer

        # The glossary changes what a search finds: it is content for the revision.
        revision_follows(GlossaryTerm)
        entry_judged.connect(entry_judged_received, dispatch_uid="search-outcome-vote")
        similar_questions_asked.connect(similar_questions_answer, dispatch_uid="search-similar")
        entries_searched.connect(entries_searched_answer, dispatch_uid="search-entries")
