"""Template side of helpcenter.pagemeta: addresses, descriptions, JSON-LD."""

from html import unescape

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString, mark_safe

from helpcenter import pagemeta

register = template.Library()


@register.simple_tag(takes_context=True)
def page_urls(context) -> pagemeta.PageUrls | None:
    """The view's own `page_urls` (an article's versions), else the current
    page in every language."""
    if known := context.get("page_urls"):
        return known
    request = context.get("request")
    return pagemeta.page_urls(request) if request is not None else None


@register.simple_tag(takes_context=True)
def absolute_static(context, path: str) -> str:
    """A static file's full address, for link previews on other sites."""
    url = static(path)
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


@register.filter
def description(text: str) -> str:
    """Plain text as a meta description: one line, about 155 characters.

    Text that a tag has already escaped ({% blocktranslate asvar %}) is read
    back first, so that it is escaped once, when printed.
    """
    if isinstance(text, SafeData):
        text = unescape(text)
    return pagemeta.shorten(str(text or ""))


@register.filter
def og_locale(language: str) -> str:
    return pagemeta.OG_LOCALES.get(language, language.replace("-", "_"))


@register.filter
def json_ld(data) -> SafeString:
    """A <script type="application/ld+json"> element holding `data`."""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(pagemeta.json_ld(data)),  # noqa: S308 - <, > and & escaped
    )
