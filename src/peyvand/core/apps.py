from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "peyvand.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from peyvand.core import checks  # noqa: F401  (registers the checks)
        from peyvand.core.task_arguments import forget_arguments_of_successful_task

        # A plain cleaning step of the task machinery, not a business step: see the module.
        task_finished.connect(
            forget_arguments_of_successful_task, dispatch_uid="peyvand.forget_task_arguments"
        )
