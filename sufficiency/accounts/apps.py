from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sufficiency.accounts"
    label = "accounts"
    verbose_name = "Sign-in and teams"

    def ready(self) -> None:
        from sufficiency.accounts import signals  # noqa: F401
