from django.urls import path

from sightline.access import views

urlpatterns = [
    path("children/<str:la_child_id>/break-glass/", views.break_glass, name="break-glass"),
    path("children/<str:la_child_id>/seen-by/", views.seen_by, name="seen-by"),
    path("notices/", views.notices, name="notices"),
]
