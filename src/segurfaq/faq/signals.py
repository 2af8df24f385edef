from django.dispatch import Signal

# Sent when a reader judges an entry from a page ("Cette réponse vous a-t-elle été
# utile ?"): entry_id, value ("yes" or "no"), and search_token, the signed search the
# reader came from ("" when none). The content layer declares it so that the app that
# takes votes (feedback) and the one that learns from them (search) need not know each
# other.
entry_judged = Signal()
