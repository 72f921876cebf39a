import datetime

import factory

from areas.models import Area
from reports.models import DataNote, Finding, Inspection, Source, Theme
from reports.vocabulary import FindingKind, Framework, Outcome


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"test-source-{n}")
    title = factory.Sequence(lambda n: f"Test source {n}")
    kind = "ofsted_report"
    file = factory.Sequence(lambda n: f"test/source-{n}.txt")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Testshire {n}")
    slug = factory.Sequence(lambda n: f"testshire-{n}")


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    area = factory.SubFactory(AreaFactory)
    framework = Framework.AREA_SEND_2023
    outcome = Outcome.INCONSISTENT


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    slug = factory.Sequence(lambda n: f"test-theme-{n}")
    name = factory.Sequence(lambda n: f"Test theme {n}")
    description = "A theme made for a test."


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding
        skip_postgeneration_save = True

    inspection = factory.SubFactory(InspectionFactory)
    kind = FindingKind.STRENGTH
    label = "strength"
    text = factory.Sequence(lambda n: f"Finding number {n}.")
    source = factory.SubFactory(SourceFactory)
    location = "bullet 1"
    order = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
            if self.primary_theme_id is None:
                self.primary_theme = extracted[0]
                self.save(update_fields=["primary_theme"])


class DataNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataNote

    inspection = factory.SubFactory(InspectionFactory)
    field = factory.Sequence(lambda n: f"field-{n}")
    note = "A note about the data."
    source = factory.SubFactory(SourceFactory, kind="data_table")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "areas.District"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E07{n:06d}")
    name = factory.Sequence(lambda n: f"Testdistrict {n}")
    area = factory.SubFactory(AreaFactory)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.Response"

    inspection = factory.SubFactory(InspectionFactory)
    speaker_kind = "council"
    speaker = "A council leader"
    text = factory.Sequence(lambda n: f"Response number {n}.")
    source = factory.SubFactory(SourceFactory, kind="press_release")
    order = factory.Sequence(lambda n: n + 1)


class NationalTableFactory(SourceFactory):
    """The national outcomes table: the newest table's date is the data's date on every page."""

    class Meta:
        django_get_or_create = ("slug",)

    slug = "national-outcomes-2026-06-29"
    title = "Area SEND inspection outcomes, national table"
    kind = "data_table"
    file = "national-outcomes-2026-06-29.csv"
    published = datetime.date(2026, 6, 29)
