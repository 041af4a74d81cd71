"""Two app servers behind one PostgreSQL and one Redis behave as one site (see conftest.py)."""

import pytest

from tests.deploy.conftest import Browser

pytestmark = pytest.mark.slow


def sign_in(browser, base, writer):
    token = browser.csrf_token(base, "/accounts/login/")
    response = browser.post(
        f"{base}/accounts/login/",
        data={
            "login": writer["email"],
            "password": writer["password"],
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302, response.text[:500]


def test_a_listing_withdrawn_through_server_a_is_gone_at_once_on_server_b(deployment, browser):
    a, b, listing = deployment.a, deployment.b, deployment.data["withdrawn"]
    page = f"/profiles/{listing['public_id']}/"
    writer = Browser()
    sign_in(writer, a, deployment.data["writer"])
    # Seen first on both servers, by a visitor (whole-page cache in Redis) and by a writer.
    for who in (browser, writer):
        for base in (a, b):
            assert who.get(base + page).status_code == 200
            directory = who.get(f"{base}/profiles/")
            assert directory.status_code == 200 and listing["name"] in directory.text

    token = browser.csrf_token(a, listing["status_url"])
    withdrawn = browser.post(
        f"{a}{listing['status_url']}withdraw/", data={"csrfmiddlewaretoken": token}
    )
    assert withdrawn.status_code == 302

    for who in (Browser(), writer):
        assert who.get(b + page).status_code == 404
        directory = who.get(f"{b}/profiles/")
        assert directory.status_code == 200
        assert listing["name"] not in directory.text
        assert deployment.data["stays"]["name"] in directory.text


def test_a_rate_limit_counts_requests_sent_to_both_servers(deployment, browser, fresh_limits):
    token = browser.csrf_token(deployment.a, "/profiles/submit/")

    def submit(base):
        # An incomplete form: refused (400), but counted like any other attempt.
        data = {"csrfmiddlewaretoken": token, "first_name": "Marcus"}
        return browser.post(f"{base}/profiles/submit/", data=data).status_code

    # PENPALS_SUBMIT_RATE_LIMIT=2 for these servers.
    assert [submit(deployment.a), submit(deployment.b)] == [400, 400]
    assert [submit(deployment.a), submit(deployment.b)] == [429, 429]


def test_a_writer_signed_in_on_server_a_is_signed_in_on_server_b(deployment, browser):
    assert browser.get(f"{deployment.b}/accounts/profile/").status_code == 302  # to sign in

    sign_in(browser, deployment.a, deployment.data["writer"])

    account = browser.get(f"{deployment.b}/accounts/profile/")
    assert account.status_code == 200
    assert deployment.data["writer"]["email"] in account.text


def test_a_draft_saved_on_server_a_and_edited_on_server_b_keeps_the_version_check(
    deployment, browser
):
    sign_in(browser, deployment.a, deployment.data["writer"])
    letter = deployment.data["letter"]
    headers = {"X-CSRFToken": browser.cookies["csrftoken"]}

    def autosave(base, body, version):
        return browser.post(
            f"{base}/letters/{letter['pk']}/autosave",
            data={"body": body, "version": version},
            headers=headers,
        )

    first = autosave(deployment.a, "Written on A.", letter["version"])
    assert first.status_code == 200, first.text[:500]
    saved = first.json()["version"]

    stale = autosave(deployment.b, "Written on B from the old version.", letter["version"])
    assert stale.status_code == 409
    assert stale.json()["body"] == "Written on A."

    fresh = autosave(deployment.b, "Written on B.", saved)
    assert fresh.status_code == 200
    assert fresh.json()["version"] == saved + 1
