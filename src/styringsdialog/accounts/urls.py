from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from styringsdialog.accounts import views, views_audit
from styringsdialog.accounts.forms import NewPasswordForm, PasswordResetRequestForm

app_name = "accounts"
urlpatterns = [
    path("log-ind/", views.LoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("min-profil/", views.profile, name="profile"),
    path("min-profil/api-tokens/", views.api_tokens, name="api_tokens"),
    path(
        "min-profil/api-tokens/<int:token_id>/tilbagekald/",
        views.revoke_api_token,
        name="revoke_api_token",
    ),
    # Password reset by e-mail (Django's views; the e-mail is sent by a background job).
    path(
        "adgangskode/glemt/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetRequestForm,
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "adgangskode/glemt/sendt/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "adgangskode/ny/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=NewPasswordForm,
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "adgangskode/ny/faerdig/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
# h16b: the audit log (administrators only)
urlpatterns += [path("revisionslog/", views_audit.audit_log, name="audit_log")]
