from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "segurfaq.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from segurfaq.accounts.groups import editors_group_ensure
        from segurfaq.accounts.sessions import staff_session_end, staff_session_start
        from segurfaq.operations.backups import restored

        user_logged_in.connect(staff_session_start, dispatch_uid="segurfaq-staff-session")
        user_logged_out.connect(staff_session_end, dispatch_uid="segurfaq-staff-session")

        # After migrations, when every permission exists: the group is kept in step with the
        # code on each deployment.
        post_migrate.connect(editors_group_ensure, dispatch_uid="segurfaq-editors-group")
        # A backup of an earlier release may hold the group with other permissions.
        restored.connect(editors_group_ensure, dispatch_uid="segurfaq-editors-group-restore")
