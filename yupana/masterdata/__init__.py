"""Master data: customers, products and suppliers of a company (issue 5)."""
