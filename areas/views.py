from django.views.generic import DetailView

from .models import Area


class AreaDetailView(DetailView):
    model = Area
