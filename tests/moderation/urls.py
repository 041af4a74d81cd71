"""The project's URLs, plus what moderation links to but other branches provide.

Until the profiles pages and the report URLs are mounted in penpals/urls.py, stand-ins with the
same names are added here; once they are mounted, this adds nothing.
"""

from django.http import HttpResponse
from django.urls import URLResolver, include, path

from penpals.urls import urlpatterns as project_urlpatterns


def _namespaces(patterns):
    return {p.namespace for p in patterns if isinstance(p, URLResolver) and p.namespace}


def _stand_in(request, *args):
    return HttpResponse("stand-in")


urlpatterns = list(project_urlpatterns)
if "reports" not in _namespaces(urlpatterns):
    urlpatterns.append(path("profiles/", include("profiles.report_urls")))
if "profiles" not in _namespaces(urlpatterns):
    stand_ins = [
        path("<str:public_id>/", _stand_in, name="detail"),
        path("status/<str:token>/", _stand_in, name="status"),
    ]
    urlpatterns.append(path("profiles/", include((stand_ins, "profiles"))))
