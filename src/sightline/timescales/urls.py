from django.urls import path

from sightline.timescales import views

urlpatterns = [
    path("my-work/", views.my_work, name="my-work"),
    path("team-work/", views.team_work, name="team-work"),
    path(
        "team-work/workers/<int:worker_id>/reallocate/",
        views.team_reallocate,
        name="team-reallocate",
    ),
]
