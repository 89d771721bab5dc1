from django.urls import path

from sightline.validation import views

urlpatterns = [
    path("validation/", views.failures, name="validation"),
    path("validation/check-again/", views.check_again, name="validation-check-again"),
    path("validation/checks/<int:job_id>/", views.check_progress, name="validation-job"),
]
