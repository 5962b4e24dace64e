"""What the synthetic monographs say: invented drug classes and the texts built from them.

Each DrugClass has real name stems ("-sartan", "-umab"), the conditions it treats, its
mechanism and usual doses; the templates below fill in a drug's usage, warnings,
precautions, FAQs and interactions. Data only: corpus.synthetic draws from it.
"""

from dataclasses import dataclass

from monographs.models import Precaution


@dataclass(frozen=True)
class DrugClass:
    """A family of drugs: the stems its names end in, and what its monographs say."""

    suffixes: tuple[str, ...]
    label: str
    conditions: tuple[str, ...]
    mechanism: str
    doses: tuple[float, ...]
    frequencies: tuple[str, ...]
    route: str = "oral"
    unit: str = "mg"


DRUG_CLASSES = (
    DrugClass(
        ("umab", "zumab", "ximab", "lizumab"),
        "monoclonal antibody",
        ("rheumatoid arthritis", "plaque psoriasis", "Crohn's disease", "multiple sclerosis"),
        "{Name} is an antibody that attaches to one protein of the immune system and blocks "
        "its signal. Damping this signal calms the inflammation that drives the disease.",
        (40, 80, 100, 150, 300),
        ("every 2 weeks", "every 4 weeks", "once a month"),
        route="subcutaneous",
    ),
    DrugClass(
        ("tinib", "anib", "rafenib"),
        "kinase inhibitor",
        ("chronic myeloid leukaemia", "non-small cell lung cancer", "kidney cancer"),
        "{Name} blocks kinases, enzymes that pass growth signals inside cancer cells. Without "
        "these signals the cells divide more slowly and many of them die.",
        (50, 100, 150, 200, 400),
        ("once daily", "twice daily"),
    ),
    DrugClass(
        ("opril", "april", "ipril"),
        "ACE inhibitor",
        ("high blood pressure", "heart failure", "diabetic kidney disease"),
        "{Name} blocks angiotensin-converting enzyme, which makes the hormone angiotensin II. "
        "With less of it, blood vessels relax, blood pressure falls and the heart pumps more "
        "easily.",
        (2.5, 5, 10, 20, 40),
        ("once daily", "twice daily"),
    ),
    DrugClass(
        ("sartan", "esartan"),
        "angiotensin II receptor blocker",
        ("high blood pressure", "heart failure", "diabetic kidney disease"),
        "{Name} blocks the receptor that angiotensin II acts on. Blood vessels widen and the "
        "kidneys release more salt and water, so blood pressure falls.",
        (25, 50, 80, 160, 300),
        ("once daily",),
    ),
    DrugClass(
        ("vastatin", "astatin"),
        "statin",
        ("high cholesterol", "prevention of heart attack and stroke"),
        "{Name} blocks HMG-CoA reductase, the liver enzyme that makes cholesterol. The liver "
        "then takes up more LDL cholesterol from the blood.",
        (5, 10, 20, 40, 80),
        ("once daily", "once daily at bedtime"),
    ),
    DrugClass(
        ("olol", "alol", "ilol"),
        "beta blocker",
        ("high blood pressure", "angina", "atrial fibrillation", "migraine prevention"),
        "{Name} blocks beta receptors in the heart, the targets of adrenaline. The heart beats "
        "more slowly and with less force, which lowers blood pressure and its need for oxygen.",
        (12.5, 25, 50, 100),
        ("once daily", "twice daily"),
    ),
    DrugClass(
        ("conazole", "azole"),
        "azole antifungal",
        ("vaginal thrush", "fungal nail infection", "oral candidiasis", "aspergillosis"),
        "{Name} blocks an enzyme fungi need to make ergosterol, a building block of their cell "
        "membrane. The weakened membrane leaks and the fungus stops growing.",
        (50, 100, 150, 200, 400),
        ("once daily", "twice daily", "once a week"),
    ),
    DrugClass(
        ("cillin", "acillin", "oxacillin"),
        "penicillin antibiotic",
        ("ear infections", "strep throat", "pneumonia", "skin infections"),
        "{Name} stops bacteria from building their cell wall. The bacteria burst and die as "
        "they grow.",
        (250, 500, 875, 1000),
        ("every 8 hours", "every 12 hours"),
    ),
    DrugClass(
        ("mycin", "romycin", "thromycin"),
        "macrolide antibiotic",
        ("pneumonia", "sinusitis", "whooping cough", "chlamydia"),
        "{Name} binds to bacterial ribosomes and stops bacteria from making the proteins they "
        "need to grow. The immune system then clears the infection.",
        (250, 500),
        ("once daily", "twice daily"),
    ),
    DrugClass(
        ("prazole", "eprazole"),
        "proton pump inhibitor",
        ("heartburn", "gastro-oesophageal reflux disease", "stomach ulcers"),
        "{Name} switches off the proton pumps in the stomach lining that release acid. With "
        "less acid, the lining of the oesophagus and stomach can heal.",
        (10, 20, 40),
        ("once daily before breakfast", "twice daily"),
    ),
    DrugClass(
        ("glutide", "natide", "tide"),
        "GLP-1 receptor agonist",
        ("type 2 diabetes", "obesity"),
        "{Name} acts like the gut hormone GLP-1. It helps the pancreas release insulin when "
        "blood sugar is high, slows the emptying of the stomach and reduces appetite.",
        (0.25, 0.5, 1, 2.4),
        ("once a week", "once daily"),
        route="subcutaneous",
    ),
    DrugClass(
        ("previr", "navir", "ovir", "asvir"),
        "antiviral",
        ("HIV infection", "hepatitis C", "herpes simplex infections", "shingles"),
        "{Name} blocks an enzyme the virus needs to copy itself. The amount of virus in the "
        "body falls, which gives the immune system the upper hand.",
        (100, 200, 400, 500, 800),
        ("once daily", "twice daily", "every 8 hours"),
    ),
    DrugClass(
        ("dipine", "odipine"),
        "calcium channel blocker",
        ("high blood pressure", "angina", "Raynaud's phenomenon"),
        "{Name} stops calcium from entering the muscle cells of blood vessel walls. The "
        "vessels relax and widen, which lowers blood pressure.",
        (2.5, 5, 10),
        ("once daily",),
    ),
    DrugClass(
        ("gliptin", "agliptin"),
        "DPP-4 inhibitor",
        ("type 2 diabetes",),
        "{Name} blocks DPP-4, the enzyme that breaks down incretin hormones. The incretins "
        "last longer and help the pancreas release insulin after meals.",
        (2.5, 5, 50, 100),
        ("once daily",),
    ),
    DrugClass(
        ("floxacin", "oxacin"),
        "fluoroquinolone antibiotic",
        ("urinary tract infections", "pneumonia", "traveller's diarrhoea"),
        "{Name} blocks DNA gyrase, an enzyme bacteria need to copy their DNA, so they cannot "
        "multiply.",
        (250, 500, 750),
        ("once daily", "twice daily"),
    ),
    DrugClass(
        ("triptan",),
        "triptan",
        ("migraine", "cluster headache"),
        "{Name} acts on serotonin receptors of blood vessels and nerves in the head. It "
        "narrows widened vessels and blocks the release of substances that cause migraine pain.",
        (2.5, 5, 50, 100),
        ("at the start of a migraine, repeated after 2 hours if needed",),
    ),
    DrugClass(
        ("lukast",),
        "leukotriene receptor antagonist",
        ("asthma", "allergic rhinitis"),
        "{Name} blocks leukotrienes, chemicals that narrow and inflame the airways during an "
        "asthma or allergy attack.",
        (4, 5, 10),
        ("once daily in the evening",),
    ),
    DrugClass(
        ("parin", "aparin"),
        "low-molecular-weight heparin",
        ("deep vein thrombosis", "pulmonary embolism", "blood clots after surgery"),
        "{Name} boosts antithrombin, the body's own brake on clotting, so new clots form less "
        "easily.",
        (20, 40, 60, 80),
        ("once daily", "twice daily"),
        route="subcutaneous",
    ),
    DrugClass(
        ("dronate", "edronate"),
        "bisphosphonate",
        ("osteoporosis", "Paget's disease of bone"),
        "{Name} attaches to bone and slows the cells that break it down. Bone density slowly "
        "increases and fractures become less likely.",
        (5, 35, 70, 150),
        ("once a week", "once a month"),
    ),
    DrugClass(
        ("zepam", "zolam"),
        "benzodiazepine",
        ("anxiety", "insomnia", "seizures"),
        "{Name} strengthens the effect of GABA, the brain's main calming messenger. Nerve "
        "activity settles, which eases anxiety and helps sleep.",
        (0.5, 1, 2, 5, 10),
        ("two to three times daily", "at bedtime"),
    ),
    DrugClass(
        ("oxetine", "aloxetine"),
        "selective serotonin reuptake inhibitor",
        ("depression", "generalised anxiety disorder", "panic disorder"),
        "{Name} stops nerve cells from taking serotonin back up, so more of it stays available "
        "between them. Mood and anxiety improve gradually over several weeks.",
        (10, 20, 40),
        ("once daily",),
    ),
    DrugClass(
        ("tadine", "astine"),
        "antihistamine",
        ("hay fever", "hives", "allergic conjunctivitis"),
        "{Name} blocks H1 receptors, so the histamine released in an allergic reaction cannot "
        "cause itching, sneezing or swelling.",
        (5, 10, 20),
        ("once daily",),
    ),
)

