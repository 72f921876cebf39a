# Long because the app's tables and the constraints between them read best side by side.
import hashlib

from django.apps import apps
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from .vocabulary import (
    KINDS,
    NOT_STATED,
    OUTCOMES,
    OUTCOMES_2016,
    OUTCOMES_2023,
    SOURCE_KIND_SHORT,
    ComparedWith,
    FindingKind,
    Framework,
    Outcome,
    RevisitResult,
    SourceKind,
    Speaker,
    ThemesFrom,
)
from .wording import date_range, long_date


class Theme(models.Model):
    """A controlled word that makes findings comparable across areas."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Source(models.Model):
    """A document a fact was curated from, kept in fixtures/sources/."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=SourceKind)
    publisher = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    date_as_stated = models.CharField(
        max_length=100, blank=True, help_text="The date in the document's own words."
    )
    url = models.URLField(max_length=300, blank=True)
    file = models.CharField(
        max_length=200, help_text="Path of the curated copy, relative to fixtures/sources/."
    )
    licence = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.UniqueConstraint(fields=["file"], name="source_unique_file"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:source", args=[self.slug])

    @property
    def short_kind(self) -> str:
        return SOURCE_KIND_SHORT[self.kind]

    @property
    def is_second_hand(self) -> bool:
        """Press releases and news quote or report the inspection; they are not the report."""
        return self.kind in (SourceKind.PRESS_RELEASE, SourceKind.NEWS_REPORT)

    @property
    def is_pdf(self) -> bool:
        return self.file.lower().endswith(".pdf")

    @property
    def cited_date(self) -> str:
        """The date as a citation gives it: '5 June 2024', '“June”, year not stated', or
        'date not stated'."""
        if self.published:
            return long_date(self.published)
        if self.date_as_stated:
            return f"“{self.date_as_stated}”, year {NOT_STATED}"
        return f"date {NOT_STATED}"

    @property
    def stated_date(self) -> str:
        """The date as the source's own page gives it, or "" where it states none (the page
        then says "not stated" the way every page does)."""
        if self.published:
            return long_date(self.published)
        if self.date_as_stated:
            return f"“{self.date_as_stated}” (the year is {NOT_STATED})"
        return ""


class Partnership(models.Model):
    """Who an area's local area partnership is (its council and NHS integrated care board), as
    the source names them."""

    area = models.OneToOneField("areas.Area", on_delete=models.CASCADE, related_name="partnership")
    council = models.CharField(max_length=200, blank=True)
    integrated_care_board = models.CharField(max_length=200, blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="partnerships",
        help_text="The document that names the partnership's members.",
    )

    class Meta:
        ordering = ["area_id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(council="") | ~Q(integrated_care_board=""),
                name="partnership_names_a_member",
            ),
        ]

    def __str__(self):
        return f"{self.area}: {self.council or self.integrated_care_board}"


class InspectionQuerySet(models.QuerySet):
    def for_area(self, area):
        return self.filter(area=area)

    def latest_first(self):
        return self.order_by(
            F("published").desc(nulls_last=True), F("start_date").desc(nulls_last=True)
        )

    def for_area_page(self):
        return (
            self.latest_first()
            .select_related("area", "revisit__source")
            .prefetch_related(
                "sources",
                models.Prefetch(
                    "findings",
                    queryset=Finding.objects.select_related(
                        "source", "primary_theme"
                    ).prefetch_related("themes"),
                ),
                models.Prefetch("responses", queryset=Response.objects.select_related("source")),
                "data_notes__source",
            )
        )


