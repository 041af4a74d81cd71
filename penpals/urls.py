from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Penpals moderation"
admin.site.site_title = "Penpals admin"
admin.site.index_title = "Moderation and directory data"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("safety/", views.safety, name="safety"),
    path("healthz", views.healthz, name="healthz"),
    path("profiles/", include("profiles.urls")),
    path("facilities/", include("facilities.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
