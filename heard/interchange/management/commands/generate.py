"""`heard generate --cases N --seed S --out PATH`: a realistic synthetic interchange data set."""

from django.core.management.base import BaseCommand, CommandError

from heard.interchange.generator import generate


class Command(BaseCommand):
    help = (
        "Write a synthetic data set in the interchange format: several reporting years with seasonal "
        "volumes and the proportions of a Children's Services annual report. The same seed gives the "
        "same files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="how many cases in all")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--out", required=True, help="the folder to write the files into")
        parser.add_argument(
            "--years", type=int, default=3, help="how many reporting years the cases span (default 3)"
        )
        parser.add_argument(
            "--first-year",
            type=int,
            default=None,
            help="the first reporting year, e.g. 2021 for 2021/22 (default: so that the last one is "
            "the last complete reporting year)",
        )

    def handle(self, *args, cases: int, seed: int, out: str, years: int, first_year: int | None, **options):
        if cases < 0 or years < 1:
            raise CommandError("--cases must not be negative and --years must be at least 1.")
        counts = generate(cases=cases, seed=seed, out=out, first_year=first_year, years=years)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {counts.cases} cases, {counts.investigations} investigations, "
                f"{counts.referrals} Ombudsman referrals and {counts.learning} learning rows to {out}."
            )
        )
