"""Every rule content must meet, as problems in the contributor's words; nothing here raises."""
