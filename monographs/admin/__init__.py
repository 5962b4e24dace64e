"""MedSite's admin. Importing this package registers the model admins on MedSite's site
(see MedSiteAdminConfig.ready()); the site module comes first, as it defines that site."""

from monographs.admin import site  # noqa: F401

# isort: split
from monographs.admin import accounts, audit, conditions, drugs, side_effects  # noqa: F401
