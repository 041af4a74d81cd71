from django.urls import path

from profiles import views

app_name = "profiles"

urlpatterns = [
    path("", views.profile_list, name="list"),
    path("list-a-loved-one/", views.submit_start, name="submit_start"),
    path("submit/", views.submit, name="submit"),
    path("<slug:public_id>/", views.profile_detail, name="detail"),
]
