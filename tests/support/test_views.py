import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from support.models import Attachment, Region, SupportRequest
from tests.factories import make_staff, make_user

pytestmark = pytest.mark.django_db

CONTACT = reverse("support:contact")
FORM = reverse("support:request")
CHROME_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)


def png(name="screen.png", size=(64, 48), image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def valid_data(**overrides):
    data = {
        "email": "pat@example.com",
        "site_id": "1234567",
        "subject": "Links stopped tracking",
        "topic": "tracking",
        "description": "Since Monday no clicks are counted.",
        "steps": "1. Open the link builder",
        "error_message": "",
        "browser": "Chrome 131",
        "operating_system": "Windows 11",
        "contact_method": "email",
        "phone": "",
        "preferred_time": "",
        "website": "",
    }
    data.update(overrides)
    return data


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# ---- The contact page ----------------------------------------------------


def test_the_contact_page_shows_the_routed_region_and_why(client):
    html = client.get(CONTACT, HTTP_ACCEPT_LANGUAGE="de-DE").content.decode()

    assert "Your support team: Germany" in html
    assert "Why am I seeing this?" in html
    assert "Based on your language:" in html
    assert "depubsupport@example.com" in html


def test_the_default_region_has_mailto_tel_links_and_the_menu_option(client):
    user = make_user(site_id=1234567, country="US", language="en")
    client.force_login(user)

    html = client.get(CONTACT).content.decode()

    assert (
        'href="mailto:uspubsupport@rakuten.com?subject=Support%20request%20'
        '%28SID%201234567%29"' in html
    )
    assert 'href="tel:+18888808430"' in html
    assert 'href="tel:+16469438200"' in html
    assert "and select option 7" in html
    assert "Support language" in html and "English" in html
    assert "Request a callback" not in html
    assert "Add rakuten.com to your safe senders" in html
    assert 'data-copy="1234567"' in html


def test_regions_without_toll_free_offer_a_callback(client):
    html = client.get(CONTACT, HTTP_ACCEPT_LANGUAGE="fr-FR").content.decode()

    assert "Request a callback" in html
    assert f'href="{FORM}?contact=callback"' in html


def test_sid_for_visitors_and_publishers_without_one(client):
    assert "Sign in to see your SID" in client.get(CONTACT).content.decode()

    client.force_login(make_user(site_id=None))
    assert "You have no SID yet" in client.get(CONTACT).content.decode()


def test_a_publisher_switches_region_and_it_is_kept_on_the_profile(client):
    user = make_user(country="US")
    client.force_login(user)
    brazil = Region.objects.get(name="Brazil")

    response = client.post(
        reverse("support:choose-region"), {"region": brazil.pk, "next": CONTACT}
    )
    html = client.get(CONTACT).content.decode()

    assert response["Location"] == CONTACT
    user.refresh_from_db()
    assert user.support_region == brazil
    assert "Your support team: Brazil" in html
    assert "You chose this region." in html

    client.post(reverse("support:choose-region"), {"region": "auto"})
    user.refresh_from_db()
    assert user.support_region is None


def test_a_visitors_choice_is_kept_in_the_session(client):
    germany = Region.objects.get(name="Germany")

    client.post(reverse("support:choose-region"), {"region": germany.pk})

    assert "Your support team: Germany" in client.get(CONTACT).content.decode()


def test_a_visitor_switches_region_with_no_token_and_no_javascript():
    # The form a visitor's (cached, tokenless) contact page holds, as a
    # browser without JavaScript sends it, with CSRF checks on.
    browser = Client(enforce_csrf_checks=True)
    germany = Region.objects.get(name="Germany")
    page = browser.get(CONTACT).content.decode()
    assert 'method="get" action="/en/support/region/"' in page
    assert "csrfmiddlewaretoken" not in page

    response = browser.get(
        reverse("support:choose-region"), {"region": germany.pk, "next": CONTACT}
    )

    assert response["Location"] == CONTACT
    assert "Your support team: Germany" in browser.get(CONTACT).content.decode()


def test_a_link_to_the_switcher_never_changes_a_profile(client):
    user = make_user(country="US")
    client.force_login(user)
    brazil = Region.objects.get(name="Brazil")

    client.get(reverse("support:choose-region"), {"region": brazil.pk})

    user.refresh_from_db()
    assert user.support_region is None  # a cross-site link cannot change it


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x"])
def test_the_switcher_does_not_redirect_off_site(client, next_url):
    germany = Region.objects.get(name="Germany")

    response = client.post(
        reverse("support:choose-region"), {"region": germany.pk, "next": next_url}
    )

    assert response["Location"] == CONTACT


def test_a_bad_region_choice_changes_nothing(client):
    user = make_user()
    client.force_login(user)

    client.post(reverse("support:choose-region"), {"region": "999999"})

    user.refresh_from_db()
    assert user.support_region is None


# ---- The Support panel on every page -------------------------------------


def test_every_page_has_the_support_panel_with_the_routed_region(client, settings):
    settings.SUPPORT_CHAT_URL = ""
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr-FR").content.decode()

    assert 'id="support-panel"' in html
    assert "frpubsupport@example.com" in html
    assert "Chat support is available 24 hours a day, 7 days a week." in html
    assert "Start a chat" not in html
    assert f'class="support-fab" href="{CONTACT}"' in html

    settings.SUPPORT_CHAT_URL = "https://chat.example.com/"
    html = client.get(reverse("home")).content.decode()
    assert 'href="https://chat.example.com/"' in html


# ---- The request form ----------------------------------------------------


def test_the_form_is_prefilled_from_the_user_and_the_browser(client):
    client.force_login(make_user(site_id=7654321))

    html = client.get(FORM, HTTP_USER_AGENT=CHROME_ON_WINDOWS).content.decode()

    assert 'value="7654321"' in html
    assert 'value="Chrome 131"' in html
    assert 'value="Windows 10 or 11"' in html
    assert 'name="email"' not in html


def test_callback_is_preselected_from_the_contact_page(client):
    html = client.get(FORM + "?contact=callback").content.decode()

    assert 'value="callback" id="id_contact_method_1" checked' in html or (
        'value="callback"' in html and "checked" in html
    )


def test_a_request_with_screenshots_is_saved_and_mailed(client):
    response = client.post(
        FORM,
        {
            **valid_data(),
            "screenshots": [png("one.png"), png("two.jpg", image_format="JPEG")],
        },
        HTTP_ACCEPT_LANGUAGE="en-US",
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("support:request-sent")
    request = SupportRequest.objects.get()
    assert request.reference.startswith("HC-") and len(request.reference) == 11
    assert request.region.name == "US, Canada, Australia and other countries"
    assert request.attachments.count() == 2
    names = [a.file.name for a in request.attachments.all()]
    assert all(name.startswith("support/") for name in names)
    assert not any("one" in name or "two" in name for name in names)
    team, confirmation = mail.outbox
    assert team.to == ["uspubsupport@rakuten.com"]
    assert team.extra_headers["Reply-To"] == "pat@example.com"
    assert request.reference in team.subject and "SID 1234567" in team.subject
    assert "Since Monday no clicks are counted." in team.body
    assert "/support/attachments/" in team.body
    assert f"/admin/support/supportrequest/{request.pk}/change/" in team.body
    assert confirmation.to == ["pat@example.com"]
    assert request.reference in confirmation.subject

    sent = client.get(response["Location"]).content.decode()
    assert request.reference in sent


def test_signed_in_users_email_is_known(client):
    user = make_user(email="known@example.com", site_id=42)
    client.force_login(user)
    data = valid_data(site_id="42")
    del data["email"]

    client.post(FORM, data)

    request = SupportRequest.objects.get()
    assert (request.user, request.email) == (user, "known@example.com")


def test_a_callback_request_needs_a_phone_in_international_form(client):
    ok = client.post(
        FORM,
        valid_data(contact_method="callback", phone="+33 1 99 00 12 34"),
    )

    assert ok.status_code == 302
    assert SupportRequest.objects.get().phone == "+33199001234"


def _refused(client, settings, data, field, message, files=()):
    response = client.post(FORM, {**data, "screenshots": list(files)})
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert any(message in error for error in form.errors[field]), form.errors[field]
    html = response.content.decode()
    assert "1. Open the link builder" in html  # the typed text is kept
    assert SupportRequest.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert media_files(settings) == []
    return response


@pytest.mark.parametrize("phone", ["12345", "call me", "+0 123", "0044 20 7946 0958"])
def test_an_invalid_phone_is_refused(client, settings, phone):
    _refused(
        client,
        settings,
        valid_data(contact_method="callback", phone=phone),
        "phone",
        "international form",
    )


def test_a_callback_without_a_phone_is_refused(client, settings):
    _refused(
        client,
        settings,
        valid_data(contact_method="callback"),
        "phone",
        "Give the number we should call",
    )


@pytest.mark.parametrize("sid", ["12ab", "SID 123", "-5", "0"])
def test_a_sid_with_letters_is_refused(client, settings, sid):
    _refused(client, settings, valid_data(site_id=sid), "site_id", "digits only")


def test_six_files_are_refused(client, settings):
    _refused(
        client,
        settings,
        valid_data(),
        "screenshots",
        "at most 5 screenshots",
        files=[png(f"s{n}.png") for n in range(6)],
    )


def test_a_20_mb_file_is_refused(client, settings):
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (20 * 1024 * 1024))
    _refused(client, settings, valid_data(), "screenshots", "the limit is 5 MB", [big])


def test_a_file_that_is_not_an_image_is_refused(client, settings):
    fake = SimpleUploadedFile("notes.png", b"just some text", content_type="image/png")
    _refused(client, settings, valid_data(), "screenshots", "not an image", [fake])


def test_an_svg_is_refused(client, settings):
    svg = SimpleUploadedFile(
        "x.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        content_type="image/svg+xml",
    )
    _refused(client, settings, valid_data(), "screenshots", "not an image", [svg])


def test_a_decompression_bomb_is_refused(client, settings):
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 100_000  # tiny on disk, huge in memory
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    _refused(client, settings, valid_data(), "screenshots", "too many pixels", [bomb])


def test_one_bad_file_among_good_ones_saves_nothing(client, settings):
    fake = SimpleUploadedFile("bad.png", b"nope")
    _refused(
        client, settings, valid_data(), "screenshots", "bad.png", [png(), fake, png()]
    )


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("subject", "Give your request a subject."),
        ("description", "Tell us what you need help with."),
        ("email", "Enter your email address"),
        ("topic", "Choose a topic."),
    ],
)
def test_missing_required_fields_are_named(client, settings, field, message):
    _refused(client, settings, valid_data(**{field: ""}), field, message)


