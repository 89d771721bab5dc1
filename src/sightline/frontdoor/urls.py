from django.urls import path

from sightline.frontdoor import views

urlpatterns = [
    path("front-door/", views.queue, name="frontdoor-queue"),
    path("front-door/new-contact/", views.search, name="frontdoor-search"),
    path(
        "front-door/new-contact/child/<str:la_child_id>/",
        views.contact_for_child,
        name="frontdoor-contact",
    ),
    path(
        "front-door/new-contact/new-child/",
        views.contact_for_new_child,
        name="frontdoor-new-child",
    ),
]
