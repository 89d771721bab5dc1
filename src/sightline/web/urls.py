from django.contrib.auth import views as auth_views
from django.urls import path

from sightline.access import session
from sightline.web import leaving_care, recording, views

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("session/keep-alive/", session.keep_alive, name="keep-alive"),
    path("children/", views.find_child, name="find-child"),
    # The child's record, one address per tab (web.workspace.TABS; "seen-by" is access's).
    path("children/<str:la_child_id>/", views.child_record, name="child-record"),
    path("children/<str:la_child_id>/due/", views.child_due, name="child-due"),
    path("children/<str:la_child_id>/chronology/", views.child_chronology, name="child-chronology"),
    path("children/<str:la_child_id>/case-notes/", views.child_case_notes, name="child-case-notes"),
    path("children/<str:la_child_id>/visits/", views.child_visits, name="child-visits"),
    path("children/<str:la_child_id>/plans/", views.child_plans, name="child-plans"),
    path("children/<str:la_child_id>/care/", views.child_care, name="child-care"),
    path("children/<str:la_child_id>/people/", views.child_people, name="child-people"),
    path(
        "children/<str:la_child_id>/leaving-care/",
        leaving_care.child_leaving_care,
        name="child-leaving-care",
    ),
    path("young-people/", leaving_care.my_young_people, name="my-young-people"),
    path(
        "children/<str:la_child_id>/data-checks/",
        views.child_data_checks,
        name="child-data-checks",
    ),
    path("children/<str:la_child_id>/record/<slug:use_case>/", recording.record, name="record"),
    path("assets/<path:path>", views.govuk_asset, name="govuk-asset"),
]
