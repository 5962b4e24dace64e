"""Aliases of the curated vocabulary that name another HPO concept than their term, a
different one ("numbness" is hypoesthesia, not paresthesia; "cerebral edema" is no raised
intracranial pressure), a broader one ("peptic ulcer" under Stomach ulcer) or a narrower
one a warning depends on ("ventricular fibrillation", "transient ischemic attack"), leave
it. Without them those words find their own HPO concept: a reviewed term with its code,
named after HPO's label, or a curated term of their own (Ileus, Torsade de pointes).
Found by comparing each curated alias with HPO's names and EXACT synonyms, and reviewed
one by one; tests/test_hpo.py lists the aliases kept on purpose.

As in 0032, only these aliases of these curated terms are removed, nothing an editor
made; the reverse leaves them out. The parser's version changed with it, so the next
import reads every file again and links those words to their own terms.
"""

from django.db import migrations

MOVED = {
    "Paresthesia (tingling)": ["numbness", "hypoesthesia", "hypoaesthesia"],
    "Peripheral neuropathy (nerve damage)": ["neuritis", "neuralgia"],
    "Ataxia (loss of coordination)": [
        "gait disturbance",
        "unsteady gait",
        "abnormal gait",
        "walking difficulties",
    ],
    "Syncope (fainting)": ["loss of consciousness"],
    "Extrapyramidal symptoms": ["movement disorders"],
    "Myoclonus (muscle twitching)": ["muscle twitches", "fasciculations"],
    "Loss of smell": ["hyposmia", "parosmia"],
    "Increased intracranial pressure": [
        "cerebral edema",
        "brain swelling",
        "cerebral oedema",
        "swelling of the brain",
        "brain edema",
    ],
    "Aseptic meningitis": ["meningitis"],
    "Agitation": ["restlessness"],
    "Psychosis": ["paranoia"],
    "Impulse control disorders": ["compulsive behavior", "compulsive behaviour", "hypersexuality"],
    "Mouth sores (stomatitis)": ["glossitis", "tongue inflammation", "painful tongue"],
    "Difficulty swallowing": ["painful swallowing", "odynophagia"],
    "Esophagitis": ["esophageal ulcers", "esophageal ulceration"],
    "Stomach ulcer": [
        "duodenal ulcer",
        "peptic ulcer",
        "gastrointestinal ulceration",
        "gi ulcers",
        "gastrointestinal ulcers",
    ],
    "Fecal incontinence": ["fecal urgency"],
    "Elevated liver enzymes": ["elevated alkaline phosphatase", "increased alkaline phosphatase"],
    "Liver failure": [
        "hepatic necrosis",
        "liver necrosis",
        "liver cell death",
        "acute liver failure",
        "fulminant hepatic failure",
    ],
    "Excess hair growth": ["hirsutism"],
    "Sweating": ["night sweats"],
    "Dry skin": ["dry lips", "chapped lips", "cheilitis", "lip inflammation"],
    "Skin thinning (atrophy)": ["fragile skin", "skin fragility"],
    "Ventricular arrhythmia": [
        "ventricular tachycardia",
        "polymorphic ventricular tachycardia",
        "ventricular fibrillation",
        "v-fib",
        "torsades de pointes",
        "torsade de pointes",
        "torsades",
    ],
    "Chest pain": ["chest tightness", "tightness in the chest"],
    "Cardiotoxicity (heart damage)": ["decreased ejection fraction", "reduced ejection fraction"],
    "Cardiac arrest": ["sudden death", "sudden cardiac death"],
    "Edema (swelling)": ["hypervolemia"],
    "Aplastic anemia": ["bone marrow failure"],
    "Increased creatinine": [
        "increased blood urea nitrogen",
        "elevated bun",
        "increased bun",
        "azotemia",
        "azotaemia",
    ],
    "Interstitial nephritis": ["nephritis", "kidney inflammation", "inflammation of the kidneys"],
    "Frequent urination": ["polyuria", "increased urine output", "nocturia", "urinary urgency"],
    "Proteinuria": ["nephrotic syndrome", "nephrosis"],
    "Dehydration": ["hypovolemia"],
    "Lactic acidosis": ["elevated lactate"],
    "High cholesterol": [
        "hyperlipidemia",
        "hyperlipidaemia",
        "increased lipids",
        "high lipid levels",
    ],
    "Adrenal insufficiency": ["low cortisol", "decreased cortisol levels"],
    "Cushing's syndrome": ["moon face", "moon facies"],
    "Immunosuppression": ["hypogammaglobulinemia"],
    "Rhinitis": ["sneeze", "sneezing", "sneezing fits"],
    "Sore throat": ["pharyngitis"],
    "Hoarseness": ["loss of voice", "laryngitis"],
    "Pneumonia": [
        "lower respiratory tract infection",
        "lower respiratory infection",
        "chest infection",
        "lrti",
    ],
    "Bronchospasm": ["wheezing"],
    "Respiratory failure": ["respiratory arrest"],
    "Acute respiratory distress syndrome": ["respiratory distress"],
    "Joint pain": ["joint stiffness", "stiff joints"],
    "Joint swelling": ["arthritis", "joint inflammation"],
    "Neck pain": ["stiff neck", "neck stiffness"],
    "Muscle weakness": ["muscle wasting", "muscle atrophy"],
    "Myopathy (muscle damage)": ["myositis", "muscle inflammation"],
    "Tendinitis": ["tendon pain"],
    "Osteoporosis": ["osteopenia", "decreased bone mineral density"],
    "Vision loss": ["optic neuropathy", "optic neuritis", "decreased visual acuity"],
    "Uveitis": ["eye inflammation"],
    "Eyelid swelling": ["periorbital edema", "swelling around the eyes", "puffy eyes"],
    "Infertility": ["low sperm count", "decreased sperm count", "oligospermia"],
    "Lymphoma": ["lymphoproliferative disorders"],
    "Hypoxia (low oxygen)": ["cyanosis", "bluish lips"],
    "Heart block": ["cardiac conduction disorders", "heart conduction problems"],
    "Agranulocytosis": ["granulocytopenia"],
    "Diabetic ketoacidosis": ["ketoacidosis"],
    "Metabolic acidosis": ["acidosis"],
    "Nystagmus": ["abnormal eye movements"],
    "Stroke": [
        "transient ischemic attack",
        "transient ischaemic attack",
        "tia",
        "mini-stroke",
        "mini stroke",
    ],
    "Intestinal obstruction": [
        "paralytic ileus",
        "ileus",
        "bowel paralysis",
        "intestinal paralysis",
        "intestinal hypomotility",
    ],
    "Hypertension (high blood pressure)": ["hypertensive crisis", "hypertensive emergency"],
    "Speech problems": ["aphasia"],
    "Raynaud's phenomenon": ["cold hands and feet", "cold extremities", "cold fingers and toes"],
}


def remove_moved_aliases(apps, schema_editor):
    SideEffectAlias = apps.get_model("monographs", "SideEffectAlias")
    for term, aliases in MOVED.items():
        SideEffectAlias.objects.filter(
            side_effect__name=term, side_effect__is_reviewed=True, name__in=aliases
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("monographs", "0032_distinct_side_effect_concepts")]

    operations = [migrations.RunPython(remove_moved_aliases, migrations.RunPython.noop)]
