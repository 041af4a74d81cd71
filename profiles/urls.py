from django.urls import path

from profiles import views

app_name = "profiles"

urlpatterns = [
    path("", views.profile_list, name="list"),
    path("list-a-loved-one/", views.submit_start, name="submit_start"),
    path("submit/", views.submit, name="submit"),
    path("status/<slug:token>/", views.status, name="status"),
    path("status/<slug:token>/edit/", views.status_edit, name="status_edit"),
    path("status/<slug:token>/renew/", views.status_renew, name="status_renew"),
    path("status/<slug:token>/withdraw/", views.status_withdraw, name="status_withdraw"),
    path("status/<slug:token>/released/", views.status_released, name="status_released"),
    path("status/<slug:token>/transfer/", views.status_transfer, name="status_transfer"),
    path("<slug:public_id>/", views.profile_detail, name="detail"),
]
