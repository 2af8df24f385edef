"""The editors' group: what an agency editor may do in the back office."""

from django.contrib.auth.models import Group, Permission

EDITORS = "Rédacteurs"

EDITOR_PERMISSIONS = {
    "faq": [
        "add_entry",
        "change_entry",
        "view_entry",
        "publish_entry",
        "add_entrylink",
        "change_entrylink",
        "delete_entrylink",
        "view_entrylink",
        "add_facet",
        "change_facet",
        "view_facet",
        "add_facetvalue",
        "change_facetvalue",
        "delete_facetvalue",
        "view_facetvalue",
        "view_historicalentry",
    ],
    "search": [
        "add_glossaryterm",
        "change_glossaryterm",
        "view_glossaryterm",
        "view_searchlog",
        "view_wordingcandidate",
    ],
    "feedback": ["view_vote"],
    "inquiries": [
        "change_readerquestion",
        "view_readerquestion",
        "change_replymail",
        "view_replymail",
    ],
    # How many follow what, never who: the admin hides addresses from editors.
    "subscriptions": ["view_follower", "view_followermail"],
    "analytics": ["view_dashboard"],
}


def editors_group_ensure(**kwargs) -> Group:
    group, _ = Group.objects.get_or_create(name=EDITORS)
    wanted = []
    for app_label, codenames in EDITOR_PERMISSIONS.items():
        wanted += Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    group.permissions.set(wanted)
    return group
