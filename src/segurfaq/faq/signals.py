from django.dispatch import Signal

# Sent when a reader judges an entry from a page ("Cette réponse vous a-t-elle été
# utile ?"): entry_id, value ("yes" or "no"), and search_token, the signed search the
# reader came from ("" when none). The content layer declares it so that the app that
# takes votes (feedback) and the one that learns from them (search) need not know each
# other.
entry_judged = Signal()

# Sent by the back office's "questions proches" check while an editor writes a question:
# question, exclude_id. Each receiver returns a list of close entries as dicts; the search
# app answers it (the content app cannot import the search app).
similar_questions_asked = Signal()

# Sent when an editor saves a new entry written from a reader's question: entry,
# question_id. The app that keeps readers' questions marks that one answered.
entry_written_from_question = Signal()
