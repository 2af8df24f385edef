"""Synthetic FAQ entries in the domain's French, to measure the engine at scale.

    .venv/bin/python benchmarks/synthetic.py 10000 > /tmp/synthetic.json

Entries are made from the domain's words and phrases, so that they compete with the real
ones for the same terms: a harder test than random text. Deterministic for a given seed.
"""

import argparse
import json
import random
import sys

SUBJECTS = [
    "le DPI",
    "la PFI",
    "le LGC",
    "le SGL",
    "le RIS",
    "la DRIMbox",
    "le LGO",
    "le DUI",
    "le logiciel de l'établissement",
    "la solution référencée",
    "l'éditeur",
    "le laboratoire",
    "le cabinet de radiologie",
    "l'officine",
    "le centre de santé",
    "l'établissement médico-social",
]
ACTIONS = [
    "alimenter le DMP",
    "envoyer un document par MSSanté",
    "qualifier l'INS",
    "appeler le téléservice INSi",
    "produire un CDA R2 N1",
    "produire un CDA R2 N3",
    "générer un PDF/A-1",
    "se connecter avec Pro Santé Connect",
    "consulter l'Annuaire Santé",
    "lire l'application carte Vitale",
    "envoyer une ordonnance numérique",
    "transmettre un compte rendu",
    "afficher les traits d'identité",
    "gérer les habilitations",
    "tracer les accès",
    "archiver les documents",
    "mettre à jour la version",
    "déclarer une instance",
    "signer le bon de commande",
    "demander l'avance",
    "demander le solde",
    "passer la vérification de conformité",
    "fournir les preuves",
]
CONTEXTS = [
    "en vague 1",
    "en vague 2",
    "pour un patient mineur",
    "en hospitalisation à domicile",
    "pour un établissement multisite",
    "en mode SaaS",
    "pour une structure de plusieurs sites",
    "lors d'une montée de version",
    "pour un professionnel libéral",
    "en cas de panne",
    "pour les urgences",
    "lors de la sortie d'hospitalisation",
    "pour les consultations externes",
    "pour le couloir biologie",
    "pour le couloir imagerie",
    "pour le couloir médico-social",
]
QUESTION_TEMPLATES = [
    "Comment {subject} doit-il {action} {context} ?",
    "{subject_cap} peut-il {action} {context} ?",
    "Quelles exigences pour {action} {context} ?",
    "Est-il obligatoire de {action} {context} ?",
    "Quel délai pour {action} {context} ?",
    "Qui doit {action} {context} ?",
]
SENTENCES = [
    "L'exigence est décrite dans le DSR du couloir concerné.",
    "La vérification de conformité porte sur les scénarios du référentiel.",
    "Le financement est versé par l'ASP après la vérification.",
    "L'éditeur fournit les preuves demandées dans l'espace de dépôt.",
    "Le document doit porter l'INS qualifiée du patient.",
    "L'envoi au DMP se fait au format CDA R2, accompagné de sa version PDF/A-1.",
    "La messagerie sécurisée de santé permet l'échange entre professionnels.",
    "Le patient est informé et peut s'opposer à l'alimentation de son dossier.",
    "La mise à jour doit être déployée chez tous les clients avant l'échéance.",
    "Le bon de commande est signé par la structure puis transmis à l'éditeur.",
    "Les traits d'identité sont affichés conformément au RNIV.",
    "Une instance de préproduction n'est pas comptabilisée.",
    "La connexion se fait avec des identifiants nominatifs.",
    "Le téléservice INSi renvoie l'identité de référence du patient.",
    "L'Annuaire Santé fournit l'adresse de messagerie du destinataire.",
    "Le flux est paramétré lors de l'installation de la prestation.",
]


def make_entries(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    entries = []
    for number in range(count):
        subject = rng.choice(SUBJECTS)
        slots = {
            "subject": subject,
            "subject_cap": subject[0].upper() + subject[1:],
            "action": rng.choice(ACTIONS),
            "context": rng.choice(CONTEXTS),
        }
        first, *others = rng.sample(QUESTION_TEMPLATES, min(7, len(QUESTION_TEMPLATES)))
        question = first.format(**slots)
        # Other wordings, as editors give every entry: the same question put other ways,
        # and its key words.
        wordings = [template.format(**slots) for template in others[:5]]
        wordings.append(f"{slots['action']} {slots['context']}")
        answer = " ".join(rng.sample(SENTENCES, rng.randint(2, 5)))
        entries.append(
            {
                "slug": f"synthetique-{number:05d}",
                "question": question,
                "answer": answer,
                "tags": rng.sample(["INS", "DMP", "MSS", "financement", "DSR", "preuves"], 2),
                "wordings": wordings,
            }
        )
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    json.dump(make_entries(args.count, args.seed), sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
