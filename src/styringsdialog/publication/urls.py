from django.urls import path

from styringsdialog.publication import views

app_name = "publication"
urlpatterns = [path("", views.portal, name="portal")]
