from django.urls import path

from sightline.access import views, views_accounts

urlpatterns = [
    path("children/<str:la_child_id>/break-glass/", views.break_glass, name="break-glass"),
    path("children/<str:la_child_id>/seen-by/", views.seen_by, name="seen-by"),
    path("notices/", views.notices, name="notices"),
    # The administrator's pages (decision 0031).
    path("accounts/", views_accounts.accounts, name="accounts"),
    path("accounts/new/", views_accounts.new_account, name="account-new"),
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
]
