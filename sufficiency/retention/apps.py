from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "sufficiency.retention"
    label = "retention"
    verbose_name = "Deleting data"
