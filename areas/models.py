from django.db import models
from django.db.models import Q


class Region(models.TextChoices):
    """The nine English regions, keyed by the codes the national table uses."""

    NORTH_EAST = "NE", "North East"
    NORTH_WEST = "NW", "North West"
    YORKSHIRE_AND_THE_HUMBER = "YH", "Yorkshire and the Humber"
    EAST_MIDLANDS = "EM", "East Midlands"
    WEST_MIDLANDS = "WM", "West Midlands"
    EAST_OF_ENGLAND = "E", "East of England"
    LONDON = "GL", "London"
    SOUTH_EAST = "SE", "South East"
    SOUTH_WEST = "SW", "South West"


class Area(models.Model):
    """A local area: the area of an upper-tier council, whose SEND partnership is inspected.

    Who the partnership's members are is cited to a source, so reports.Partnership holds it.
    """

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    urn = models.CharField("Ofsted URN", max_length=10, blank=True)
    la_code = models.CharField("local authority code", max_length=3, blank=True)
    ons_code = models.CharField("ONS code", max_length=9, blank=True)
    region = models.CharField(max_length=2, choices=Region, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["la_code"], condition=~Q(la_code=""), name="area_unique_la_code"
            ),
            models.UniqueConstraint(fields=["urn"], condition=~Q(urn=""), name="area_unique_urn"),
            models.CheckConstraint(
                condition=Q(region__in=[*Region.values, ""]), name="area_region_valid"
            ),
            models.CheckConstraint(
                condition=Q(la_code="") | Q(la_code__regex=r"^[0-9]{3}$"),
                name="area_la_code_three_digits",
            ),
            models.CheckConstraint(
                condition=Q(ons_code="") | Q(ons_code__regex=r"^E[0-9]{8}$"),
                name="area_ons_code_format",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="area_name_not_empty"),
        ]

    def __str__(self):
        return self.name


class District(models.Model):
    """A lower-tier local authority (district), so its name and postcodes find its county."""

    code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField(max_length=100)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="districts")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^E0[6-9][0-9]{6}$"), name="district_code_format"
            ),
        ]

    def __str__(self):
        return self.name
