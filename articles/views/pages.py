"""The pages a reader browses: home, category, section, article, and the
article images."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from helpcenter.files import send_file
from helpcenter.pagemeta import website_data

from ..models import Article, ArticleImage, ArticleTranslation, Category, Section
from .common import article_page, visible_articles

SECTION_PREVIEW_ARTICLES = 6


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    sections = Section.objects.with_article_counts(request.user)
    categories = Category.objects.with_visible_sections(request.user).prefetch_related(
        Prefetch("sections", queryset=sections, to_attr="visible_sections")
    )
    promoted = (
        visible_articles(request)
        .filter(promoted=True)
        .select_related("section")
        .order_by("-published_at")[:6]
    )
    website = website_data(
        request,
        name=settings.PORTAL_NAME,
        home=reverse("home"),
        search=reverse("articles:search"),
    )
    return render(
        request,
        "articles/home.html",
        {"categories": categories, "promoted": promoted, "website": website},
    )


@require_GET
def category_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    category = get_object_or_404(
        Category.objects.with_visible_sections(request.user), pk=pk
    )
    if slug != category.slug:
        return redirect(category, permanent=True)
    sections = Section.objects.with_article_counts(request.user).filter(
        category=category
    )
    sections = sections.prefetch_related(
        Prefetch("articles", queryset=visible_articles(request), to_attr="visible")
    )
    return render(
        request,
        "articles/category_detail.html",
        {
            "category": category,
            "sections": sections,
            "preview_size": SECTION_PREVIEW_ARTICLES,
        },
    )


@require_GET
def section_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    section = get_object_or_404(
        Section.objects.with_article_counts(request.user).select_related("category"),
        pk=pk,
    )
    if slug != section.slug:
        return redirect(section, permanent=True)
    articles = visible_articles(request).filter(section=section)
    page = Paginator(articles, per_page=30).get_page(request.GET.get("page"))
    hidden = Article.objects.needs_sign_in(request.user).filter(section=section)
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "page": page, "hidden_count": hidden.count()},
    )


@require_GET
def article_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    visible = (
        Article.objects.visible_to(request.user)
        .select_related("section__category", "author")
        .prefetch_related(
            Prefetch(
                "translations",
                queryset=ArticleTranslation.objects.published(),
                to_attr="published_translations",
            )
        )
    )
    try:
        article = visible.get(pk=pk)
    except Article.DoesNotExist:
        if Article.objects.needs_sign_in(request.user).filter(pk=pk).exists():
            return redirect_to_login(request.get_full_path())
        raise Http404 from None
    article.show_in(article.translation_in(get_language()))
    if slug != (article.shown_translation or article).slug:
        return redirect(article, permanent=True)
    return article_page(request, article)


@require_GET
def article_image(request: HttpRequest, name: str) -> HttpResponse:
    """Serve an uploaded image to those who may read its article.

    Images are never served from a public folder: one in a gated article is
    as gated as the article. Editors also see the images of drafts.
    """
    image = get_object_or_404(ArticleImage, image=f"articles/{name}")
    public = image.article_id is None or (
        Article.objects.visible_to(AnonymousUser()).filter(pk=image.article_id).exists()
    )
    allowed = (
        public
        or request.user.has_perm("articles.view_article")
        or Article.objects.visible_to(request.user).filter(pk=image.article_id).exists()
    )
    if not allowed:
        raise Http404
    response = send_file(image.image)
    response["X-Content-Type-Options"] = "nosniff"
    if public:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, max_age=3600)
    return response
