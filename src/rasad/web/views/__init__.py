"""One module per kind of page (after Datasette's ``views/``); each exposes ``router``."""
