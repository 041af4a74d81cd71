from django.urls import path

from letters import views

app_name = "letters"

urlpatterns = [
    path("", views.letter_list, name="list"),
    path("new/", views.new, name="new"),
    path("log/received/", views.log_received, name="log_received"),
    path("log/returned/", views.log_returned, name="log_returned"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/autosave", views.autosave, name="autosave"),
    path("<int:pk>/pdf", views.pdf, name="pdf"),
    path("<int:pk>/ready", views.mark_ready, name="ready"),
    path("<int:pk>/sent", views.mark_sent, name="sent"),
    path("<int:pk>/revisions/<int:revision_pk>/restore", views.restore, name="restore"),
    path("<int:pk>/revisions/<int:refused_pk>/merge", views.merge, name="merge"),
]
