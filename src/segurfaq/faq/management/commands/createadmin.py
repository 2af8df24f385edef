import getpass
import sys

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from segurfaq.accounts.groups import editors_group_ensure


class Command(BaseCommand):
    help = (
        "Crée un compte administrateur pour l'espace rédaction (/admin/), ou change le mot "
        "de passe d'un compte existant. Le mot de passe est demandé au terminal, ou lu sur "
        "l'entrée standard (une ligne) quand elle n'est pas un terminal."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Identifiant de connexion.")
        parser.add_argument("--email", default="", help="Adresse électronique (facultative).")
        parser.add_argument(
            "--editor",
            action="store_true",
            help="Crée un compte de rédacteur (groupe « Rédacteurs ») et non d'administrateur.",
        )

    def _read_password(self) -> str:
        if not sys.stdin.isatty():
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass("Mot de passe : ")
        if first != getpass.getpass("Mot de passe (confirmation) : "):
            raise CommandError("Les deux mots de passe diffèrent : recommencez.")
        return first

    @transaction.atomic
    def handle(self, *args, username, email, editor=False, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        creating = user is None
        if creating:
            user = User(username=username, email=email)
        password = self._read_password()
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(
                "Mot de passe refusé : " + " ".join(error.messages) + " Rien n'a été modifié."
            ) from None
        user.is_staff = True
        user.is_superuser = not editor
        if email:
            user.email = email
        user.set_password(password)
        user.save()
        kind = "rédacteur" if editor else "administrateur"
        if editor:
            user.groups.add(editors_group_ensure())
        verb = "créé" if creating else "mis à jour"
        self.stdout.write(f"Compte {kind} « {username} » {verb}. Connexion : /admin/")
