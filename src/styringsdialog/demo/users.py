"""Demo users, one per persona (PRODUCT.md "Who uses it")."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from styringsdialog.accounts.models import Membership, Role, User
from styringsdialog.registry.models import Kommune, Organisation

DEMO_PASSWORD = "styringsdialog"  # printed for the local demo only


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    kommune: str | None = None
    organisation: str | None = None
    title: str = ""
    # h16a: further memberships (roles in the same kommune; further organisations of the role)
    also_roles: tuple[str, ...] = ()
    more_organisations: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        target = self.kommune or self.organisation or "hele landet"
        return f"{dict(Role.choices)[self.role]} ({target})"


def demo_users(almenbo_number: str, other_org_number: str) -> list[DemoUser]:
    return [
        DemoUser(
            "torben",
            "Torben",
            "Tilsyn",
            Role.CASEWORKER,
            kommune="151",
            title="Sagsbehandler, Ballerup Kommune",
        ),
        DemoUser(
            "karin",
            "Karin",
            "Kbh",
            Role.CASEWORKER,
            kommune="101",
            title="Sagsbehandler, Københavns Kommune",
        ),
        DemoUser(
            "claus",
            "Claus",
            "Almenbo",
            Role.ORGANISATION,
            organisation=almenbo_number,
            title="Driftschef, Almenbo",
        ),
        DemoUser(
            "lisbet",
            "Lisbet",
            "Almenbo",
            Role.ORGANISATION,
            organisation=almenbo_number,
            title="Direktør, Almenbo",
        ),
        DemoUser(
            "olga",
            "Olga",
            "Organisation",
            Role.ORGANISATION,
            organisation=other_org_number,
            title="Medarbejder i en anden boligorganisation",
        ),
        DemoUser("anna", "Anna", "Analytiker", Role.ANALYST, title="Sektoranalytiker"),
        # h16a: the kommune administrator for Ballerup (also a caseworker there), and staff of an
        # administrationsorganisation working for two organisations with one login
        DemoUser(
            "kamma",
            "Kamma",
            "Kommuneadministrator",
            Role.KOMMUNE_ADMIN,
            kommune="151",
            title="Kommuneadministrator, Ballerup Kommune",
            also_roles=(Role.CASEWORKER,),
        ),
        DemoUser(
            "adam",
            "Adam",
            "Administration",
            Role.ADMINISTRATION,
            organisation=almenbo_number,
            title="Medarbejder i administrationsorganisation",
            more_organisations=(other_org_number,),
        ),
        DemoUser("admin", "Ada", "Administrator", Role.ADMIN, title="Systemadministrator"),
    ]


def demo_email(username: str) -> str:
    """The demo user's e-mail address (the reserved .invalid domain: never delivered)."""
    return f"{username}@demo.styringsdialog.invalid"


@transaction.atomic
def create_demo_users(users: list[DemoUser]) -> None:
    for u in users:
        user, _ = User.objects.get_or_create(
            username=u.username, defaults={"first_name": u.first_name, "last_name": u.last_name}
        )
        user.set_password(DEMO_PASSWORD)
        user.email = demo_email(u.username)  # password reset works in the demo (var/mail/)
        user.is_staff = user.is_superuser = u.role == Role.ADMIN
        user.save()
        Membership.objects.filter(user=user).delete()
        kommune = Kommune.objects.get(code=u.kommune) if u.kommune else None
        for role in (u.role, *u.also_roles):
            for number in (u.organisation, *u.more_organisations):
                Membership.objects.create(
                    user=user,
                    role=role,
                    title=u.title,
                    kommune=kommune,
                    organisation=Organisation.objects.get(number=number) if number else None,
                )
