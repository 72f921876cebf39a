"""What areas tells the apps that depend on it; it imports none of them."""

from django.dispatch import Signal

# Sent by load_geography after it writes, inside its transaction: reports records the data
# version on it (areas may not import reports).
data_changed = Signal()
