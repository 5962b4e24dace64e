"""generate_corpus: add synthetic monographs."""
