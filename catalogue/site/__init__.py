"""The site: which pages it has, rendering them, safe Markdown, the exports and the contribute form."""
