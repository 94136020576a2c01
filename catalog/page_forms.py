"""Admin forms for catalogue pages."""

from wagtail.admin.forms import WagtailAdminPageForm


class ResourcePageForm(WagtailAdminPageForm):
    """Lets ``ResourcePage.clean()`` see the levels and tracks chosen in the form.

    Django assigns many-to-many values only when saving, after model validation, so without this
    ``clean()`` checked the levels and tracks stored before the edit (none, for a new page) and
    a subject could be saved at a level where it is not taught. Parental many-to-many fields and
    tags only change the instance in memory, so assigning them before validation writes nothing.
    """

    def _post_clean(self) -> None:
        self.save_cluster_m2m()
        super()._post_clean()
