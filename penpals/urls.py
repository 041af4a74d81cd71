from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from profiles import photo_urls

from . import views

# Staff sign in through the same rate-limited page as writers, not the admin's own form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("safety/", views.safety, name="safety"),
    path("guidelines/", accounts_views.guidelines, name="guidelines"),
    # The language switcher's form posts here (a cookie; back to the page it came from).
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("jsi18n/", views.javascript_catalog, name="javascript-catalog"),
    # Photos on the local disk, behind expiring links (in object storage they never come here).
    path("photos/<path:name>", photo_urls.serve, name="photo"),
    path("profiles/status/", include("moderation.status_urls")),
    path("profiles/", include("profiles.urls")),
    path("facilities/", include("facilities.urls")),
    path("letters/", include("letters.urls")),
    path("profiles/", include("moderation.report_urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
]
