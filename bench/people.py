"""Benchmark: matching new feedback to the people already recorded, at a million people: how often
it is right (precision and recall on a generated set with known duplicates) and how long it takes.

    .venv/bin/python -m bench.people [--people 1000000] [--trials 2000] [--seed 1]
        [--database-url URL]

Without --database-url it runs on SQLite (var/bench/people-<people>.sqlite3) and PostgreSQL
(heard_bench_people_<people> on 127.0.0.1). A database holding fewer people than asked is filled
first (not timed) with generated people: names from a pool that makes about a dozen people share
each full name, about ten people to a postcode, four in five with an email address, seven in ten
with a phone number, three in ten with a date of birth.

Then `--trials` new pieces of feedback arrive, one after another; half are from people already
recorded, written differently (one or two of: a typo in the name, a changed email address, the
name's words swapped, the phone number in another format, the postcode written without its space
or in lower case), and half from new people, a fifth of them a relative at the same address (same
surname, another first name, their own email and phone). Each goes through `person_for` (the
exact rules, then the queue of likely duplicates, with the person made) inside a transaction that
is rolled back, so every trial meets the same million people.

Counting: a claim is an automatic attachment to a person, or a pair queued for an officer (an
officer confirms a right pair, so a queued right pair counts as found). Precision is the share of
claims that are right; recall the share of the duplicates whose person was found (attached or
queued). Time is the wall time of each `person_for`, p50 and p95. Targets: precision and recall at
least 0.95, p95 under 50 ms.
"""

import argparse
import json
import os
import random
import statistics
import string
import time
from datetime import date, timedelta

from bench._shared import child, databases, make_room, write_results
from bench.workspace import setup_django

FIRST = [
    "Oliver",
    "George",
    "Harry",
    "Jack",
    "Jacob",
    "Noah",
    "Charlie",
    "Muhammad",
    "Thomas",
    "Oscar",
    "William",
    "James",
    "Leo",
    "Alfie",
    "Henry",
    "Joshua",
    "Freddie",
    "Archie",
    "Ethan",
    "Isaac",
    "Alexander",
    "Joseph",
    "Edward",
    "Samuel",
    "Max",
    "Daniel",
    "Arthur",
    "Lucas",
    "Mohammed",
    "Logan",
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Emily",
    "Isabella",
    "Mia",
    "Poppy",
    "Ella",
    "Lily",
    "Sophia",
    "Grace",
    "Evie",
    "Scarlett",
    "Ruby",
    "Chloe",
    "Sophie",
    "Daisy",
    "Freya",
    "Phoebe",
    "Florence",
    "Alice",
    "Jessica",
    "Sienna",
    "Matilda",
    "Evelyn",
    "Elsie",
    "Layla",
    "Rosie",
    "Millie",
    "Harriet",
    "Zara",
    "Imogen",
    "Esme",
    "Aisha",
    "Priya",
    "Fatima",
    "Maryam",
    "Anna",
    "Hannah",
    "Sarah",
    "Laura",
    "Rachel",
    "Emma",
    "Karen",
    "Michelle",
    "Claire",
    "Joanne",
    "Nicola",
    "Stephen",
    "Paul",
    "Mark",
    "David",
    "Andrew",
    "Richard",
    "Robert",
    "Kevin",
    "Gary",
    "Lee",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Begum",
    "Wilkinson",
    "Foster",
    "Chapman",
    "Powell",
    "Webb",
    "Rogers",
    "Gray",
    "Mason",
    "Ali",
    "Hunt",
    "Hussain",
    "Campbell",
    "Matthews",
    "Owen",
    "Palmer",
    "Holmes",
    "Mills",
    "Barnes",
    "Knight",
    "Lloyd",
    "Butler",
    "Russell",
    "Barker",
    "Fisher",
    "Stevens",
    "Jenkins",
    "Murray",
]
SYLLABLES = [
    "ash",
    "bar",
    "bel",
    "bur",
    "cal",
    "dal",
    "den",
    "fen",
    "gar",
    "hal",
    "har",
    "kel",
    "lan",
    "mar",
    "nor",
    "pen",
    "ram",
    "ros",
    "sel",
    "ston",
    "tal",
    "wen",
    "wick",
    "win",
]
ENDINGS = ["by", "ford", "ham", "ley", "ton", "well", "worth", "field", "more", "wood"]
STREETS = [
    "High Street",
    "Church Road",
    "Station Road",
    "Mill Lane",
    "Park Avenue",
    "Victoria Road",
    "Green Lane",
    "Manor Road",
]
TOWNS = [
    "Shrewsbury",
    "Telford",
    "Oswestry",
    "Ludlow",
    "Bridgnorth",
    "Whitchurch",
    "Market",
    "Drayton",
    "Newport",
]
DOMAINS = ["gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk", "btinternet.com", "icloud.com"]


