"""styringsdialog user invite|grant|revoke|list|history|claim-rules: user and role administration from the
command line, as a user (``--as``; default an administrator) through the same lookups and
services as the page "Brugere og roller"."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.accounts.models import Membership, Role
from styringsdialog.users import queries, services
from styringsdialog.users.models import GrantSource

KOMMUNE_ROLES = (Role.CASEWORKER, Role.KOMMUNE_ADMIN)
ORG_ROLES = (Role.ORGANISATION, Role.ADMINISTRATION)
NATIONAL_ROLES = (Role.ANALYST, Role.ADMIN)


class Command(BaseCommand):
    help = "Invitér brugere, tildel og fjern rettigheder, og vis hvem der har hvilke rettigheder."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="HANDLING")
        roles = ", ".join(Role.values)

        invite = sub.add_parser("invite", help="Invitér en ny bruger pr. e-mail med en rettighed")
        invite.add_argument("email", help="E-mailadressen")
        invite.add_argument("--first-name", default="", help="Fornavn")
        invite.add_argument("--last-name", default="", help="Efternavn")

        grant = sub.add_parser("grant", help="Giv en bruger en rettighed")
        grant.add_argument("username", help="Brugernavn eller e-mailadresse")

        revoke = sub.add_parser("revoke", help="Fjern en rettighed fra en bruger")
        revoke.add_argument("username", help="Brugernavn eller e-mailadresse")

        for p in (invite, grant, revoke):
            p.add_argument("--role", required=True, help=f"Rolle ({roles})")
            p.add_argument("--kommune", default=None, help="Kommunekode, fx 151")
            p.add_argument(
                "--organisation", default=None, help="LBF-nummer, fx 0151 (organisationsroller)"
            )
        for p in (invite, grant):
            p.add_argument("--title", default="", help="Stilling")

        lst = sub.add_parser("list", help="Vis hvem der har hvilke rettigheder i en kommune")
        lst.add_argument("--kommune", required=True, help="Kommunekode, fx 151")
        history = sub.add_parser("history", help="Vis rettighedshistorikken for en kommune")
        history.add_argument("--kommune", required=True, help="Kommunekode, fx 151")

        # w1a: the SSO claim rules
        rules = sub.add_parser(
            "claim-rules", help="Vis, tilføj og fjern SSO-regler (administrator)"
        )
        rules_sub = rules.add_subparsers(dest="rule_action", required=True, metavar="HANDLING")
        rules_list = rules_sub.add_parser("list", help="Vis SSO-reglerne")
        rules_add = rules_sub.add_parser("add", help="Tilføj en SSO-regel")
        rules_add.add_argument("--claim", required=True, help="Claimets navn, fx groups")
        rules_add.add_argument("--value", default="", help="Værdien (udelad: enhver værdi)")
        rules_add.add_argument("--role", required=True, help=f"Rolle ({roles})")
        rules_add.add_argument("--kommune", default="", help="Fast kommune (kommunekode)")
        rules_add.add_argument(
            "--organisation", default="", help="Fast boligorganisation (LBF-nummer)"
        )
        rules_add.add_argument(
            "--organisation-by",
            default="",
            choices=["", "cvr", "number"],
            help="Claimets værdi er organisationens CVR-nummer (cvr) eller LBF-nummer (number)",
        )
        rules_add.add_argument(
            "--kommune-by",
            default="",
            choices=["", "code"],
            help="Claimets værdi er kommunekoden (code)",
        )
        rules_add.add_argument("--inactive", action="store_true", help="Opret reglen som inaktiv")
        rules_remove = rules_sub.add_parser("remove", help="Fjern en SSO-regel")
        rules_remove.add_argument("id", type=int, help="Reglens id (se claim-rules list)")

        for p in (invite, grant, revoke, lst, history, rules_list, rules_add, rules_remove):
            p.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")
            add_as_argument(p)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        with danish_errors():
            getattr(self, "_" + action.replace("-", "_"))(user, options)

    # --- helpers ---

    def _scope(self, actor: Any, o: dict[str, Any]) -> dict[str, Any]:
        role = o["role"]
        if role not in Role.values:
            raise CommandError(f"Ukendt rolle {role!r}. Vælg en af: {', '.join(Role.values)}.")
        if role in NATIONAL_ROLES:
            if o["kommune"] or o["organisation"]:
                raise CommandError("Rollen gælder hele landet: udelad --kommune/--organisation.")
            return {}
        if not o["kommune"]:
            raise CommandError("Angiv kommunen med --kommune, fx --kommune 151.")
        kommune = queries.get_kommune_for_user_admin(actor, o["kommune"], write=True)
        if role in KOMMUNE_ROLES:
            if o["organisation"]:
                raise CommandError("En kommunerolle har ingen --organisation.")
            return {"kommune": kommune}
        if not o["organisation"]:
            raise CommandError("Angiv boligorganisationen med --organisation, fx 0151.")
        organisation = queries.organisation_in_kommune(kommune, o["organisation"])
        if organisation is None:
            raise CommandError(
                f"Boligorganisation {o['organisation']} har hverken hjemsted eller afdelinger "
                f"i {kommune.name}."
            )
        return {"organisation": organisation}

    def _find(self, identifier: str) -> Any:
        user = queries.find_user(identifier)
        if user is None:
            raise CommandError(f"Brugeren {identifier!r} findes ikke.")
        return user

    def _out(self, o: dict[str, Any], data: Any, text: str) -> None:
        self.stdout.write(json.dumps(data, default=str) if o.get("json") else text)

    # --- actions ---

    def _invite(self, actor: Any, o: dict[str, Any]) -> None:
        scope = self._scope(actor, o)
        user, created = services.invite_user(
            email=o["email"],
            role=o["role"],
            first_name=o["first_name"],
            last_name=o["last_name"],
            title=o["title"],
            by=actor,
            source=GrantSource.CLI,
            **scope,
        )
        state = "oprettet og inviteret" if created else "inviteret (fandtes i forvejen)"
        self._out(
            o,
            {"username": user.username, "email": user.email, "created": created},
            f"{user.username} <{user.email}> {state}.",
        )

    def _grant(self, actor: Any, o: dict[str, Any]) -> None:
        scope = self._scope(actor, o)
        user = self._find(o["username"])
        m = services.grant_role(
            user=user, role=o["role"], title=o["title"], by=actor, source=GrantSource.CLI, **scope
        )
        self._out(o, {"id": m.pk, "username": user.username}, f"Tildelt: {m}")

    def _revoke(self, actor: Any, o: dict[str, Any]) -> None:
        scope = self._scope(actor, o)
        user = self._find(o["username"])
        m = Membership.objects.filter(
            user=user,
            role=o["role"],
            kommune=scope.get("kommune"),
            organisation=scope.get("organisation"),
        ).first()
        if m is None:
            raise CommandError(f"{user.username} har ikke den rettighed.")
        text = str(m)
        services.revoke_role(membership=m, by=actor, source=GrantSource.CLI)
        self._out(o, {"removed": text}, f"Fjernet: {text}")

    def _list(self, actor: Any, o: dict[str, Any]) -> None:
        kommune = queries.get_kommune_for_user_admin(actor, o["kommune"])
        rows = list(queries.kommune_memberships(kommune))
        data = [
            {
                "id": m.pk,
                "username": m.user.username,
                "email": m.user.email,
                "role": m.role,
                "kommune": m.kommune.code if m.kommune else None,
                "organisation": m.organisation.number if m.organisation else None,
                "granted_at": m.granted_at.isoformat(),
                "source": m.source,
            }
            for m in rows
        ]
        lines = [
            f"{m.user.username:<20} {m.get_role_display():<50} "
            f"{(m.kommune.code if m.kommune else m.organisation.number if m.organisation else ''):<5} "
            f"siden {m.granted_at:%d.%m.%Y} ({m.get_source_display()})"
            for m in rows
        ]
        self._out(o, data, "\n".join(lines) or "Ingen har rettigheder i kommunen.")

    def _history(self, actor: Any, o: dict[str, Any]) -> None:
        kommune = queries.get_kommune_for_user_admin(actor, o["kommune"])
        rows = list(queries.kommune_history(kommune)[:500])
        data = [
            {
                "at": r.at.isoformat(),
                "action": r.action,
                "username": r.username,
                "role": r.role,
                "target": r.target,
                "by": r.by_name,
                "source": r.source,
            }
            for r in rows
        ]
        lines = [
            f"{r.at:%d.%m.%Y %H:%M}  {r.get_action_display():<9} {r.username:<20} "
            f"{r.role:<15} {r.target:<30} af {r.by_name or '–'} ({r.get_source_display()})"
            for r in rows
        ]
        self._out(o, data, "\n".join(lines) or "Ingen hændelser.")

    # --- w1a: the SSO claim rules ---

    def _claim_rules(self, actor: Any, o: dict[str, Any]) -> None:
        action = o["rule_action"]
        if action == "list":
            rows = list(queries.claim_rules_for_user(actor))
            data = [
                {
                    "id": r.pk,
                    **r.as_rule(),
                    "active": r.active,
                    "version": r.version,
                }
                for r in rows
            ]
            lines = [f"{r.pk:>4}  {services.describe_claim_rule(r)}" for r in rows]
            self._out(o, data, "\n".join(lines) or "Ingen SSO-regler.")
        elif action == "add":
            queries.claim_rules_for_user(actor, write=True)
            rule = services.create_claim_rule(
                by=actor,
                source=GrantSource.CLI,
                claim=o["claim"],
                value=o["value"],
                role=o["role"],
                kommune=o["kommune"],
                organisation=o["organisation"],
                organisation_by=o["organisation_by"],
                kommune_by=o["kommune_by"],
                active=not o["inactive"],
            )
            text = services.describe_claim_rule(rule)
            self._out(o, {"id": rule.pk, "text": text}, f"Oprettet: {rule.pk} {text}")
        else:
            rule = queries.get_claim_rule_for_user(actor, o["id"], write=True)
            text = services.describe_claim_rule(rule)
            services.delete_claim_rule(rule=rule, by=actor, source=GrantSource.CLI)
            self._out(o, {"removed": rule.pk, "text": text}, f"Fjernet: {o['id']} {text}")
