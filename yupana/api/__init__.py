"""REST API (Django Ninja) and webhooks: other systems issue and follow documents through the same services."""
