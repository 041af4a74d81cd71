from django.urls import path

from . import views

app_name = "facilities"

urlpatterns = [
    path("", views.facility_list, name="list"),
    path("search.json", views.facility_search, name="search"),
    path("<slug:slug>/", views.facility_detail, name="detail"),
]
