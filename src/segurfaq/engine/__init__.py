"""The French answer engine: a library with no Django import.

engine = Engine(documents, embedder=shared_embedder())
result = engine.search("comment créer l'INS d'un bébé ?")
"""

from segurfaq.engine.core import Engine
from segurfaq.engine.documents import Document, Hit, SearchResult
from segurfaq.engine.glossary import GlossaryTerm, default_glossary_terms
from segurfaq.engine.semantic import E5Embedder, shared_embedder

__all__ = [
    "Document",
    "E5Embedder",
    "Engine",
    "GlossaryTerm",
    "Hit",
    "SearchResult",
    "default_glossary_terms",
    "shared_embedder",
]
