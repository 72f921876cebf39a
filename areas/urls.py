from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("<slug:slug>/", views.AreaDetailView.as_view(), name="detail"),
]
