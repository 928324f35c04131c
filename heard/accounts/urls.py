from django.urls import path

from heard.accounts import views
from heard.accounts.oidc import AccountSingleSignOnCallbackView, AccountSingleSignOnStartView

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.AccountLoginView.as_view(), name="login"),
    path("sign-out/", views.AccountLogoutView.as_view(), name="logout"),
    path("two-factor/", views.AccountTwoFactorView.as_view(), name="two_factor"),
    path("two-factor/set-up/", views.AccountTwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("two-factor/verify/", views.AccountTwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("two-factor/turn-off/", views.AccountTwoFactorDisableView.as_view(), name="two_factor_disable"),
    path("sso/start/", AccountSingleSignOnStartView.as_view(), name="oidc_start"),
    path("sso/callback/", AccountSingleSignOnCallbackView.as_view(), name="oidc_callback"),
]
