from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "行政执法综合管理监督平台"
admin.site.site_title = "行政执法监督平台"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/", include("zhifa.web.urls")),
    path("portal/", include("zhifa.portal.urls")),
]
