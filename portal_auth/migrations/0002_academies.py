"""The twelve regional academies (AREF), one per region since the 2015 regionalisation.

Creates missing rows only (matched by slug) and never deletes, so editors may rename them.
"""

from django.db import migrations

ACADEMIES = [
    # slug, ar, fr, en
    (
        "tanger-tetouan-al-hoceima",
        "طنجة تطوان الحسيمة",
        "Tanger-Tétouan-Al Hoceïma",
        "Tangier-Tetouan-Al Hoceima",
    ),
    ("oriental", "الشرق", "Oriental", "Oriental"),
    ("fes-meknes", "فاس مكناس", "Fès-Meknès", "Fez-Meknes"),
    ("rabat-sale-kenitra", "الرباط سلا القنيطرة", "Rabat-Salé-Kénitra", "Rabat-Sale-Kenitra"),
    ("beni-mellal-khenifra", "بني ملال خنيفرة", "Béni Mellal-Khénifra", "Beni Mellal-Khenifra"),
    ("casablanca-settat", "الدار البيضاء سطات", "Casablanca-Settat", "Casablanca-Settat"),
    ("marrakech-safi", "مراكش آسفي", "Marrakech-Safi", "Marrakesh-Safi"),
    ("draa-tafilalet", "درعة تافيلالت", "Drâa-Tafilalet", "Draa-Tafilalet"),
    ("souss-massa", "سوس ماسة", "Souss-Massa", "Souss-Massa"),
    ("guelmim-oued-noun", "كلميم واد نون", "Guelmim-Oued Noun", "Guelmim-Oued Noun"),
    (
        "laayoune-sakia-el-hamra",
        "العيون الساقية الحمراء",
        "Laâyoune-Sakia El Hamra",
        "Laayoune-Sakia El Hamra",
    ),
    ("dakhla-oued-ed-dahab", "الداخلة وادي الذهب", "Dakhla-Oued Ed-Dahab", "Dakhla-Oued Ed-Dahab"),
]


def create_academies(apps, schema_editor):
    Academy = apps.get_model("portal_auth", "Academy")
    for order, (slug, ar, fr, en) in enumerate(ACADEMIES):
        Academy.objects.get_or_create(
            slug=slug, defaults={"name_ar": ar, "name_fr": fr, "name_en": en, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("portal_auth", "0001_initial")]

    operations = [migrations.RunPython(create_academies, migrations.RunPython.noop)]