ROUTE_PHRASES = {
    "oral": "by mouth",
    "subcutaneous": "as an injection under the skin",
}
# Salts an oral drug's generic name may carry ("Ravosartan potassium").
SALTS = ("hydrochloride", "sodium", "potassium", "besylate", "maleate", "mesylate", "acetate")
USAGE_EXTRAS = (
    "It can be used alone or together with other medicines for {condition}.",
    "It does not cure {condition}, but it helps to keep it under control.",
    "{Name} is used in adults and, for some conditions, in children.",
    "Your doctor will decide how long you need to take it.",
    "It is usually started at a low dose that is increased over a few weeks.",
)
WARNINGS = (
    "{Name} can cause dizziness; do not drive or use machines until you know how it affects you.",
    "Liver function should be checked before and during treatment with {name}.",
    "Use with caution in people with kidney or liver disease; a lower dose may be needed.",
    "Stop taking {name} and get medical help at once if you have signs of a severe "
    "allergic reaction, such as swelling of the face or difficulty breathing.",
    "Older adults may be more sensitive to the side effects of {name}.",
)
FAQ_TEMPLATES = (
    (
        "How long does {name} take to work?",
        "Some effect is usually seen within days, but the full benefit may take a few weeks.",
    ),
    (
        "What should I do if I miss a dose of {name}?",
        "Take it as soon as you remember, unless it is nearly time for the next dose. Never "
        "take two doses at once.",
    ),
    (
        "Can I drink alcohol while taking {name}?",
        "Alcohol can make some side effects, such as dizziness, worse. Keep to small amounts "
        "and ask your doctor.",
    ),
    (
        "Can {name} be taken with food?",
        "Yes. {Name} can be taken with or without food, at the same time each day.",
    ),
    (
        "Is {name} safe during pregnancy?",
        "Ask your doctor: the benefit must be weighed against possible risks to the baby.",
    ),
    (
        "Can I stop taking {name} suddenly?",
        "Talk to your doctor first. Stopping suddenly may bring back the symptoms of {condition}.",
    ),
    (
        "How should I store {name}?",
        "Keep it at room temperature, away from moisture and out of the reach of children.",
    ),
    (
        "Does {name} cause weight gain?",
        "Weight changes are possible but not common. Tell your doctor if your weight changes "
        "a lot.",
    ),
    (
        "Is {name} used for {condition}?",
        "Yes. {Name} is a {label} used to treat {condition}.",
    ),
)
PRECAUTION_TOPICS = {
    Precaution.Kind.CONTRAINDICATION: "Contraindications",
    Precaution.Kind.WARNING: "Warnings",
    Precaution.Kind.PREGNANCY: "Pregnancy and breastfeeding",
    Precaution.Kind.INTERACTION: "Interactions",
}
INTERACTION_TEXT = {
    "": "{Other} may change how {name} works; your doctor may adjust the dose.",
    "minor": "{Other} may slightly change the level of {name} in the blood.",
    "moderate": "{Other} can raise the level of {name} in the blood and add to its side "
    "effects; the dose may need to be changed.",
    "major": "Taking {other} with {name} can cause serious side effects; avoid the "
    "combination unless your doctor advises it.",
}
