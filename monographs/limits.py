"""How much one monograph may hold, in one place: for the import, the admin, the live
preview, search and the synthetic corpus.

Chosen from the real data with a wide margin. Across the 640 RxHive sample monographs and
the 26 seeds: the largest file is 8.3 KB and 120 lines, the largest field (a usage) 2.2 KB;
the most side-effect terms one monograph links is 71, the most unreviewed terms one file
links 15, and the whole import adds 559 new terms (0.84 a file). No real monograph comes
near these limits, while one pasted or machine-made text cannot stall the parser, the
renderer or the site, nor flood the vocabulary.
"""

# A monograph file's size; a larger file is refused before it is read.
MAX_MONOGRAPH_BYTES = 1_000_000
# Its lines: the Markdown parser spends about 0.1 ms on each.
MAX_MONOGRAPH_LINES = 5_000
# One field's text, in characters: a usage, a dosage's instructions, an FAQ's answer.
MAX_FIELD_CHARACTERS = 200_000

# A title, and a name or label of a monograph's parts (an ingredient, an interacting drug,
# a precaution's topic, a dosage's label or group), in characters: more than twice the
# longest real title seen (258, a combination). At four bytes a character it stays within
# what one PostgreSQL B-tree index entry holds (2,704 bytes). A longer title is refused; a
# longer label is kept as text instead.
MAX_NAME_CHARACTERS = 600

# Side-effect links one monograph may make; the mentions beyond stay as text.
MAX_SIDE_EFFECT_LINKS = 150
# Unreviewed side-effect terms one file may add to the vocabulary; the rest stay as text.
MAX_NEW_TERMS_PER_FILE = 50
# An import that would add more new terms than this many a file (on average over its
# files, and never fewer than one file's own cap) stops before writing anything.
MAX_NEW_TERMS_PER_FILE_ON_AVERAGE = 2.0

# Search reads this much of a monograph's usage, for ranking and for its snippet (nine
# times the longest real usage; migration 0015 indexes the same).
SEARCH_TEXT_CHARACTERS = 20_000
