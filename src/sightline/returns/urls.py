from django.urls import path

from sightline.returns import views

urlpatterns = [
    path("annex-a/", views.lists, name="annex-a"),
    path("annex-a/list-<int:number>/", views.one_list, name="annex-a-list"),
    path("annex-a/annex-a.xlsx", views.download, name="annex-a-download"),
]
