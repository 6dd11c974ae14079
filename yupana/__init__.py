"""Yupana: SUNAT electronic invoicing and small-business operations for Peru."""
