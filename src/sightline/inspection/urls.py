from django.urls import path

from sightline.inspection import views

urlpatterns = [
    path("inspection-pack/", views.pack_page, name="inspection-pack"),
    path("inspection-pack/pack.pdf", views.pack_pdf, name="inspection-pack-pdf"),
    path("inspection-pack/figures.xlsx", views.pack_figures, name="inspection-pack-figures"),
]
