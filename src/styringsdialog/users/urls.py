from django.urls import path

from styringsdialog.users import views

app_name = "users"
urlpatterns = [
    path("kommune/<str:code>/brugere/", views.kommune_users, name="kommune_users"),
    path("kommune/<str:code>/brugere/tildel/", views.grant, name="grant"),
    path("kommune/<str:code>/brugere/<int:membership_id>/fjern/", views.revoke, name="revoke"),
]

# w1a: the SSO claim rules (administrators; analysts read-only)
urlpatterns += [
    path("sso-regler/", views.claim_rules, name="claim_rules"),
    path("sso-regler/ny/", views.claim_rule_create, name="claim_rule_create"),
    path("sso-regler/<int:rule_id>/", views.claim_rule_edit, name="claim_rule_edit"),
    path("sso-regler/<int:rule_id>/slet/", views.claim_rule_delete, name="claim_rule_delete"),
]
