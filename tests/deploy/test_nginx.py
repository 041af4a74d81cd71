"""deploy/nginx.conf, checked by Debian's nginx and used in front of the two app servers."""

import re
from html import unescape

import pytest

from tests.deploy.conftest import Browser

pytestmark = pytest.mark.slow


def test_nginx_accepts_the_configuration(deployment):
    # `nginx -t` already ran before nginx started (the fixture stops on a failure).
    assert "test is successful" in deployment.nginx_check


def test_the_rate_limits_count_the_address_nginx_saw_not_what_the_client_wrote(
    deployment, fresh_limits
):
    first, second = Browser(source="127.0.0.5"), Browser(source="127.0.0.6")

    def submit(browser, forged):
        token = browser.csrf_token(deployment.https, "/profiles/submit/")
        return browser.post(
            f"{deployment.https}/profiles/submit/",
            data={"csrfmiddlewaretoken": token, "first_name": "Marcus"},
            # What a client writes here is replaced by nginx: it cannot spread its attempts.
            headers={"X-Forwarded-For": forged, "Referer": f"{deployment.https}/profiles/submit/"},
        ).status_code

    assert [submit(first, "198.51.100.1"), submit(first, "198.51.100.2")] == [400, 400]
    assert submit(first, "198.51.100.3") == 429
    # Another client behind the same proxy has its own count: nginx's own address is not used.
    assert submit(second, "198.51.100.1") == 400


def test_https_requests_are_seen_as_secure_and_plain_http_is_redirected(deployment, browser):
    # Django sends HSTS only on requests it sees as HTTPS: through nginx (X-Forwarded-Proto),
    # not when the app server is asked directly over plain HTTP.
    secure = browser.get(f"{deployment.https}/")
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=60")
    direct = browser.get(f"{deployment.a}/")
    assert direct.status_code == 200
    assert "Strict-Transport-Security" not in direct.headers

    plain = browser.get(f"{deployment.http}/profiles/")
    assert plain.status_code == 301
    assert plain.headers["Location"].startswith("https://")
    assert browser.get(f"{deployment.http}/healthz").text == "ok"
    # Ready: PostgreSQL, Redis and the bucket all answer.
    assert browser.get(f"{deployment.http}/readyz").text == "ok"


def test_static_files_get_long_cache_headers(deployment, browser):
    page = browser.get(f"{deployment.https}/").text
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', page).group(1)

    response = browser.get(deployment.https + stylesheet)

    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_body_larger_than_the_photo_limit_is_refused_by_nginx(deployment, browser):
    response = browser.post(f"{deployment.https}/profiles/submit/", data=b"x" * (7 * 1024 * 1024))

    assert response.status_code == 413


def test_photos_come_from_the_bucket_through_the_photo_host_with_nosniff(deployment, browser):
    stays = deployment.data["stays"]
    page = browser.get(f"{deployment.https}/profiles/{stays['public_id']}/")
    assert page.status_code == 200
    src = unescape(re.search(r'profile-photo" src="([^"]+)"', page.text).group(1))
    assert "X-Amz-Signature=" in src and "X-Amz-Expires=" in src

    photo = browser.get(src)

    assert photo.status_code == 200
    assert photo.headers["Content-Type"] == "image/jpeg"
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
    assert photo.content[:2] == b"\xff\xd8"
    unsigned = browser.get(src.split("?")[0])
    assert unsigned.status_code == 403
    # The page allows photos from that host, and from nowhere else.
    assert src.split("/")[2] in page.headers["Content-Security-Policy"]
    assert not list(deployment.folder.joinpath("media").glob("**/*.jpg"))
