"""The starter content folder of a new scheme's menu: a commented site.yaml and empty folders.

`new site` writes it. Every value that is the scheme's own (its title, contact, repository,
coordinators and areas) is a REPLACE placeholder, which `check` names at its line until it is
replaced; the categories and audiences are a starting set to keep, change or remove.
"""

from __future__ import annotations

SITE_SCHEMA_COMMENT = "# yaml-language-server: $schema=../catalogue/schema/site.schema.json"

# The folders a menu's content is made of besides site.yaml, each kept in git by a hidden file
# (the content finder skips hidden files) until its first real file arrives.
CONTENT_FOLDERS = ("suppliers", "organisations", "orders")
KEEP_FILE = ".gitkeep"

SITE_TEMPLATE = """\
{schema_comment}
#
# Your menu's settings: content/site.yaml. The coordinators look after this file.
#
# How to fill it in:
# - Replace every value that starts with REPLACE with your own words or choices.
# - Lines starting with # are notes for you; the site ignores them. Optional settings
#   are written as notes: to use one, delete the "# " in front of each of its lines.
# - Indent with spaces, never tabs, and keep the indentation as it is.
# - Then run: python build.py check  (on GitHub, the pull request's "Check and build"
#   does it for you). It names every placeholder still to fill in, with its line.
# docs/start-a-menu.md walks through every step, from this file to a published site.

# ---- Required settings ---------------------------------------------------------

# The menu's name, at the top of every page: at most 120 characters.
title: "REPLACE: your menu's name, like Wellbeing Menu for Fife"

# The coordinators' email address: questions about the menu or funding go here.
contact_email: "REPLACE: the coordinators' email address"

# The GitHub repository that holds this menu, written owner/name: the part of its
# address after github.com/. The site's "Edit this offer" and "add an offer" links
# lead there.
repository: "REPLACE: owner/name of your repository, like fife-partnership/wellbeing-menu"

# The GitHub user names of the coordinators, one per line starting "- ", without @.
# They may change anything; suppliers and organisations only their own files.
coordinators:
  - "REPLACE: a coordinator's GitHub user name"

# The places offers can be delivered. Each has an id (lowercase letters, digits and
# single hyphens: it makes the area's web address, so keep it once offers use it) and
# a label. "parent" names the region containing a place; an offer for a region then
# covers every place in it. For example:
#   - id: fife
#     label: Fife
#   - id: dunfermline
#     label: Dunfermline
#     parent: fife
areas:
  - id: REPLACE-with-an-area-id
    label: "REPLACE: the area's name"

# The sections of the menu: keep these, change their labels and descriptions, remove
# some or add your own. An id makes the section's web address: keep it once offers
# use it.
categories:
  - id: arts-creativity
    label: Arts & creativity
    description: Painting, crafts, writing and making things together, at a pace that suits the group.
  - id: movement-outdoors
    label: Movement & outdoors
    description: Walking, cycling, gentle exercise and sessions that get people out and moving.
  - id: food-cooking
    label: Food & cooking
    description: Cooking and eating together, budget meals and food skills.
  - id: peer-support
    label: Peer support
    description: Groups led by people with lived experience, where members support each other as equals.
  - id: counselling
    label: Talking therapies & counselling
    description: One-to-one and group counselling from qualified, registered practitioners.
  - id: mindfulness-relaxation
    label: Mindfulness & relaxation
    description: Mindfulness courses, gentle yoga, breathing and sleep workshops.
  - id: skills-learning
    label: Skills & learning
    description: Practical learning that builds confidence, from digital skills to money know-how.
  - id: nature-gardening
    label: Nature & gardening
    description: Growing food and flowers, green gyms and time in nature.
  - id: music
    label: Music & singing
    description: Choirs, drumming, songwriting and singing for health.

# Who offers are for: keep, change, remove or add, as for the categories.
audiences:
  - id: young-people
    label: Young people (12–25)
  - id: older-people
    label: Older people
  - id: carers
    label: Unpaid carers
  - id: refugees-asylum-seekers
    label: Refugees and people seeking asylum
  - id: women
    label: Women
  - id: men
    label: Men
  - id: lgbtq-people
    label: LGBTQ+ people
  - id: learning-disabilities
    label: People with learning disabilities

# ---- Optional settings: delete the "# " in front of a setting's lines to use it ----

# One line under the title.
# tagline: Local, costed activities for mental health and wellbeing, run by social enterprises.

# The published site's address. The GitHub Pages workflow finds it by itself; other
# hosts need it here (or build --base-url).
# base_url: https://fife-partnership.github.io/wellbeing-menu/

# The branch the site is published from, if it is not main: the "Edit" links open
# files on it.
# branch: main

# The header's colour, written "#" and six hexadecimal digits. The header's white text
# must stand out on it (a contrast of 4.5:1 or more); check says so if it does not, and
# suggests a darker shade. A logo (a .png, .jpg, .webp or .svg file of at most 1 MB,
# inside this content folder) is shown beside the title, with a few words describing it.
# brand:
#   colour: "#1f5f4a"
#   logo: images/logo.png
#   logo_alt: The Fife Wellbeing Partnership logo

# The money every price is in (a three-letter code) and the language of dates and
# amounts.
# currency: GBP
# locale: en-GB

# Keep the scheme's spending (/scheme/) off the site.
# scheme:
#   publish: false
"""


def site_template() -> str:
    """The commented site.yaml that `new site` writes."""
    return SITE_TEMPLATE.format(schema_comment=SITE_SCHEMA_COMMENT)
