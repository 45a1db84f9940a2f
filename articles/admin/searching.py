from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import SearchTerm


class FoundNothingFilter(admin.SimpleListFilter):
    title = _("results")
    parameter_name = "found"

    def lookups(self, request, model_admin):
        return [("none", _("Found nothing last time")), ("some", _("Found something"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(last_results=0)
        if self.value() == "some":
            return queryset.filter(last_results__gt=0)
        return queryset


@admin.register(SearchTerm)
class SearchTermAdmin(admin.ModelAdmin):
    """What readers search for, so staff know which articles to write."""

    list_display = [
        "query",
        "count",
        "empty_count",
        "last_results",
        "last_searched_at",
    ]
    list_filter = [FoundNothingFilter]
    search_fields = ["query"]
    ordering = ["-count"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
