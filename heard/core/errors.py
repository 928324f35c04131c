"""Errors the services raise when an action would break a rule of the procedure."""


class RuleBroken(Exception):
    """An action was refused: the message says which rule it breaks, in words a user can act on."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message
