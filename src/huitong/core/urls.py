from django.urls import path

from huitong.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("floor/", views.floor, name="floor"),
    path("healthz/", views.healthz, name="healthz"),
    path("language/", views.set_language, name="set_language"),
]
