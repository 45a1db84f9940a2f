"""The Support app as publishers, visitors and support staff use it."""

import re

import pytest
from django.core.files.base import ContentFile
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from support.models import Attachment, Region, SupportRequest
from tests.articles.test_admin import png_bytes
from tests.browser.conftest import sign_in_to
from tests.factories import make_staff, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEFAULT_REGION = "US, Canada, Australia and other countries"
REFERENCE = re.compile(r"^HC-[A-Z0-9]{8}$")


def test_french_speaker_sees_the_french_team_and_switches_region(new_page):
    page = new_page(
        locale="fr-FR",
        extra_http_headers={"Accept-Language": "fr-FR,fr;q=0.9"},
    )
    page.goto("/support/")

    # The browser's language picks the French pages and the French team.
    expect(page).to_have_url(re.compile(r"/fr/support/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    card = page.locator(".region-card")
    heading = card.get_by_role("heading", level=2)
    expect(heading).to_contain_text("France")
    expect(card.get_by_role("link", name="frpubsupport@example.com")).to_be_visible()
    why = card.locator(".why")
    expect(why).to_contain_text("français")
    # France has no toll-free number: a callback is offered instead.
    expect(card.get_by_text("+1-888-880-8430")).to_have_count(0)
    with override("fr"):
        callback = card.get_by_role("link", name=gettext("Request a callback"))
        show = gettext("Show the contacts for")
        switch = gettext("Switch region")
        chosen = gettext("You chose this region.")
    expect(callback).to_be_visible()
    expect(callback).to_have_attribute("href", "/fr/support/request/?contact=callback")

    germany = Region.objects.get(name="Germany")
    card.get_by_label(show).select_option(label="Allemagne")
    card.get_by_role("button", name=switch).click()

    expect(page).to_have_url(re.compile(r"/fr/support/$"))
    expect(heading).to_contain_text("Allemagne")
    expect(heading).not_to_contain_text("France")
    expect(card.get_by_role("link", name="depubsupport@example.com")).to_be_visible()
    expect(why).to_contain_text(chosen)
    expect(card.get_by_label(show)).to_have_value(str(germany.pk))


def test_publisher_opens_the_panel_and_sends_a_request_with_a_screenshot(
    page, tmp_path, mailoutbox
):
    publisher = make_user(
        email="pat@example.com", site_id=1234567, country="US", language="en"
    )
    screenshot = tmp_path / "error.png"
    screenshot.write_bytes(png_bytes(size=(64, 48)))

    sign_in_to(page, "/", "pat@example.com")
    toggle = page.get_by_role("button", name="Support", exact=True)
    panel = page.get_by_role("dialog", name="Customer Support")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(panel).to_be_hidden()

    toggle.click()
    expect(panel).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(panel).to_contain_text(
        "Chat support is available 24 hours a day, 7 days a week"
    )
    expect(panel).to_contain_text(DEFAULT_REGION)
    expect(panel.get_by_role("link", name="uspubsupport@rakuten.com")).to_be_visible()
    expect(panel.get_by_role("link", name="+1-888-880-8430")).to_have_attribute(
        "href", "tel:+18888808430"
    )
    assert panel.evaluate("panel => panel.contains(document.activeElement)")

    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()

    toggle.click()
    expect(panel).to_be_visible()
    panel.get_by_role("link", name="Send a request").click()
    expect(page).to_have_url(re.compile(r"/support/request/$"))
    expect(page.get_by_label("Your Site ID (SID)")).to_have_value("1234567")
    expect(page.get_by_label("Browser")).not_to_have_value("")

    page.get_by_label("Subject").fill("Clicks are not tracked")
    page.get_by_label("Topic").select_option("tracking")
    page.get_by_label("What do you need help with?").fill(
        "Since Monday no clicks show up in my reports."
    )
    page.get_by_label("Steps that lead to the problem").fill(
        "1. Open Reports\n2. Choose this week"
    )
    page.get_by_label("Screenshots").set_input_files(str(screenshot))
    page.get_by_role("button", name="Send request").click()

    expect(page).to_have_url(re.compile(r"/support/request/sent/$"))
    expect(page.get_by_text("Your reference")).to_be_visible()
    reference = page.locator("#reference")
    expect(reference).to_have_text(REFERENCE)
    shown = reference.inner_text().strip()

    support_request = SupportRequest.objects.get()
    assert support_request.reference == shown
    assert support_request.site_id == "1234567"
    assert support_request.region.name == DEFAULT_REGION
    assert support_request.user == publisher
    assert support_request.email == "pat@example.com"
    assert support_request.topic == SupportRequest.Topic.TRACKING
    attachment = support_request.attachments.get()
    assert attachment.original_name == "error.png"
    assert attachment.size == screenshot.stat().st_size

    # Both emails went through the outbox, delivered at once in tests.
    assert sorted(message.to[0] for message in mailoutbox) == [
        "pat@example.com",
        "uspubsupport@rakuten.com",
    ]
    team = next(m for m in mailoutbox if m.to == ["uspubsupport@rakuten.com"])
    assert shown in team.subject + team.body
    assert team.extra_headers["Reply-To"] == "pat@example.com"


def test_staff_find_a_request_by_sid_and_see_its_screenshot(page):
    make_staff(email="sally@example.com", name="Sally Anne")
    support_request = SupportRequest.objects.create(
        email="pat@example.com",
        site_id="7654321",
        region=Region.objects.get(is_default=True),
        subject="Clicks are not tracked",
        topic=SupportRequest.Topic.TRACKING,
        description="Since Monday no clicks show up in my reports.",
    )
    attachment = Attachment(request=support_request, original_name="error.png", size=0)
    attachment.file.save("error.png", ContentFile(png_bytes(size=(64, 48))))
    # Another request, which the search must leave out.
    other = SupportRequest.objects.create(
        email="sam@example.com",
        site_id="1111111",
        region=Region.objects.get(is_default=True),
        subject="Payment question",
        topic=SupportRequest.Topic.PAYMENTS,
        description="When is the next payout?",
    )

    sign_in_to(page, "/admin/support/supportrequest/", "sally@example.com")
    page.locator("#searchbar").fill("7654321")
    page.locator("#searchbar").press("Enter")

    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(support_request.reference)
    expect(page.locator("#result_list")).not_to_contain_text(other.reference)

    rows.first.get_by_role("link", name=support_request.reference).click()
    expect(page).to_have_url(
        re.compile(rf"/admin/support/supportrequest/{support_request.pk}/change/")
    )
    image = page.locator(f"img[src='/en/support/attachments/{attachment.pk}/']")
    expect(image).to_have_count(1)
    expect(image).to_have_attribute("alt", "error.png")
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete", arg=image.element_handle(), timeout=5_000
    )
    assert image.evaluate("img => img.naturalWidth") == 64


def test_support_button_is_a_link_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/")
    # The floating button, not the header's Support tab: a plain link here.
    widget = page.locator("[data-support-widget]")
    expect(widget.get_by_role("dialog", include_hidden=True)).to_be_hidden()
    widget.get_by_role("link", name="Support", exact=True).click()
    expect(page).to_have_url(re.compile(r"/support/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Contact Customer Support"
    )
    expect(page.locator(".region-card")).to_contain_text(DEFAULT_REGION)
