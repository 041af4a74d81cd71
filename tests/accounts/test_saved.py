import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from accounts.models import SavedProfile
from profiles.models import Profile
from tests.factories import PublicProfileFactory

pytestmark = pytest.mark.django_db


def save_url(profile):
    return f"/accounts/saved/{profile.public_id}/"


def test_saving_a_public_profile_goes_back_to_the_page_it_came_from(client, alice, public_profile):
    client.force_login(alice)

    response = client.post(save_url(public_profile), {"next": "/profiles/?page=2"})

    assert response.status_code == 302
    assert response["Location"] == "/profiles/?page=2"
    assert SavedProfile.objects.filter(user=alice, profile=public_profile).exists()


def test_saving_twice_keeps_one_row(client, alice, public_profile):
    client.force_login(alice)

    client.post(save_url(public_profile), {"action": "save"})
    client.post(save_url(public_profile), {"action": "save"})

    assert SavedProfile.objects.filter(user=alice).count() == 1


def test_without_an_action_the_button_toggles(client, alice, public_profile):
    client.force_login(alice)

    assert client.post(save_url(public_profile)).status_code == 302
    assert SavedProfile.objects.filter(user=alice).count() == 1
    assert client.post(save_url(public_profile)).status_code == 302
    assert SavedProfile.objects.filter(user=alice).count() == 0


def test_unsaving_removes_only_my_row(client, alice, bob, public_profile):
    SavedProfile.objects.create(user=alice, profile=public_profile)
    SavedProfile.objects.create(user=bob, profile=public_profile)
    client.force_login(alice)

    client.post(save_url(public_profile), {"action": "unsave"})

    assert list(SavedProfile.objects.values_list("user__email", flat=True)) == [bob.email]


@pytest.mark.parametrize(
    "status",
    [Profile.Status.PENDING, Profile.Status.HIDDEN, Profile.Status.REJECTED, "stale", "expired"],
)
def test_a_profile_that_is_not_public_cannot_be_saved(client, alice, status):
    from datetime import timedelta

    from django.utils import timezone

    long_ago = timezone.now() - timedelta(days=400)
    fields = {
        "stale": {"verified_at": long_ago},
        "expired": {"expires_at": long_ago},
    }.get(status, {"status": status})
    profile = PublicProfileFactory(**fields)
    client.force_login(alice)

    response = client.post(save_url(profile), {"action": "save"})

    assert response.status_code == 404
    assert not SavedProfile.objects.exists()


def test_an_unknown_profile_is_a_404(client, alice):
    client.force_login(alice)

    assert client.post("/accounts/saved/nosuchprofile/").status_code == 404


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/steal", "javascript:alert(1)"]
)
def test_an_unsafe_next_goes_to_the_saved_list(client, alice, public_profile, next_url):
    client.force_login(alice)

    response = client.post(save_url(public_profile), {"next": next_url})

    assert response["Location"] == "/accounts/saved/"


def test_saving_needs_a_post(client, alice, public_profile):
    client.force_login(alice)

    assert client.get(save_url(public_profile)).status_code == 405
    assert not SavedProfile.objects.exists()


def test_saving_needs_the_csrf_token(client, alice, public_profile):
    client.handler.enforce_csrf_checks = True
    client.force_login(alice)

    assert client.post(save_url(public_profile)).status_code == 403
    assert not SavedProfile.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, public_profile):
    response = client.post(save_url(public_profile))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not SavedProfile.objects.exists()
    assert client.get("/accounts/saved/")["Location"].startswith("/accounts/login/")


def test_saved_list_links_listed_profiles(client, alice, public_profile):
    SavedProfile.objects.create(user=alice, profile=public_profile)
    client.force_login(alice)

    response = client.get("/accounts/saved/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Marcus Ellington" in html
    assert f'href="{public_profile.get_absolute_url()}"' in html
    assert "No longer listed" not in html


def test_a_hidden_profile_stays_listed_marked_without_address_or_link(
    client, alice, hidden_profile
):
    SavedProfile.objects.create(user=alice, profile=hidden_profile)
    client.force_login(alice)

    response = client.get("/accounts/saved/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Dwayne" in html
    assert "No longer listed" in html
    assert "released or transferred" in html
    facility = hidden_profile.facility
    for private in (facility.name, facility.physical_street, hidden_profile.inmate_number):
        assert private not in html
    # A remove button posts to the toggle URL, but nothing links to the hidden page.
    assert f'href="/profiles/{hidden_profile.public_id}' not in html


def test_a_profile_that_goes_stale_after_saving_is_marked(client, alice, public_profile):
    from datetime import timedelta

    from django.utils import timezone

    SavedProfile.objects.create(user=alice, profile=public_profile)
    Profile.objects.filter(pk=public_profile.pk).update(
        verified_at=timezone.now() - timedelta(days=400)
    )
    client.force_login(alice)

    assert "No longer listed" in client.get("/accounts/saved/").content.decode()


def test_saved_list_shows_only_my_profiles(client, alice, bob, public_profile):
    SavedProfile.objects.create(user=bob, profile=public_profile)
    client.force_login(alice)

    response = client.get("/accounts/saved/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Marcus" not in html
    assert "not saved any profiles yet" in html


def test_saved_list_query_count_does_not_grow_with_the_list(
    client, alice, django_assert_max_num_queries
):
    for n in range(12):
        status = Profile.Status.APPROVED if n % 2 else Profile.Status.HIDDEN
        profile = PublicProfileFactory(inmate_number=f"B{n:05}", status=status)
        SavedProfile.objects.create(user=alice, profile=profile)
    client.force_login(alice)

    with django_assert_max_num_queries(4):  # session, user, the saved list
        response = client.get("/accounts/saved/")
    assert response.content.decode().count("No longer listed") == 6


def render_button(user, profile, **context):
    request = RequestFactory().get("/profiles/?q=ohio")
    request.user = user
    return render_to_string(
        "includes/save_button.html", {"profile": profile, "user": user, **context}, request
    )


def test_save_button_renders_a_card_from_saved_ids_without_a_query(
    alice, public_profile, django_assert_num_queries
):
    saved_ids = SavedProfile.objects.ids_for(alice)

    with django_assert_num_queries(0):
        html = render_button(alice, public_profile, saved_ids=saved_ids)

    assert f'action="/accounts/saved/{public_profile.public_id}/"' in html
    assert 'name="action" value="save"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="next" value="/profiles/?q=ohio"' in html


def test_save_button_offers_to_remove_a_saved_profile(alice, public_profile):
    SavedProfile.objects.create(user=alice, profile=public_profile)

    by_ids = render_button(alice, public_profile, saved_ids=SavedProfile.objects.ids_for(alice))
    by_flag = render_button(alice, public_profile, is_saved=True)

    for html in (by_ids, by_flag):
        assert 'name="action" value="unsave"' in html
        assert "Saved" in html


def test_save_button_asks_visitors_to_sign_in(public_profile):
    from django.contrib.auth.models import AnonymousUser

    html = render_button(AnonymousUser(), public_profile)

    assert "<form" not in html
    assert 'href="/accounts/login/?next=/profiles/%3Fq%3Dohio"' in html


def test_ids_for_a_visitor_is_empty_without_a_query(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert SavedProfile.objects.ids_for(AnonymousUser()) == frozenset()
