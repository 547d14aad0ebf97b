from django.urls import path

from huitong.certificates import views

app_name = "certificates"

urlpatterns = [
    path("", views.verify_lookup, name="lookup"),
    path("<str:uid>/", views.verify, name="verify"),
    path("<str:uid>/pdf/", views.download, name="download"),
    path("<str:uid>/revoke/", views.revoke, name="revoke"),
]
