import pytest

pytestmark = pytest.mark.django_db


def test_home_page_explains_the_service(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Write to someone in prison" in html
    assert 'href="#main"' in html  # skip link
    for label in ("Browse profiles", "List a loved one", "Facilities", "Sign in"):
        assert label in html
    for footer_page in ("/safety/", "/privacy/", "/about/"):
        assert f'href="{footer_page}"' in html


@pytest.mark.parametrize("path", ["/about/", "/privacy/", "/safety/"])
def test_footer_pages_render(client, path):
    assert client.get(path).status_code == 200


def test_pages_never_reference_another_site_for_css_or_js(client):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Write to someone in prison" in html
    assert "//cdn" not in html
    assert 'src="http' not in html
    assert 'href="http' not in html


def test_pages_send_security_headers(client):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp


def test_unknown_page_gets_the_friendly_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = "tests.penpals.urls_with_errors"


def test_permission_denied_gets_the_friendly_403(client, error_urls):
    response = client.get("/test/403/")

    assert response.status_code == 403
    assert "You can't open this page" in response.content.decode()


def test_suspicious_request_gets_the_friendly_400(client, error_urls):
    response = client.get("/test/400/")

    assert response.status_code == 400
    assert "could not be understood" in response.content.decode()


def test_server_error_gets_the_friendly_500(client, error_urls):
    client.raise_request_exception = False

    response = client.get("/test/500/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_expired_csrf_token_gets_the_friendly_403(client):
    client.handler.enforce_csrf_checks = True

    response = client.post("/admin/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_the_site_has_a_favicon_and_a_touch_icon(client):
    favicon = client.get("/favicon.ico")

    assert favicon.status_code == 200
    assert favicon["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(favicon.streaming_content).startswith(b"\x00\x00\x01\x00")
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert 'rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png"' in html
