"""The admin's list of failed logins (django-axes), where an administrator lifts a lockout."""

from axes.models import AccessAttempt
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy


class ReadAndDeletePermissionPolicy(ModelPermissionPolicy):
    """django-axes writes the attempts: an administrator reads them and deletes one, which lifts
    its lockout, but never adds or edits one."""

    actions = {"view", "delete"}

    def user_has_permission(self, user, action):
        return action in self.actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a in self.actions])


register_permission_policy(AccessAttempt, ReadAndDeletePermissionPolicy(AccessAttempt))


class FailedLoginViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock"
    menu_label = gettext_lazy("Échecs de connexion")
    add_to_settings_menu = True
    url_prefix = "echecs-de-connexion"
    # Attempts are no content: nothing refers to them, and each failed login writes one.
    add_to_reference_index = False
    copy_view_enabled = False
    form_fields = []  # no add or edit view is allowed (the policy above)
    inspect_view_enabled = True
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    inspect_view_fields = [
        "username",
        "ip_address",
        "failures_since_start",
        "attempt_time",
        "user_agent",
        "path_info",
    ]


@hooks.register("register_admin_viewset")
def register_failed_logins():
    return FailedLoginViewSet("failed_logins")
