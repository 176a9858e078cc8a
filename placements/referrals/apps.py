from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "placements.referrals"
    label = "referrals"
    verbose_name = "Placement referrals (Placements Data Standard)"
