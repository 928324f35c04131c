from heard.cases.tests.conftest import (  # noqa: F401  (the staff fixtures: a manager, cases in and out of reach)
    administrator,
    administrator_client,
    manager,
    manager_team,
    managers_case,
    other_case,
)
