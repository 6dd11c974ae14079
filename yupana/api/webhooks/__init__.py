"""Webhooks: company-registered URLs receive signed events (HMAC-SHA256), retried with backoff."""
