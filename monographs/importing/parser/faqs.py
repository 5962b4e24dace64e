"""Parse a FAQs section into questions and answers, in the ways monographs write them."""

import re

from monographs.importing.data import FAQEntry
from monographs.importing.parser.blocks import Block
from monographs.importing.parser.common import is_disclaimer, join, keep_blocks
from monographs.text import clean_inline

# A question ends in a non-space and the white space around it is possessive (\s*+): a
# long run of spaces is read once, not again from every place the question could end.
FAQ_PATTERNS = [
    # **Q: Question?** A: Answer   /   **Q:** Question? **A:** Answer
    re.compile(
        r"^\*\*\s*+Q(?:uestion)?\s*+[:.]\s*+(?P<q>.*?\S)\s*+\*\*\s*+(?:\*\*\s*+)?"
        r"A(?:nswer)?\s*+[:.]\s*(?:\*\*)?\s*(?P<a>.*)$",
        re.DOTALL,
    ),
    re.compile(
        r"^\*\*\s*+Q(?:uestion)?\s*+[:.]\s*+\*\*\s*+(?P<q>.*?\S)\s*+\*\*\s*+"
        r"A(?:nswer)?\s*+[:.]\s*+\*\*\s*(?P<a>.*)$",
        re.DOTALL,
    ),
    # Q: Question? A: Answer
    re.compile(
        r"^Q(?:uestion)?\s*+[:.]\s*+(?P<q>.*?\S)\s++A(?:nswer)?\s*+[:.]\s*(?P<a>.*)$", re.DOTALL
    ),
    # **Question?** Answer
    re.compile(r"^\*\*(?P<q>[^*]+?\?)\s*\*\*\s*(?P<a>.*)$", re.DOTALL),
]


# "**Q: Question?**" on its own, answered by an "A: ..." paragraph.
QUESTION_PREFIX = re.compile(r"^Q(?:uestion)?\s*[:.]\s*", re.IGNORECASE)
ANSWER_PREFIX = re.compile(r"^(?:\*\*)?\s*A(?:nswer)?\s*[:.]\s*(?:\*\*)?\s*", re.IGNORECASE)
# "*A: The answer.*": an answer in italics, prefix and all.
ITALIC_ANSWER_OPENING = re.compile(r"^\*A(?:nswer)?\s*+[:.]", re.IGNORECASE)


def without_answer_prefix(text):
    italic = italic_answer(text)
    return italic if italic is not None else ANSWER_PREFIX.sub("", text, count=1)


def italic_answer(text):
    r"""'*A: The answer.*' -> "The answer."; None for other text.

    What `^\*A(?:nswer)?\s*[:.]\s*(?P<answer>[^*]+?)\s*\*$` finds, without its time on a
    long run of spaces: the text up to a closing "*" (then at most a line end), with no
    "*" in it, stripped (or its last character, when it is all white space).
    """
    opening = ITALIC_ANSWER_OPENING.match(text)
    if opening is None:
        return None
    rest = text[opening.end() :].removesuffix("\n")
    if not rest.endswith("*"):
        return None
    inner = rest[:-1]
    if not inner or "*" in inner:
        return None
    return inner.strip() or inner[-1]


def faq_in(text):
    for pattern in FAQ_PATTERNS:
        match = pattern.match(text.strip())
        if match:
            question = QUESTION_PREFIX.sub("", clean_inline(match["q"]).strip())
            if question:
                answer = without_answer_prefix(match["a"].strip())
                return FAQEntry(question=question, answer=answer)
    return None


def parse_faqs(monograph, section):
    """Questions and their answers, in whatever blocks they come: a question's answer is
    the text after it (paragraphs or list items) until the next question."""
    leftovers = []
    pending = None
    for block in section.blocks:
        if is_disclaimer(block):
            continue
        if block.kind == "list":
            for item in block.items:
                faq = faq_in(item.source) or faq_in(item.text)
                if faq:
                    monograph.faqs.append(faq)
                    pending = None if faq.answer else faq
                elif item.text.rstrip("*").strip().endswith("?"):
                    question = QUESTION_PREFIX.sub("", clean_inline(item.text))
                    pending = FAQEntry(question, item.source[len(item.text) :].strip())
                    monograph.faqs.append(pending)
                elif pending is not None:
                    # "* **Q: ...?**" then "* A: ..." as the next bullet.
                    answer(pending, item.source)
                else:
                    leftovers.append(Block("paragraph", item.source, item.text))
            continue
        if block.kind in ("paragraph", "heading"):
            faq = faq_in(block.source) if block.kind == "paragraph" else None
            if faq:
                monograph.faqs.append(faq)
                pending = None if faq.answer else faq
                continue
            if clean_inline(block.text).endswith("?"):
                question = QUESTION_PREFIX.sub("", clean_inline(block.text))
                pending = FAQEntry(question=question)
                monograph.faqs.append(pending)
                continue
        if pending is not None:
            answer(pending, block.source)
        else:
            leftovers.append(block)
    keep_blocks(monograph, section.heading, leftovers)


def answer(faq, text):
    """Add text to the question's answer; an answer's first text loses its "A:"."""
    if faq.answer:
        faq.answer = join([faq.answer, text])
    else:
        faq.answer = without_answer_prefix(text)
