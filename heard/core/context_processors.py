from django.conf import settings


def council(request):
    return {
        "council": {
            "name": settings.COUNCIL_NAME,
            "service_name": settings.COUNCIL_SERVICE_NAME,
            "team_name": settings.COUNCIL_TEAM_NAME,
            "logo_url": settings.COUNCIL_LOGO_URL,
            "brand_colour": settings.COUNCIL_BRAND_COLOUR,
            "phone": settings.COUNCIL_PHONE,
            "email": settings.COUNCIL_EMAIL,
        }
    }
