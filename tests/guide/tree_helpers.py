"""Building pages in tests as an editor would: added under their parent, then published."""


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
