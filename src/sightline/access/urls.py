from django.urls import path

from sightline.access import views, views_accounts, views_dpo

urlpatterns = [
    path("children/<str:la_child_id>/break-glass/", views.break_glass, name="break-glass"),
    path("children/<str:la_child_id>/seen-by/", views.seen_by, name="seen-by"),
    path("notices/", views.notices, name="notices"),
    # The administrator's pages (decision 0031).
    path("accounts/", views_accounts.accounts, name="accounts"),
    path("accounts/new/", views_accounts.new_account, name="account-new"),
    path("accounts/teams/", views_accounts.teams, name="teams"),
    path("accounts/teams/new/", views_accounts.new_team, name="team-new"),
    path("accounts/teams/<int:team_id>/rename/", views_accounts.rename_team, name="team-rename"),
    path("accounts/teams/<int:team_id>/move/", views_accounts.move_team, name="team-move"),
    path("accounts/teams/<int:team_id>/close/", views_accounts.close_team, name="team-close"),
    path("accounts/<int:user_id>/", views_accounts.account, name="account"),
    path("accounts/<int:user_id>/role/", views_accounts.change_role, name="account-role"),
    path(
        "accounts/<int:user_id>/deactivate/", views_accounts.deactivate, name="account-deactivate"
    ),
    path(
        "accounts/<int:user_id>/reactivate/", views_accounts.reactivate, name="account-reactivate"
    ),
    path(
        "accounts/<int:user_id>/reset-password/",
        views_accounts.reset_password,
        name="account-reset-password",
    ),
    path("password/", views_accounts.change_password, name="change-password"),
    # The data protection officer's pages (decision 0031).
    path("subject-access/", views_dpo.subject_access, name="subject-access"),
    path(
        "subject-access/<str:la_child_id>/",
        views_dpo.subject_access_child,
        name="subject-access-child",
    ),
    path(
        "subject-access/<str:la_child_id>/<slug:part>/",
        views_dpo.subject_access_download,
        name="subject-access-download",
    ),
    path("audit/", views_dpo.audit_trail, name="audit"),
    path("audit/children/<str:la_child_id>/", views_dpo.audit_child, name="audit-child"),
    path("audit/users/<str:username>/", views_dpo.audit_user, name="audit-user"),
    path("audit/verify/", views_dpo.audit_verify, name="audit-verify"),
    path(
        "audit/verifications/<int:job_id>/",
        views_dpo.audit_verification,
        name="audit-verification",
    ),
    path("retention/", views_dpo.retention, name="retention"),
    path("restricted-records/", views_dpo.restricted_records, name="restricted-records"),
]
