"""Other names a mention may have in HPO, which names changes and measurements its own
way: "Changes in libido" is HPO's "Abnormal libido", "Increased serum amylase levels" its
"Elevated circulating amylase concentration", "Impaired reflexes" its "Decreased
reflexes". The resolver tries these only after every other reading of a mention failed,
and only as whole names; last, more of an effect as the effect itself (intensified())."""

import re

from monographs.text import normalise

UP = ("elevated", "increased", "high")
# "Impaired liver function" is HPO's "Decreased liver function", "Decreased exercise
# tolerance" its "Poor exercise tolerance": words for less of something, one direction.
DOWN = ("decreased", "reduced", "low", "poor", "impaired")
RISE = r"increased|elevated|high|higher|raised|(?:increases?|rises?|elevation) (?:in|of)"
FALL = (
    r"decreased|reduced|low|lower|lowered|impaired|poor|diminished|"
    r"(?:decreases?|falls?|drops?|reduction) (?:in|of)"
)
MEASURED = re.compile(
    rf"^(?:(?P<rise>{RISE})|(?P<fall>{FALL})) (?:the )?(?:serum |blood |plasma |circulating )?"
    r"(?P<what>.+?)(?: levels?| concentrations?| values?| counts?)?$"
)
CHANGED = re.compile(
    r"^(?:(?:changes?|alterations?|disturbances?|abnormalit(?:y|ies)|problems?) "
    r"(?:in|of|with) (?:the |your )?(?P<what>.+)"
    r"|(?:altered|abnormal|changed|disturbed) (?P<what2>.+)"
    r"|(?P<what3>.+) (?:changes?|alterations?|abnormalit(?:y|ies)|disturbances?))$"
)


def hpo_readings(mention):
    """HPO-style names for a mention about a change or a measurement, most likely first;
    [] for any other mention."""
    key = normalise(mention)
    if found := MEASURED.match(key):
        what = found["what"]
        return [
            name
            for word in (UP if found["rise"] else DOWN)
            for name in (
                f"{word} circulating {what} concentration",
                f"{word} {what} concentration",
                f"{word} {what} level",
                f"{word} serum {what}",
                f"{word} {what}",
            )
        ]
    if found := CHANGED.match(key):
        what = found["what"] or found["what2"] or found["what3"]
        what = re.sub(r" (?:levels?|concentrations?)$", "", what)
        return [
            f"abnormal {what}",
            f"abnormality of {what}",
            f"abnormality of the {what}",
            f"abnormality of {what} sensation",
            f"abnormality of the sense of {what}",
            f"abnormal circulating {what} concentration",
            f"abnormal blood {what} concentration",
            f"abnormal {what} concentration",
            # and our own terms' ways: "Changes in menstrual bleeding" is "Altered
            # menstrual bleeding", "Changes in hearing" "Hearing changes"
            f"{what} changes",
            f"altered {what}",
        ]
    return []


# More of an effect is still that effect: "Increased eye watering", "Heightened anxiety".
MORE_OF = re.compile(r"^(?:increased|heightened|worsened|more|enhanced) (?P<what>.+)$")
# ... but more of a measure or a body function is a change of it, not the thing itself
# ("Increased blood pressure", "Increased bone formation").
MEASURES = re.compile(
    r"\b(?:levels?|counts?|concentrations?|values?|rate|pressure|volume|weight|size|"
    r"clearance|function|tolerance|formation|production|activity|energy|output|flow|"
    r"appetite|libido|growth|mass|density|risk|time)$"
)


def intensified(mention):
    """The effect a mention says there is more of ("Increased eye watering" -> "eye
    watering"), or None: also for more of a measure or a function."""
    found = MORE_OF.match(normalise(mention))
    if not found or MEASURES.search(found["what"]):
        return None
    return found["what"]
