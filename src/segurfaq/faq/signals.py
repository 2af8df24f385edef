from django.dispatch import Signal

# Sent when a reader judges an entry, from a page or the API ("Cette réponse vous a-t-elle
# été utile ?"): entry_id, value ("yes" or "no"), and search_token, the signed search the
# reader came from ("" when none). The content layer declares it so that the app that
# takes votes (feedback) and the one that learns from them (search) need not know each
# other.
entry_judged = Signal()
# The longest search token a door passes on (it names a search and a page of entries).
SEARCH_TOKEN_MAX_LENGTH = 600

# Sent by the back office's "questions proches" check while an editor writes a question:
# question, exclude_id. Each receiver returns a list of close entries as dicts; the search
# app answers it (the content app cannot import the search app).
similar_questions_asked = Signal()

# Sent when an editor saves a new entry written from a reader's question: entry,
# question_id. The app that keeps readers' questions marks that one answered.
entry_written_from_question = Signal()

# Sent by the content services once a published entry is saved (an editor's save, a
# publication, an import): entry. The messages owed to readers about it leave then.
entry_published = Signal()

# Sent by the digests of readers who follow keywords: query, keys (the "facet/value" keys of
# their selection). Each receiver returns the ids of the published entries the search
# finds; the search app answers it (the apps that follow readers cannot import it).
entries_searched = Signal()