def surnames() -> list[str]:
    made = [f"{a}{b}".capitalize() for a in SYLLABLES for b in ENDINGS]
    return SURNAMES + made  # about 1,100


class People:
    """A deterministic stream of made-up people and of the ways they write their details again."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.surnames = surnames()
        self.n = 0

    def postcode(self) -> str:
        r = self.random
        # About 100,000 postcodes: ten people to each at a million.
        outward = f"{r.choice(['SY', 'TF', 'LD', 'WV', 'ST', 'CW'])}{r.randint(1, 25)}"
        return (
            f"{outward} {r.randint(0, 9)}{r.choice(string.ascii_uppercase)}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        )

    def phone(self) -> str:
        return f"07{self.random.randint(400_000_000, 999_999_999)}"

    def person(self, *, surname: str | None = None, address: str | None = None) -> dict:
        r = self.random
        self.n += 1
        first = r.choice(FIRST)
        last = surname or r.choice(self.surnames)
        if address is None:
            address = f"{r.randint(1, 200)} {r.choice(STREETS)}\n{r.choice(TOWNS)}\n{self.postcode()}"
        return {
            "name": f"{first} {last}",
            "email": f"{first.lower()}.{last.lower()}{self.n}@{r.choice(DOMAINS)}"
            if r.random() < 0.8
            else "",
            "phone": self.phone() if r.random() < 0.7 else "",
            "address": address,
            "date_of_birth": date(1950, 1, 1) + timedelta(days=r.randint(0, 20_000))
            if r.random() < 0.3
            else None,
        }

    def typo(self, word: str) -> str:
        r = self.random
        i = r.randint(1, len(word) - 2) if len(word) > 3 else 1
        how = r.choice(["swap", "drop", "change", "double"])
        if how == "swap":
            return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
        if how == "drop":
            return word[:i] + word[i + 1 :]
        if how == "double":
            return word[:i] + word[i] + word[i:]
        return word[:i] + r.choice("aeiou") + word[i + 1 :]

    def again(self, p: dict) -> dict:
        """The same person writing again, with one or two of their details written differently."""
        r = self.random
        q = dict(p)
        changes = r.sample(["typo", "email", "swap", "phone", "postcode"], r.choice([1, 2]))
        first, last = p["name"].split(" ", 1)
        if "typo" in changes:
            if r.random() < 0.5:
                first = self.typo(first)
            else:
                last = self.typo(last)
        q["name"] = (
            f"{last}, {first}"
            if "swap" in changes and r.random() < 0.5
            else (f"{last} {first}" if "swap" in changes else f"{first} {last}")
        )
        if "email" in changes and p["email"]:
            q["email"] = f"{first[0].lower()}{last.lower()}{r.randint(1, 99)}@{r.choice(DOMAINS)}"
        elif p["email"] and r.random() < 0.5:
            q["email"] = p["email"].upper() if r.random() < 0.5 else f" {p['email'].capitalize()} "
        if "phone" in changes and p["phone"]:
            n = p["phone"][1:]
            q["phone"] = r.choice(
                [f"+44 {n[:4]} {n[4:]}", f"0{n[:4]}-{n[4:7]}-{n[7:]}", f"(0{n[:4]}) {n[4:]}"]
            )
        if "postcode" in changes:
            *lines, postcode = p["address"].split("\n")
            postcode = postcode.replace(" ", "") if r.random() < 0.5 else postcode.lower()
            q["address"] = "\n".join([*lines, postcode])
        return q

    def relative(self, p: dict) -> dict:
        return self.person(surname=p["name"].split(" ", 1)[1], address=p["address"])


def fill(people: int, seed: int) -> None:
    """Add generated people until there are `people` (not timed)."""
    from django.db import transaction

    from heard.cases.models import Customer

    have = Customer.objects.count()
    if have >= people:
        print(f"{have:,} people already in the database", flush=True)
        return
    print(f"adding {people - have:,} people (not timed) ...", flush=True)
    started = time.perf_counter()
    stream = People(seed)
    for _ in range(have):
        stream.person()
    batch = []
    for i in range(have, people):
        p = stream.person()
        c = Customer(customer_ref=f"B{i:08d}", **p)
        for field, value in c.match_keys().items():
            setattr(c, field, value)
        batch.append(c)
        if len(batch) == 5000:
            with transaction.atomic():
                Customer.objects.bulk_create(batch)
            batch = []
    if batch:
        Customer.objects.bulk_create(batch)
    print(f"  added in {time.perf_counter() - started:.0f} s", flush=True)


def run(people: int, trials: int, seed: int) -> dict:
    from django.db import transaction
    from django.db.models import Q

    from heard.cases.models import Customer
    from heard.people.models import PossibleDuplicate
    from heard.people.services import person_for

    r = random.Random(seed + 1)
    stream = People(seed + 2)
    stream.n = people + 1  # new people's email addresses are their own
    ids = list(
        Customer.objects.filter(customer_ref__startswith="B")
        .order_by("?")
        .values_list("pk", flat=True)[:trials]
    )
    right = claims = found = duplicates = 0
    times: list[float] = []
    attached = queued = 0
    for t in range(trials):
        known = Customer.objects.get(pk=ids[t])
        original = {f: getattr(known, f) for f in ("name", "email", "phone", "address", "date_of_birth")}
        if t % 2 == 0:
            details, truth = stream.again(original), known.pk
            duplicates += 1
        else:
            details = stream.relative(original) if r.random() < 0.2 else stream.person()
            truth = None
        with transaction.atomic():
            started = time.perf_counter()
            person = person_for(**details)
            times.append((time.perf_counter() - started) * 1000)
            pairs = [
                other
                for a, b in PossibleDuplicate.objects.filter(Q(person=person) | Q(other=person)).values_list(
                    "person_id", "other_id"
                )
                for other in (a, b)
                if other != person.pk
            ]
            was_new = not Customer.objects.filter(pk=person.pk, customer_ref__startswith="B").exists()
            transaction.set_rollback(True)
        hit = False
        if not was_new:
            attached += 1
            claims += 1
            if person.pk == truth:
                right += 1
                hit = True
        for other in pairs:
            queued += 1
            claims += 1
            if other == truth:
                right += 1
                hit = True
        if truth is not None and hit:
            found += 1
    times.sort()
    return {
        "people": people,
        "trials": trials,
        "duplicates": duplicates,
        "attached": attached,
        "queued": queued,
        "precision": round(right / claims, 4) if claims else 1.0,
        "recall": round(found / duplicates, 4) if duplicates else 1.0,
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[round(0.95 * (len(times) - 1))], 2),
        "max_ms": round(times[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--run", action="store_true", help="in this process (the child of a run)")
    args = parser.parse_args()
    if args.run:
        setup_django(args.database_url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        fill(args.people, args.seed)
        print(json.dumps(run(args.people, args.trials, args.seed)), flush=True)
        return
    results = []
    for url in databases("people", args.people, args.database_url):
        make_room(url)
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        print(f"{engine}: {args.people:,} people, {args.trials:,} new pieces of feedback", flush=True)
        extra = [
            "--people",
            str(args.people),
            "--trials",
            str(args.trials),
            "--seed",
            str(args.seed),
            "--run",
        ]
        result = child("bench.people", url, *extra) | {"database": engine, "load": os.getloadavg()[0]}
        print(f"  {result}", flush=True)
        results.append(result)
    write_results("people", args.people, results)
    print("| database | people | trials | precision | recall | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for x in results:
        print(
            f"| {x['database']} | {x['people']:,} | {x['trials']:,} | {x['precision']} | {x['recall']} "
            f"| {x['p50_ms']} | {x['p95_ms']} | {x['max_ms']} |"
        )


if __name__ == "__main__":
    main()
