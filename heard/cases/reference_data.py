"""The reference data a new council starts with: service areas, teams, problem categories, themes
and learning categories, as Children's Services record them. Councils edit these in the admin."""

SERVICE_AREAS = {
    "Children's Social Care": "Social workers, child protection, children in care, fostering and adoption",
    "Education and SEND": "Schools, special educational needs and disabilities (SEND), EHC plans",
    "Early Help": "Family support and early help services",
}

TEAMS = {
    "Children's Social Care": [
        "Assessment Team",
        "Children's Case Management Team",
        "Looked After Children Team",
        "Disabled Children's Team",
        "Fostering Team",
        "Leaving Care Team",
        "Court Social Work Team",
        "Placements Team",
    ],
    "Education and SEND": [
        "SEND Support Services",
        "Education Welfare Service",
        "School Admissions",
        "Home to School Transport",
    ],
    "Early Help": ["Early Help Team", "Family Hubs"],
}

PROBLEM_CATEGORIES = {
    "Service standards": [
        "Failure to provide a service/take action",
        "Lack of/poor communication",
        "Quality of service",
        "Inappropriate/incorrect action",
        "Delay",
    ],
    "Staff conduct": ["Attitude/behaviour of staff"],
    "Assessment": ["Disagree with assessment"],
    "Policy": ["Disagree with policy"],
    "Financial": ["Payments/charges"],
}

THEMES = [
    "EHC plans",
    "Child Protection Plans",
    "Supervised/unsupervised contact",
    "Disabled children's social work",
    "Change of social worker",
    "School placement",
    "Transport",
    "Leaving care support",
]

LEARNING_CATEGORIES = [
    "Communication/information",
    "Service delivery",
    "Quality of service",
    "Policy/procedure",
]
ACTION_CATEGORIES = [
    "Apology",
    "Training/guidance",
    "Change/review/provide a service",
    "Financial remedy",
]