class Inspection(models.Model):
    """One inspection of one area. Anything the sources leave unsaid stays empty."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="inspections")
    framework = models.CharField(max_length=4, choices=Framework)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    dates_as_stated = models.CharField(
        max_length=100,
        blank=True,
        help_text="The inspection dates in a source's words, where no exact dates are given.",
    )
    published = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome, default=Outcome.UNKNOWN)
    outcome_text = models.TextField("official outcome wording", blank=True)
    previous_as_stated = models.CharField(
        max_length=200,
        blank=True,
        help_text='The previous inspection as the report prints it, e.g. "3 to 7 July 2017".',
    )
    # Areas with widespread or systemic failings get a monitoring inspection (about 18 months)
    # before their next full inspection (about 3 years); other outcomes only the full one.
    next_monitoring = models.CharField(
        max_length=200, blank=True, help_text="When the monitoring inspection is due, as stated."
    )
    next_monitoring_due = models.DateField(null=True, blank=True)
    next_full = models.CharField(
        max_length=200, blank=True, help_text="When the next full inspection is due, as stated."
    )
    next_full_due = models.DateField(null=True, blank=True)
    report_url = models.URLField(max_length=300, blank=True)
    # Under the 2016 framework the outcome says whether a written statement of action was
    # required; this is how many significant weaknesses it had to address.
    significant_weaknesses = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How many its written statement of action addresses (2016 framework).",
    )
    inspected_as = models.CharField(
        max_length=100,
        blank=True,
        help_text='The authority inspected, where this area has since replaced it ("Cumbria").',
    )
    sources = models.ManyToManyField(Source, related_name="inspections", blank=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        # Ordering by area_id, not area: ordering through a foreign key joins on every query.
        ordering = ["area_id", "-published"]
        constraints = [
            models.CheckConstraint(
                condition=Q(framework__in=Framework.values), name="inspection_framework_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="inspection_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome=Outcome.UNKNOWN)
                | Q(framework=Framework.AREA_SEND_2023, outcome__in=OUTCOMES_2023)
                | Q(framework=Framework.LOCAL_AREA_2016, outcome__in=OUTCOMES_2016),
                name="inspection_outcome_matches_framework",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="inspection_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(published__isnull=True)
                | Q(end_date__isnull=True)
                | Q(published__gte=F("end_date")),
                name="inspection_published_after_end",
            ),
            # Only a written statement of action has significant weaknesses to count.
            models.CheckConstraint(
                condition=Q(significant_weaknesses__isnull=True)
                | Q(outcome=Outcome.WSOA_REQUIRED, significant_weaknesses__gte=1),
                name="inspection_weaknesses_need_wsoa",
            ),
            models.UniqueConstraint(
                fields=["area", "start_date"],
                condition=Q(start_date__isnull=False),
                name="inspection_unique_area_start",
            ),
            models.UniqueConstraint(
                fields=["area", "published"],
                condition=Q(published__isnull=False),
                name="inspection_unique_area_published",
            ),
        ]

    def __str__(self):
        when = self.published or self.start_date or self.dates_as_stated or "date not stated"
        return f"{self.area} – {self.get_framework_display()} ({when})"

    def get_absolute_url(self):
        return reverse("reports:area", args=[self.area.slug]) + f"#inspection-{self.pk}"

    @property
    def dates_display(self) -> str:
        """'6 to 10 February 2023', or the dates in a source's words, or '' if unknown."""
        return date_range(self.start_date, self.end_date) or self.dates_as_stated

    @property
    def dates_text(self) -> str:
        """The dates for the inspection's own facts: a source's words for them are marked as not
        giving the exact days."""
        if self.start_date or self.end_date or not self.dates_as_stated:
            return self.dates_display
        return f"{self.dates_as_stated} (exact days {NOT_STATED})"

    @property
    def outcome_info(self):
        return OUTCOMES[self.outcome]

    @property
    def is_2023_framework(self) -> bool:
        return self.framework == Framework.AREA_SEND_2023

    @property
    def is_systemic(self) -> bool:
        """Widespread or systemic failings: the one outcome that brings priority actions and a
        monitoring inspection before the next full one."""
        return self.outcome == Outcome.SYSTEMIC

    @property
    def wsoa_required(self) -> bool | None:
        """Whether a 2016-framework inspection required a written statement of action."""
        return {Outcome.WSOA_REQUIRED: True, Outcome.NO_WSOA: False}.get(self.outcome)


