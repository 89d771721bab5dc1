from django.urls import path

from sightline.insight import views

urlpatterns = [
    path("figures/", views.dashboard, name="insight-dashboard"),
    path("figures/store/", views.store_again, name="insight-store"),
    path("figures/jobs/<int:job_id>/", views.job_page, name="insight-job"),
    path("figures/<str:code>/", views.kpi_page, name="insight-kpi"),
    path("figures/<str:code>/children/", views.children, name="insight-children"),
]
