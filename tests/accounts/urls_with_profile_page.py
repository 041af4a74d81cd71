"""The site's URLs plus a bare profile page, for as long as the profiles app has no pages of its
own on this branch. Tests switch to it only when `profiles:detail` does not exist."""

from django.http import Http404, HttpResponse
from django.template import RequestContext, Template
from django.urls import include, path

from accounts.models import SavedProfile
from penpals.urls import urlpatterns as site_urlpatterns
from profiles.models import Profile

PAGE = Template(
    '{% extends "base.html" %}{% block content %}<h1>{{ profile.display_name }}</h1>'
    '{% include "includes/save_button.html" %}{% endblock %}'
)


def detail(request, public_id):
    profile = Profile.objects.public().filter(public_id=public_id).first()
    if profile is None:
        raise Http404
    saved_ids = SavedProfile.objects.ids_for(request.user)
    context = RequestContext(request, {"profile": profile, "saved_ids": saved_ids})
    return HttpResponse(PAGE.render(context))


profile_pages = ([path("<str:public_id>/", detail, name="detail")], "profiles")
urlpatterns = [*site_urlpatterns, path("profiles/", include(profile_pages))]
