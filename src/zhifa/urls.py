from django.contrib import admin
from django.contrib.staticfiles.views import serve as serve_static
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from zhifa.exchange.api import api as exchange_api

admin.site.site_header = "行政执法综合管理监督平台"
admin.site.site_title = "行政执法监督平台"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("", RedirectView.as_view(url="/portal/", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/v1/", exchange_api.urls),
    path("staff/", include("zhifa.web.urls")),
    path("portal/", include("zhifa.portal.urls")),
    # The product's own CSS and vendored htmx/ECharts, served from the app folders so that
    # `zhifa runserver` and a bare WSGI server work without collectstatic; a front proxy serving
    # STATIC_ROOT (after `zhifa collectstatic`) answers /static/ before Django sees it.
    re_path(r"^static/(?P<path>.+)$", serve_static, {"insecure": True}),
]
