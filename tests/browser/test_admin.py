import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.articles.test_admin import png_bytes
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, make_manager, make_section

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_staff_create_an_article_with_an_image_and_see_it_on_the_site(page, tmp_path):
    make_manager(email="sally@example.com", name="Sally Anne")
    section = make_section(name="Customer Support")
    screenshot = tmp_path / "support-button.png"
    screenshot.write_bytes(png_bytes(size=(120, 48)))

    page.goto("/en/accounts/login/?next=/admin/articles/article/add/")
    sign_in(page, "sally@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="Add article")).to_be_visible()

    page.locator("#id_title").fill("Where is the Support button?")
    page.locator("#id_title").press("End")  # the slug follows on key up
    expect(page.locator("#id_slug")).to_have_value("where-is-the-support-button")
    page.get_by_label("Section:").select_option(label=str(section))
    page.locator("#id_body").fill("## Chat\n\nClick **Support** at the bottom right.")
    page.locator("#id_status").select_option("published")
    # A French translation, published on its own.
    page.get_by_role("button", name="Add another Translation").click()
    page.locator("#id_translations-0-language").select_option("fr")
    page.locator("#id_translations-0-status").select_option("published")
    page.locator("#id_translations-0-title").fill("Où est le bouton Assistance ?")
    page.locator("#id_translations-0-title").press("End")
    expect(page.locator("#id_translations-0-slug")).to_have_value(
        "ou-est-le-bouton-assistance"
    )
    page.locator("#id_translations-0-body").fill(
        "## Discussion\n\nCliquez sur **Assistance** en bas à droite."
    )
    page.locator("#id_images-0-image").set_input_files(str(screenshot))
    page.locator("#id_images-0-alt").fill("The Support button")
    page.get_by_role("button", name="Save and continue editing").first.click()

    snippet = page.locator(".field-markdown_snippet code").first
    expect(snippet).to_contain_text("![The Support button](/media/articles/")
    body = page.locator("#id_body")
    body.fill(body.input_value() + "\n\n" + snippet.inner_text())

    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".md-preview")
    expect(preview.locator("h2")).to_have_text("Chat")
    expect(preview.locator("img")).to_have_attribute("alt", "The Support button")

    page.get_by_role("button", name="Save and continue editing").first.click()
    page.locator(".viewsitelink").click()
    site = page

    expect(site.get_by_role("heading", level=1)).to_have_text(
        "Where is the Support button?"
    )
    image = site.locator(".article-body img")
    expect(image).to_have_attribute("alt", "The Support button")
    assert image.evaluate("img => img.complete && img.naturalWidth") == 120
    article = Article.objects.get(slug="where-is-the-support-button")
    assert article.images.count() == 1
    assert article.author.email == "sally@example.com"

    site.goto(f"/fr/articles/{article.pk}-ou-est-le-bouton-assistance/")
    expect(site.get_by_role("heading", level=1)).to_have_text(
        "Où est le bouton Assistance ?"
    )
    expect(site.locator(".article-body strong")).to_have_text("Assistance")