def test_the_honeypot_refuses_bots(client, settings):
    _refused(client, settings, valid_data(website="x"), "website", "Leave")


def test_a_crash_while_saving_leaves_no_rows_and_no_files(
    client, settings, monkeypatch
):
    calls = {"n": 0}
    original = Attachment.save

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "save", failing_save)
    client.raise_request_exception = False

    response = client.post(FORM, {**valid_data(), "screenshots": [png(), png()]})

    assert response.status_code == 500
    assert SupportRequest.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert media_files(settings) == []


# ---- Screenshots and the admin -------------------------------------------


def _saved_request(client):
    client.post(FORM, {**valid_data(), "screenshots": [png()]})
    return SupportRequest.objects.get()


def test_screenshots_are_served_to_support_staff_only(client):
    request = _saved_request(client)
    url = request.attachments.get().get_absolute_url()

    assert Client().get(url).status_code == 302
    publisher = Client()
    publisher.force_login(make_user())
    assert publisher.get(url).status_code == 403
    staff = Client()
    staff.force_login(make_staff())
    response = staff.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize("term", ["1234567", "pat@example.com", "reference"])
def test_staff_find_requests_by_sid_email_or_reference(client, term):
    request = _saved_request(client)
    staff = Client()
    staff.force_login(make_staff())
    if term == "reference":
        term = request.reference

    html = staff.get(
        reverse("admin:support_supportrequest_changelist"), {"q": term}
    ).content.decode()

    assert request.reference in html


