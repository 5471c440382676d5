"""Create, list or revoke a user's personal API tokens from the shell (docs/api.md)."""

from django.core.management.base import BaseCommand, CommandError

from vendepunkt.accounts.access import NotFound
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.models import User
from vendepunkt.api import tokens


class Command(BaseCommand):
    help = "Personal API tokens: create (shown once), list, revoke."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token; it is printed once")
        create.add_argument("--user", required=True, help="the user name")
        create.add_argument("--days", type=int, default=90, help="days valid (default 90)")
        create.add_argument("--name", default="integration", help="what the token is for")
        listing = sub.add_parser("list", help="list a user's tokens (never the tokens themselves)")
        listing.add_argument("--user", required=True)
        revoke = sub.add_parser("revoke", help="revoke a token by its id")
        revoke.add_argument("id", type=int)

    def handle(self, *args, **options):
        action = options["action"]
        try:
            if action == "create":
                user = self._user(options["user"])
                token, raw = tokens.create_token(
                    None, user, name=options["name"], days=options["days"]
                )
                self.stdout.write(
                    f"Token {token.pk} for {user.username}, gyldigt til / valid until "
                    f"{token.expires_at:%Y-%m-%d %H:%M} UTC. Vises kun nu / shown only now:"
                )
                self.stdout.write(raw)
            elif action == "list":
                for token in tokens.tokens_of(self._user(options["user"])):
                    state = (
                        "revoked" if token.revoked_at else f"expires {token.expires_at:%Y-%m-%d}"
                    )
                    self.stdout.write(f"{token.pk}\t{token.prefix}…\t{token.name}\t{state}")
            else:
                token = tokens.revoke_token(None, options["id"])
                self.stdout.write(f"Token {token.pk} er tilbagekaldt / is revoked.")
        except ServiceError as exc:
            raise CommandError(str(exc)) from None
        except NotFound:
            raise CommandError("Tokenet findes ikke. / The token does not exist.") from None

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Ukendt bruger / unknown user {username!r}.")
        return user
