import datetime

import factory

from areas.models import Area
from reports.models import DataNote, DataVersion, Finding, Inspection, Partnership, Source, Theme
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


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    area = factory.SubFactory(AreaFactory)
    council = factory.LazyAttribute(lambda p: f"{p.area.name} Council")
    integrated_care_board = "NHS Testshire Integrated Care Board"
    source = factory.SubFactory(SourceFactory)


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
    identifier = factory.LazyAttribute(
        lambda f: Finding.identifier_for(f.source.slug, f.kind, f.order)
    )

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


class RevisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.Revisit"

    inspection = factory.SubFactory(
        InspectionFactory,
        framework=Framework.LOCAL_AREA_2016,
        outcome=Outcome.WSOA_REQUIRED,
        significant_weaknesses=3,
    )
    result = "all"
    progressed = 3
    not_progressed = 0
    source = factory.SubFactory(SourceFactory, kind="official_statistics")


class RegionsRowFactory(factory.DictFactory):
    """A row of the regions table (fixtures/sources/geography/local-authority-regions-2024.csv).

    LA codes from 100 and ONS codes E069... are no real authority's."""

    old_la_code = factory.Sequence(lambda n: f"{100 + n % 100}")
    new_la_code = factory.Sequence(lambda n: f"E069{n:05d}")
    la_name = factory.Sequence(lambda n: f"Regionshire {n}")
    region_code = "E12000008"
    region_name = "South East"


class StatisticsRowFactory(factory.DictFactory):
    """A row of Ofsted's 2016 to 2022 statistics (reports.importers.previous_framework), by
    field name; by default a written statement of action and a revisit."""

    link = "Ofsted LA Webpage"
    code = factory.Sequence(lambda n: f"E068{n:05d}")
    name = factory.Sequence(lambda n: f"Statshire {n}")
    region = "South East"
    start_date = datetime.date(2018, 3, 5)
    published = datetime.date(2018, 5, 16)
    wsoa = "Yes"
    weaknesses = 4
    revisit_start = datetime.date(2020, 2, 3)
    revisit_published = datetime.date(2020, 5, 11)
    revisit_result = "Some"
    progressed = 3
    not_progressed = 1


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


def new_data():
    """What a load that changes the data does: a new theme, then the data version, which is a
    hash of the content (an unchanged load keeps the old one)."""
    ThemeFactory()
    return DataVersion.record()
