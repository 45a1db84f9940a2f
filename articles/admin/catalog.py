from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from ..models import Category, Section


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "position", "section_count"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(section_total=Count("sections"))

    @admin.display(description=_("sections"), ordering="section_total")
    def section_count(self, obj):
        return obj.section_total


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ["name", "category", "position", "article_count"]
    list_editable = ["position"]
    list_filter = ["category"]
    list_select_related = ["category"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["category__position", "position", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total
