"""The live preview: serves the site, rebuilds it as files change, reloads the browser tab."""