class Revisit(models.Model):
    """Inspectors' return to a 2016-framework area that had to write a statement of action.

    That the two counts add up to the inspection's significant weaknesses spans two tables, so
    the importer checks it rather than the database.
    """

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="revisit")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    published = models.DateField(null=True, blank=True)
    dates_as_stated = models.CharField(
        max_length=100,
        blank=True,
        help_text="The dates in a source's words, where no exact dates are given.",
    )
    result = models.CharField(max_length=10, choices=RevisitResult)
    progressed = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Significant weaknesses with sufficient progress."
    )
    not_progressed = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Significant weaknesses without sufficient progress."
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="revisits")

    class Meta:
        ordering = ["inspection_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=RevisitResult.values), name="revisit_result_valid"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="revisit_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(published__isnull=True)
                | (Q(start_date__isnull=True) | Q(published__gte=F("start_date")))
                & (Q(end_date__isnull=True) | Q(published__gte=F("end_date"))),
                name="revisit_published_after_visit",
            ),
            models.CheckConstraint(
                condition=Q(progressed__isnull=True, not_progressed__isnull=True)
                | Q(result=RevisitResult.ALL, progressed__gte=1, not_progressed=0)
                | Q(result=RevisitResult.SOME, progressed__gte=1, not_progressed__gte=1)
                | Q(result=RevisitResult.NONE, progressed=0, not_progressed__gte=1),
                name="revisit_counts_match_result",
            ),
        ]

    def __str__(self):
        return f"Revisit: {self.inspection}"


class Finding(models.Model):
    """A strength, weakness, area for improvement or priority action, verbatim from its source."""

    # The finding's permanent address, from its source and place in it (identifier_for): the
    # primary key changes whenever the data is rebuilt, this does not.
    identifier = models.SlugField(max_length=150, db_index=False)  # the constraint indexes it
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=FindingKind)
    label = models.CharField(
        max_length=100,
        help_text='The source\'s own word, e.g. "recommendation", "priority action".',
    )
    text = models.TextField(help_text="Verbatim from the source.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="findings")
    location = models.CharField(max_length=200, help_text="Section or list number in the source.")
    page = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Page of the source PDF the finding starts on."
    )
    responsible_body = models.CharField(
        max_length=200, blank=True, help_text="For a priority action: the body the report names."
    )
    order = models.PositiveSmallIntegerField()
    # The theme a finding is listed under on the area page; `themes` holds all it is about.
    primary_theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    themes = models.ManyToManyField(Theme, related_name="findings")
    themes_from = models.CharField(
        max_length=10,
        choices=ThemesFrom,
        default=ThemesFrom.RULES,
        help_text="Whether the themes were reviewed or come from the keyword rules.",
    )

    class Meta:
        ordering = ["inspection_id", "kind", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FindingKind.values), name="finding_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(themes_from__in=ThemesFrom.values), name="finding_themes_from_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="finding_text_not_empty"),
            models.UniqueConstraint(
                fields=["inspection", "kind", "order"], name="finding_unique_inspection_kind_order"
            ),
            models.UniqueConstraint(fields=["identifier"], name="finding_unique_identifier"),
            models.CheckConstraint(condition=~Q(identifier=""), name="finding_identifier_set"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("reports:finding", args=[self.identifier])

    @staticmethod
    def identifier_for(source_slug: str, kind: str, order: int) -> str:
        """'ofsted-report-bedford-2025-02-04-priority-action-2': what every loader stores."""
        return f"{source_slug}-{kind.replace('_', '-')}-{order}"

    @property
    def kind_info(self):
        """The kind's words and colours (its label, GOV.UK tag, glossary entry)."""
        return KINDS[self.kind]

    @property
    def is_priority_action(self) -> bool:
        return self.kind == FindingKind.PRIORITY_ACTION

    @property
    def themes_reviewed(self) -> bool:
        return self.themes_from == ThemesFrom.REVIEWED


class Response(models.Model):
    """What others said after an inspection: responses and context, never findings."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="responses")
    speaker_kind = models.CharField(max_length=20, choices=Speaker)
    speaker = models.CharField(
        max_length=300, blank=True, help_text="Name and role, as the source gives them."
    )
    text = models.TextField(help_text="Verbatim from the source.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="responses")
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["inspection_id", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(speaker_kind__in=Speaker.values), name="response_speaker_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="response_text_not_empty"),
            models.UniqueConstraint(
                fields=["inspection", "order"], name="response_unique_inspection_order"
            ),
        ]

    def __str__(self):
        return f"{self.speaker or self.get_speaker_kind_display()}: {self.text[:60]}"


class DataNote(models.Model):
    """A known gap or quirk in the data, shown beside the fact it affects."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="data_notes")
    field = models.CharField(max_length=50)
    note = models.TextField()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="data_notes")

    class Meta:
        ordering = ["inspection_id", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "field"], name="datanote_unique_inspection_field"
            ),
        ]

    def __str__(self):
        return f"{self.inspection}: {self.field}"


