from django.urls import path

from styringsdialog.anvisning import views

app_name = "anvisning"
urlpatterns = [
    path("kommune/<str:code>/anvisning/", views.kommune_page, name="kommune"),
    path(
        "kommune/<str:code>/anvisning/aftaler/ny/", views.agreement_create, name="agreement_create"
    ),
    path("kommune/<str:code>/anvisning/boliger/ny/", views.entry_create, name="entry_create"),
    path("kommune/<str:code>/anvisning/import/", views.import_page, name="import"),
    path("kommune/<str:code>/anvisning/ledige/", views.vacancies_set, name="vacancies"),
    path("organisation/<str:number>/anvisning/", views.organisation_page, name="organisation"),
    path("anvisning/aftaler/<int:pk>/", views.agreement_page, name="agreement"),
    path(
        "anvisning/aftaler/<int:pk>/afdelinger/<int:covered>/revurdering/",
        views.review_add,
        name="review_add",
    ),
    path(
        "anvisning/aftaler/<int:pk>/kommentarer/", views.agreement_comment, name="agreement_comment"
    ),
    path("anvisning/boliger/<int:pk>/", views.entry_page, name="entry"),
    path("anvisning/boliger/<int:pk>/kommentarer/", views.entry_comment, name="entry_comment"),
    path(
        "anvisning/aftaler/<int:pk>/kommentarer/<int:comment>/ret/",
        views.agreement_comment_edit,
        name="agreement_comment_edit",
    ),
    path(
        "anvisning/boliger/<int:pk>/kommentarer/<int:comment>/ret/",
        views.entry_comment_edit,
        name="entry_comment_edit",
    ),
]
