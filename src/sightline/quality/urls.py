from django.urls import path

from sightline.quality import views

urlpatterns = [
    path("quality/oversight/", views.oversight, name="quality-oversight"),
    path("quality/supervision/", views.supervision, name="quality-supervision"),
    path(
        "quality/supervision/<int:worker_id>/record/",
        views.record_supervision,
        name="quality-record-supervision",
    ),
    path("quality/audits/", views.audits, name="quality-audits"),
    path("quality/audits/findings/", views.findings, name="quality-findings"),
    path("quality/audits/<int:pk>/", views.audit_page, name="quality-audit"),
    path("quality/audits/<int:pk>/moderate/", views.moderate, name="quality-audit-moderate"),
    path("quality/audits/<int:pk>/respond/", views.respond, name="quality-audit-respond"),
    path("quality/feedback/", views.feedback, name="quality-feedback"),
    path("quality/improvement-plan/", views.plan, name="quality-plan"),
    path("quality/board-pack/", views.board_pack, name="quality-board-pack"),
    path("quality/board-pack.pdf", views.board_pack_pdf, name="quality-board-pack-pdf"),
]
