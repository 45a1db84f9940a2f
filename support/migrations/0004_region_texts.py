"""The five regions' texts in English, French, German and Brazilian Portuguese.

English is copied from the original columns; the other languages are filled
only where an administrator has not written them yet.
"""

from django.db import migrations

FIELDS = ["name", "description", "support_language", "hours"]
TEXTS = {'US, Canada, Australia and other countries': {'name_fr': 'États-Unis, Canada, '
                                                          'Australie et autres '
                                                          'pays',
                                               'description_fr': 'Éditeurs situés '
                                                                 'aux États-Unis, '
                                                                 'au Canada, en '
                                                                 'Australie et '
                                                                 'dans les pays '
                                                                 "hors d'Europe "
                                                                 'non mentionnés '
                                                                 'ci-dessous',
                                               'support_language_fr': 'Anglais',
                                               'hours_fr': '24 heures sur 24, 7 '
                                                           'jours sur 7',
                                               'name_de': 'USA, Kanada, Australien '
                                                          'und weitere Länder',
                                               'description_de': 'Publisher mit '
                                                                 'Sitz in den USA, '
                                                                 'in Kanada, in '
                                                                 'Australien und '
                                                                 'in nicht unten '
                                                                 'aufgeführten '
                                                                 'außereuropäischen '
                                                                 'Ländern',
                                               'support_language_de': 'Englisch',
                                               'hours_de': 'rund um die Uhr, 7 '
                                                           'Tage die Woche',
                                               'name_pt_br': 'EUA, Canadá, '
                                                             'Austrália e outros '
                                                             'países',
                                               'description_pt_br': 'Publishers '
                                                                    'localizados '
                                                                    'nos EUA, no '
                                                                    'Canadá, na '
                                                                    'Austrália e '
                                                                    'em países '
                                                                    'fora da '
                                                                    'Europa não '
                                                                    'listados '
                                                                    'abaixo',
                                               'support_language_pt_br': 'Inglês',
                                               'hours_pt_br': '24 horas por dia, 7 '
                                                              'dias por semana'},
 'UK and Europe': {'name_fr': 'Royaume-Uni et Europe',
                   'description_fr': 'Éditeurs situés au Royaume-Uni et dans les '
                                     'autres pays européens non mentionnés '
                                     'ci-dessous',
                   'support_language_fr': 'Anglais',
                   'hours_fr': '24 heures sur 24, 7 jours sur 7',
                   'name_de': 'Vereinigtes Königreich und Europa',
                   'description_de': 'Publisher mit Sitz im Vereinigten Königreich '
                                     'und in anderen, nicht unten aufgeführten '
                                     'europäischen Ländern',
                   'support_language_de': 'Englisch',
                   'hours_de': 'rund um die Uhr, 7 Tage die Woche',
                   'name_pt_br': 'Reino Unido e Europa',
                   'description_pt_br': 'Publishers localizados no Reino Unido e '
                                        'em outros países europeus não listados '
                                        'abaixo',
                   'support_language_pt_br': 'Inglês',
                   'hours_pt_br': '24 horas por dia, 7 dias por semana'},
 'France': {'name_fr': 'France',
            'description_fr': 'Éditeurs situés en France et/ou francophones',
            'support_language_fr': 'Français',
            'hours_fr': '24 heures sur 24, 7 jours sur 7',
            'name_de': 'Frankreich',
            'description_de': 'Publisher mit Sitz in Frankreich und/oder '
                              'französischsprachige Publisher',
            'support_language_de': 'Französisch',
            'hours_de': 'rund um die Uhr, 7 Tage die Woche',
            'name_pt_br': 'França',
            'description_pt_br': 'Publishers localizados na França e/ou que falam '
                                 'francês',
            'support_language_pt_br': 'Francês',
            'hours_pt_br': '24 horas por dia, 7 dias por semana'},
 'Germany': {'name_fr': 'Allemagne',
             'description_fr': 'Éditeurs situés en Allemagne et/ou germanophones',
             'support_language_fr': 'Allemand',
             'hours_fr': '24 heures sur 24, 7 jours sur 7',
             'name_de': 'Deutschland',
             'description_de': 'Publisher mit Sitz in Deutschland und/oder '
                               'deutschsprachige Publisher',
             'support_language_de': 'Deutsch',
             'hours_de': 'rund um die Uhr, 7 Tage die Woche',
             'name_pt_br': 'Alemanha',
             'description_pt_br': 'Publishers localizados na Alemanha e/ou que '
                                  'falam alemão',
             'support_language_pt_br': 'Alemão',
             'hours_pt_br': '24 horas por dia, 7 dias por semana'},
 'Brazil': {'name_fr': 'Brésil',
            'description_fr': 'Éditeurs situés au Brésil, ou parlant le portugais '
                              'du Brésil',
            'support_language_fr': 'Portugais (Brésil)',
            'hours_fr': '24 heures sur 24, 7 jours sur 7',
            'name_de': 'Brasilien',
            'description_de': 'Publisher mit Sitz in Brasilien oder Publisher, die '
                              'brasilianisches Portugiesisch sprechen',
            'support_language_de': 'Brasilianisches Portugiesisch',
            'hours_de': 'rund um die Uhr, 7 Tage die Woche',
            'name_pt_br': 'Brasil',
            'description_pt_br': 'Publishers localizados no Brasil ou que falam '
                                 'português do Brasil',
            'support_language_pt_br': 'Português (Brasil)',
            'hours_pt_br': '24 horas por dia, 7 dias por semana'}}


def fill(apps, schema_editor):
    Region = apps.get_model("support", "Region")
    for region in Region.objects.all():
        for field in FIELDS:
            if not getattr(region, f"{field}_en"):
                setattr(region, f"{field}_en", getattr(region, field))
        for column, text in TEXTS.get(region.name, {}).items():
            if not getattr(region, column):
                setattr(region, column, text)
        region.save()


class Migration(migrations.Migration):
    dependencies = [("support", "0003_region_translations")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