def test_staff_change_a_requests_status_and_see_its_screenshots(client):
    request = _saved_request(client)
    staff = Client()
    staff.force_login(make_staff())
    url = reverse("admin:support_supportrequest_change", args=[request.pk])

    page = staff.get(url).content.decode()
    staff.post(
        url,
        {
            "status": "in_progress",
            "attachments-TOTAL_FORMS": 1,
            "attachments-INITIAL_FORMS": 1,
            "attachments-MIN_NUM_FORMS": 0,
            "attachments-MAX_NUM_FORMS": 1000,
            "attachments-0-id": request.attachments.get().pk,
            "attachments-0-request": request.pk,
        },
    )

    assert request.attachments.get().get_absolute_url() in page
    request.refresh_from_db()
    assert request.status == "in_progress"


def test_the_support_button_links_to_the_request_form_everywhere(client):
    html = client.get(reverse("home")).content.decode()

    assert f'href="{FORM}"' in html


def test_requests_are_rate_limited_with_a_clear_message(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "support_request": "2/h"}

    codes = [client.post(FORM, valid_data()).status_code for _ in range(3)]

    assert codes == [302, 302, 400]
    assert SupportRequest.objects.count() == 2
    refused = client.post(FORM, valid_data())
    assert "several requests in a short time" in refused.content.decode()
    assert "Links stopped tracking" in refused.content.decode()
