"""The rule sets Heard ships with. Councils edit them in the admin; a new version is a new row."""

import datetime

from django.db import migrations

RULE_SETS = [
    {
        "procedure": "statutory",
        "name": "Statutory children's procedure (Children Act 1989 Representations Procedure "
        "(England) Regulations 2006)",
        "effective_from": datetime.date(2006, 9, 1),
        "acknowledgement_days": 3,
        "description": "Stage 1 local resolution, stage 2 independent investigation, stage 3 review "
        "panel, then the Local Government and Social Care Ombudsman.",
        "stages": [
            {"stage": 1, "clock_starts": "opened", "response_days": 10, "extension_limit_days": 20,
             "request_window_days": 20},
            {"stage": 2, "clock_starts": "opened", "response_days": 25, "extension_limit_days": 65,
             "request_window_days": 20},
            {"stage": 3, "clock_starts": "opened", "response_days": 30, "extension_limit_days": 30,
             "panel_report_days": 5, "council_response_days": 15},
        ],
    },
    {
        "procedure": "corporate",
        "name": "Corporate procedure (council policy)",
        "effective_from": datetime.date(2000, 1, 1),
        "acknowledgement_days": 3,
        "description": "The council's own corporate complaints policy, in force until the "
        "Ombudsman's Complaint Handling Code applied from 1 April 2026.",
        "stages": [
            {"stage": 1, "clock_starts": "opened", "response_days": 30, "extension_limit_days": 30,
             "request_window_days": 20},
            {"stage": 2, "clock_starts": "opened", "response_days": 30, "extension_limit_days": 30},
        ],
    },
    {
        "procedure": "corporate",
        "name": "Corporate procedure (Ombudsman's Complaint Handling Code)",
        "effective_from": datetime.date(2026, 4, 1),
        "acknowledgement_days": 5,
        "description": "The Local Government and Social Care Ombudsman's Complaint Handling Code: "
        "acknowledge within 5 working days; stage 1 response within 10 working days of "
        "acknowledgement, extendable by up to 10; stage 2 acknowledged within 5 working days and "
        "answered within 20 of acknowledgement, extendable by up to 20.",
        "stages": [
            {"stage": 1, "clock_starts": "acknowledged", "response_days": 10,
             "extension_limit_days": 20, "request_window_days": 20},
            {"stage": 2, "clock_starts": "acknowledged", "acknowledgement_days": 5,
             "response_days": 20, "extension_limit_days": 40},
        ],
    },
]


def ship(apps, schema_editor):
    RuleSet = apps.get_model("procedures", "RuleSet")
    StageRule = apps.get_model("procedures", "StageRule")
    for data in RULE_SETS:
        data = dict(data)
        stages = data.pop("stages")
        rule_set, _ = RuleSet.objects.update_or_create(
            procedure=data["procedure"], effective_from=data["effective_from"], defaults=data
        )
        for stage in stages:
            StageRule.objects.update_or_create(
                rule_set=rule_set, stage=stage["stage"], defaults=stage
            )


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
