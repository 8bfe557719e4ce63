"""Whether an admin page form is being sent to publish the page, from the button pressed.

Wagtail validates the same page form to save a draft, publish, submit for moderation or approve
a moderation task; its create and edit views tell them apart by these POST keys
(wagtail/admin/views/pages/create.py and edit.py). A check that must only keep a page from
going live reads them too, so that a draft can still be saved as it is.
"""

PUBLISHING_BUTTONS = ("action-publish", "action-submit", "action-restart-workflow")


def asks_to_publish(data):
    """True for "Publier", "Soumettre à la modération" (a request to publish) and a
    moderator's approval; False for a draft."""
    if any(data.get(button) for button in PUBLISHING_BUTTONS):
        return True
    return bool(data.get("action-workflow-action")) and (
        data.get("workflow-action-name") == "approve"
    )
