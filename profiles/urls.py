from django.urls import path

from profiles import views

app_name = "profiles"

urlpatterns = [
    path("", views.profile_list, name="list"),
    path("submit/", views.submit, name="submit"),
    path("status/<str:token>/", views.status, name="status"),
    path("status/<str:token>/edit/", views.status_edit, name="status_edit"),
    path("status/<str:token>/renew/", views.status_renew, name="status_renew"),
    path("status/<str:token>/withdraw/", views.status_withdraw, name="status_withdraw"),
    path("status/<str:token>/released/", views.status_released, name="status_released"),
    path("status/<str:token>/transfer/", views.status_transfer, name="status_transfer"),
    path("<str:public_id>/", views.profile_detail, name="detail"),
]
