from django.urls import path

from . import views

app_name = "accounts"

# Mounted under /accounts/ next to django-allauth's own pages (login/, signup/, logout/, ...).
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("saved/", views.saved_list, name="saved"),
    path("saved/<slug:public_id>/", views.toggle_saved, name="toggle_saved"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
]
