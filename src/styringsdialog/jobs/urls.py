from django.urls import path

from styringsdialog.jobs import views

app_name = "jobs"
urlpatterns = [
    path("baggrundsjob/", views.job_list, name="list"),
    path("baggrundsjob/<int:pk>/", views.job_detail, name="detail"),
    path("baggrundsjob/<int:pk>/status/", views.job_progress, name="progress"),
    path("baggrundsjob/<int:pk>/start-igen/", views.job_restart, name="restart"),
]
