from django.urls import include, path

urlpatterns = [
    path("areas/", include("areas.urls")),
]
