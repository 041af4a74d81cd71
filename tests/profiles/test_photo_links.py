"""Photo links: they work while the listing is public, stop when it leaves the directory (by the
calendar or a status change), and cannot be forged, on the local disk and on S3 alike."""

import re
import urllib.error
import urllib.request
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone

from moderation.services import decide
from pagecache import pages_version, rendering_variant
from profiles.views import card_bodies
from tests.factories import ProfileFactory, PublicProfileFactory
from tests.profiles.images import image_bytes

pytestmark = pytest.mark.django_db
JPEG = image_bytes("JPEG", size=(40, 50))


def with_photo(profile):
    profile.photo.save("p.jpg", ContentFile(JPEG))
    profile.photo_thumbnail.save("t.jpg", ContentFile(JPEG))
    return profile


def photo_src(client, profile):
    response = client.get(profile.get_absolute_url())
    assert response.status_code == 200
    return unescape(
        re.search(
            r'class="img-fluid rounded profile-photo" src="([^"]+)"', response.content.decode()
        ).group(1)
    )


def fetch(client, url):
    """(status, content type, nosniff header, body) of a photo link, wherever it points."""
    if url.startswith("/"):
        response = client.get(url)
        body = response.getvalue() if response.status_code == 200 else b""
        return (
            response.status_code,
            response.get("Content-Type"),
            response.get("X-Content-Type-Options"),
            body,
        )
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (local S3)
            return response.status, response.headers["Content-Type"], None, response.read()
    except urllib.error.HTTPError as error:
        return error.code, None, None, b""


def test_a_public_listings_photo_is_served_as_a_jpeg(client, photo_storage):
    profile = with_photo(PublicProfileFactory())

    status, content_type, nosniff, body = fetch(client, photo_src(client, profile))

    assert (status, content_type, body) == (200, "image/jpeg", JPEG)
    if photo_storage is None:
        assert nosniff == "nosniff"  # in object storage the photo host adds it (deploy/nginx.conf)


def test_the_link_stops_when_the_listing_expires_not_at_the_next_daily_run(client, photo_storage):
    profile = with_photo(PublicProfileFactory(expires_at=timezone.now() + timedelta(minutes=10)))
    src = photo_src(client, profile)

    if photo_storage is None:
        assert fetch(client, src)[0] == 200
        with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
            assert fetch(client, src)[0] == 404
    else:
        # The bucket enforces a presigned link's lifetime (the local emulator does not check it).
        lifetime = int(parse_qs(urlsplit(src).query)["X-Amz-Expires"][0])
        assert 590 <= lifetime <= 600


def test_a_stale_custody_check_ends_the_link_too(client, settings):
    settings.PENPALS_VERIFICATION_MAX_AGE_DAYS = 180
    verified = timezone.now() - timedelta(days=180) + timedelta(minutes=5)
    profile = with_photo(PublicProfileFactory(verified_at=verified))
    src = photo_src(client, profile)

    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        assert fetch(client, src)[0] == 404


def test_a_hidden_listings_copied_link_stops_at_once(
    client, staff, photo_storage, django_capture_on_commit_callbacks
):
    profile = with_photo(PublicProfileFactory())
    src = photo_src(client, profile)

    with django_capture_on_commit_callbacks(execute=True):
        decide(profile, "hide", by=staff)

    assert fetch(client, src)[0] in (403, 404)
    assert client.get(profile.get_absolute_url()).status_code == 404


def test_forged_or_unsigned_disk_links_are_refused(client):
    profile = with_photo(PublicProfileFactory())
    src = photo_src(client, profile)
    path, query = src.split("?")
    signature = parse_qs(query)["s"][0]
    later = int(parse_qs(query)["e"][0]) + 86400

    assert fetch(client, src)[0] == 200
    assert fetch(client, path)[0] == 404
    assert fetch(client, f"{path}?e={later}&s={signature}")[0] == 404
    other = profile.photo_thumbnail.name
    assert fetch(client, f"/photos/{other}?{query}")[0] == 404
    assert fetch(client, f"/photos/../../penpals/settings.py?{query}")[0] == 404


def test_the_bucket_is_private_and_objects_unreadable_without_a_signature(client, s3_photos):
    photo_storage = s3_photos
    profile = with_photo(PublicProfileFactory())
    src = photo_src(client, profile)
    unsigned = src.split("?")[0]

    assert fetch(client, unsigned)[0] == 403
    everyone = "http://acs.amazonaws.com/groups/global/AllUsers"
    acl = photo_storage.client.get_bucket_acl(Bucket=photo_storage.name)
    assert not [g for g in acl["Grants"] if g["Grantee"].get("URI") == everyone]
    object_acl = photo_storage.client.get_object_acl(
        Bucket=photo_storage.name, Key=profile.photo.name
    )
    assert not [g for g in object_acl["Grants"] if g["Grantee"].get("URI") == everyone]


def test_staff_see_a_pending_listings_photo_through_a_link_of_an_hour_or_two(admin_client):
    profile = with_photo(ProfileFactory())

    url = profile.photo_url
    expires = int(parse_qs(urlsplit(url).query)["e"][0])

    assert 3600 <= expires - timezone.now().timestamp() <= 7200
    assert fetch(admin_client, url)[0] == 200


def test_a_cached_directory_card_never_outlives_its_listings_photo_link(rf):
    soon = with_photo(PublicProfileFactory(expires_at=timezone.now() + timedelta(seconds=100)))
    version = pages_version(rf.get("/"))
    key = f"card:{soon.pk}:{version}:{rendering_variant()}"

    card_bodies([soon], version)

    assert cache.get(key) is not None
    with time_machine.travel(timezone.now() + timedelta(seconds=101), tick=False):
        assert cache.get(key) is None
