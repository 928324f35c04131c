from django.urls import NoReverseMatch, reverse
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["intake_url"] = reverse("intake:start")
        except NoReverseMatch:
            context["intake_url"] = ""
        return context
