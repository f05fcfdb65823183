"""Open Referral UK: the menu as a service-directory dataset (HSDS 3.0, UK profile).

Councils, the NHS and link workers find services through directories that read this standard.
Every build publishes the current offers under openreferral/ (dataset.py lists the files):
a supplier is an organization, an offer a service with its cost options, service areas,
languages, contacts and schedule, and site.yaml's vocabularies are taxonomies whose terms the
services link to through attributes. docs/exports.md gives the mapping field by field.
"""

from __future__ import annotations

from .dataset import FOLDER, Dataset, listed

__all__ = ["FOLDER", "Dataset", "listed"]
