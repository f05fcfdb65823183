"""The content folder as files: ids and layout, the strict YAML loader, git dates, schemas, words."""
