"""Seed the maksimumbeløb rate table with the confirmed rows of almen.construction.SEED_RATES
(DOMAIN.md §10, each with its source). Other years are entered by an administrator."""

from django.db import migrations

from almen.construction import SEED_RATES


def seed(apps, schema_editor):
    MaximumRate = apps.get_model("construction", "MaximumRate")
    for r in SEED_RATES:
        MaximumRate.objects.get_or_create(
            year=r.year,
            housing_type=r.housing_type,
            region=r.region,
            defaults={"per_dwelling": r.per_dwelling, "per_m2": r.per_m2, "source": r.source},
        )


class Migration(migrations.Migration):
    dependencies = [("construction", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
