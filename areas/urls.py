from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("", views.AreaIndexView.as_view(), name="index"),
    path("areas/<slug:slug>/", views.AreaDetailView.as_view(), name="detail"),
]