class DataVersion(models.Model):
    """One row per data load that changed something: the newest drives ETags, Last-Modified and
    the page cache.

    `version` is a fingerprint of the data's content (content_fingerprint), so a load that
    changes nothing keeps the version, and every ETag with it. Data that goes back to what it
    was gets its old version again, hence not unique.
    """

    version = models.CharField(max_length=64, db_index=True)
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["-loaded_at", "-id"]
        get_latest_by = "loaded_at"

    def __str__(self):
        return f"{self.version} ({self.loaded_at:%Y-%m-%d %H:%M})"

    @classmethod
    def record(cls) -> "DataVersion":
        """Call after anything that may have changed the data: the current version, new only
        if the content differs from the latest's (`.created` says which)."""
        fingerprint = content_fingerprint()
        latest = cls.objects.first()
        if latest is not None and latest.version == fingerprint:
            latest.created = False
            return latest
        version = cls.objects.create(version=fingerprint, loaded_at=timezone.now())
        version.created = True
        return version


# What a version does not fingerprint: the versions and releases themselves.
NOT_CONTENT = {"dataversion", "datarelease"}


def content_fingerprint() -> str:
    """A hash of every row the site shows: each table of areas and reports (and their
    many-to-many links), read once, in primary-key order."""
    digest = hashlib.sha256()
    for label in ("areas", "reports"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.model_name in NOT_CONTENT:
                continue
            names = [f.attname for f in model._meta.concrete_fields]
            digest.update(model._meta.db_table.encode())
            rows = model._default_manager.order_by("pk").values_list(*names)
            for row in rows.iterator(chunk_size=2000):
                digest.update(repr(row).encode())
    return digest.hexdigest()


class DataRelease(models.Model):
    """What a load changed: inspections, findings and sources added, changed and removed.

    `changes` holds, under "inspections", "findings" and "sources", lists "added", "changed" and
    "removed" (left out when empty): inspections as {"area": slug, "date": ISO date or words},
    findings grouped by inspection with a "count", sources as slugs. A load that leaves them as
    the previous release left them makes no release (reports/releases.py).
    """

    version = models.OneToOneField(DataVersion, on_delete=models.CASCADE, related_name="release")
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next"
    )
    compared_with = models.CharField(max_length=20, choices=ComparedWith)
    data_as_of = models.DateField(null=True, blank=True)
    changes = models.JSONField(default=dict)
    fingerprint = models.CharField(max_length=64, help_text="Of the data the load left.")

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(compared_with__in=ComparedWith.values),
                name="datarelease_compared_with_valid",
            ),
            models.CheckConstraint(
                condition=Q(compared_with=ComparedWith.NOTHING, previous__isnull=True)
                | Q(previous__isnull=False) & ~Q(compared_with=ComparedWith.NOTHING),
                name="datarelease_only_the_first_has_no_previous",
            ),
        ]

    def __str__(self):
        return f"Data release of {self.version.loaded_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("reports:releases") + f"#release-{self.pk}"

    @property
    def is_first(self) -> bool:
        return self.compared_with == ComparedWith.NOTHING

    @property
    def changed_in_between(self) -> bool:
        return self.compared_with == ComparedWith.CHANGED_SINCE
