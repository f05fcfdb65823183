"""The pull-request tools: starter files for new content, who owns which file, what a pull request changes."""
