from django.urls import path

from styringsdialog.users import views

app_name = "users"
urlpatterns = [
    path("kommune/<str:code>/brugere/", views.kommune_users, name="kommune_users"),
    path("kommune/<str:code>/brugere/tildel/", views.grant, name="grant"),
    path("kommune/<str:code>/brugere/<int:membership_id>/fjern/", views.revoke, name="revoke"),
]
