"""Region texts in each language (django-modeltranslation; see articles)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Region


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name", "description", "support_language", "hours")
