"""Category and section names in each language (django-modeltranslation).

Each field gets a column per language (`name_fr`, ...); reading `name` gives
the active language's text, or English where there is none. Articles have a
model of their own, `ArticleTranslation`, because each translation has its
own address and its own draft/published state.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, Section


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name", "description")
