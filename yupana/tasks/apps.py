from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "yupana.tasks"
    label = "yupana_tasks"
    verbose_name = "Tareas en segundo plano"
