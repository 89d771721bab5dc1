from django.contrib.auth import views as auth_views
from django.urls import path

from sightline.access import session
from sightline.web import recording, views

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("session/keep-alive/", session.keep_alive, name="keep-alive"),
    path("children/", views.find_child, name="find-child"),
    path("children/<str:la_child_id>/", views.child_record, name="child-record"),
    path("children/<str:la_child_id>/record/<slug:use_case>/", recording.record, name="record"),
    path("assets/<path:path>", views.govuk_asset, name="govuk-asset"),
]
