from datetime import date


def long_date(day: date | None) -> str:
    """A date as people write it in letters: 1 June 2025."""
    return f"{day.day} {day:%B %Y}" if day else ""
