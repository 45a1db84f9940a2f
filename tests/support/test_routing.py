import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from support import routing
from support.models import Region
from tests.factories import make_user

pytestmark = pytest.mark.django_db

US, EUROPE, FRANCE, GERMANY, BRAZIL = (
    "US, Canada, Australia and other countries",
    "UK and Europe",
    "France",
    "Germany",
    "Brazil",
)


def route(*, country="", language="", accept="", header="", settings=None):
    """Route a signed-in user with this profile, or a visitor when both empty."""
    factory = RequestFactory()
    headers = {}
    if accept:
        headers["HTTP_ACCEPT_LANGUAGE"] = accept
    if header:
        headers["HTTP_X_COUNTRY"] = header
    request = factory.get("/support/", **headers)
    request.session = SessionStore()
    if country or language:
        user = make_user(country=country, language=language)
    else:
        user = AnonymousUser()
    request.user = user
    return routing.region_for(user, request)


# (profile country, profile language, Accept-Language, expected region)
CASES = [
    # Nothing known: the default team.
    ("", "", "", US),
    # Countries alone.
    ("US", "", "", US),
    ("CA", "", "", US),
    ("AU", "", "", US),
    ("JP", "", "", US),
    ("IN", "", "", US),
    ("MX", "", "", US),
    ("ZA", "", "", US),
    ("GB", "", "", EUROPE),
    ("IE", "", "", EUROPE),
    ("PT", "", "", EUROPE),
    ("ES", "", "", EUROPE),
    ("IT", "", "", EUROPE),
    ("NL", "", "", EUROPE),
    ("PL", "", "", EUROPE),
    ("SE", "", "", EUROPE),
    ("FR", "", "", FRANCE),
    ("DE", "", "", GERMANY),
    ("BR", "", "", BRAZIL),
    # Profile languages win over countries for the language teams.
    ("CA", "fr", "", FRANCE),
    ("BE", "fr", "", FRANCE),
    ("CH", "de", "", GERMANY),
    ("AT", "de", "", GERMANY),
    ("US", "pt-br", "", BRAZIL),
    ("PT", "pt-br", "", BRAZIL),
    # An English speaker is routed by country.
    ("DE", "en", "", GERMANY),
    ("FR", "en", "", FRANCE),
    ("GB", "en", "", EUROPE),
    ("JP", "en", "", US),
    ("BR", "en", "", BRAZIL),
    # Visitors: the browser's language and its region subtag.
    ("", "", "fr-CA,fr;q=0.9,en;q=0.5", FRANCE),
    ("", "", "fr", FRANCE),
    ("", "", "de-CH", GERMANY),
    ("", "", "de-DE,de;q=0.9", GERMANY),
    ("", "", "pt-BR", BRAZIL),
    ("", "", "pt-PT,pt;q=0.9", EUROPE),
    ("", "", "en-GB,en;q=0.8", EUROPE),
    ("", "", "en-US", US),
    ("", "", "ja-JP", US),
    ("", "", "es-ES", EUROPE),
    ("", "", "es-MX", US),
    ("", "", "*", US),
    # The profile outranks the browser.
    ("JP", "en", "fr-FR", FRANCE),
    ("DE", "", "fr-FR", GERMANY),
    ("US", "fr", "de-DE", FRANCE),
]


@pytest.mark.parametrize(
    ("country", "language", "accept", "expected"),
    CASES,
    ids=[f"{c or '-'}/{lang or '-'}/{a or '-'}" for c, lang, a, _ in CASES],
)
def test_routing_table(country, language, accept, expected):
    assert route(country=country, language=language, accept=accept).region.name == (
        expected
    )


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40


def test_a_trusted_country_header_is_used_only_when_configured(settings):
    assert route(header="DE").region.name == US

    settings.SUPPORT_COUNTRY_HEADER = "X-Country"
    routed = route(header="DE")

    assert routed.region.name == GERMANY
    assert routed.reason == "Based on your location: Germany"


def test_the_header_is_the_least_trusted_input(settings):
    settings.SUPPORT_COUNTRY_HEADER = "X-Country"

    assert route(accept="fr-FR", header="DE").region.name == FRANCE


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"language": "fr", "country": "CA"}, "Based on your language: French"),
        ({"language": "en", "country": "DE"}, "Based on your country: Germany"),
        ({"accept": "pt-PT"}, "Based on your country: Portugal"),
        ({"accept": "en-US"}, "Based on your country: United States of America"),
        ({}, "We could not tell your country or language, so this is our main team."),
    ],
)
def test_the_reason_says_what_was_used(kwargs, reason):
    assert route(**kwargs).reason == reason


def test_a_users_choice_beats_everything():
    germany = Region.objects.get(name=GERMANY)
    user = make_user(country="FR", language="fr", support_region=germany)
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="fr-FR")
    request.session = SessionStore()
    request.user = user

    routed = routing.region_for(user, request)

    assert routed.region == germany
    assert routed.reason == "You chose this region."


def test_a_visitors_choice_is_kept_in_the_session():
    brazil = Region.objects.get(name=BRAZIL)
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="de-DE")
    request.session = SessionStore()
    request.session[routing.SESSION_KEY] = brazil.pk
    request.user = AnonymousUser()

    assert routing.region_for(request.user, request).region == brazil


def test_a_deleted_choice_falls_back_to_the_rules():
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="de-DE")
    request.session = SessionStore()
    request.session[routing.SESSION_KEY] = 999_999
    request.user = AnonymousUser()

    assert routing.region_for(request.user, request).region.name == GERMANY


def test_editing_a_region_refreshes_the_cached_list():
    assert route(accept="it-IT").region.name == EUROPE
    france = Region.objects.get(name=FRANCE)
    france.languages = "fr,it"
    france.save()

    assert route(accept="it-IT").region.name == FRANCE


def test_no_regions_means_no_routing():
    Region.objects.all().delete()

    assert routing.region_for(AnonymousUser(), None) is None


def test_the_migration_loads_five_regions_with_one_default():
    regions = list(Region.objects.all())

    assert [r.name for r in regions] == [US, EUROPE, FRANCE, GERMANY, BRAZIL]
    assert [r.is_default for r in regions] == [True, False, False, False, False]
    us = regions[0]
    assert (us.email, us.toll_free_phone, us.phone, us.phone_option) == (
        "uspubsupport@rakuten.com",
        "+1-888-880-8430",
        "+1-646-943-8200",
        "7",
    )
    assert all(not r.toll_free_phone for r in regions[1:])


def test_only_one_default_region():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Region.objects.create(
            name="Second default",
            email="x@example.com",
            support_language="English",
            is_default=True,
        )
