from django.urls import include, path

urlpatterns = [
    path("", include("sightline.access.urls")),
    path("", include("sightline.web.urls")),
    path("", include("sightline.timescales.urls")),
    path("", include("sightline.validation.urls")),
    path("", include("sightline.frontdoor.urls")),
    path("", include("sightline.insight.urls")),
    path("", include("sightline.returns.urls")),
    path("", include("sightline.inspection.urls")),
    path("", include("sightline.quality.urls")),
]
