"""segurfaq: the FAQ and answer service of the Ségur du numérique en santé."""

__version__ = "0.1.0"
