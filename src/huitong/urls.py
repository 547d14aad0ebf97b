from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from huitong.core.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("huitong.core.urls")),
    path("accounts/", include("huitong.accounts.urls")),
    path("", include("huitong.alliance.urls")),
    path("terms/", include("huitong.terminology.urls")),
    path("verify/", include("huitong.certificates.urls")),
    path("courses/", include("huitong.courses.urls")),
    path("training/", include("huitong.training.urls")),
    path("api/", api.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
