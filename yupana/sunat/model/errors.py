"""The one error bad input raises: the field it concerns and a Spanish message."""

from __future__ import annotations


class ValidationError(ValueError):
    """Bad input, named by field path (``customer.number``, ``lines[2].quantity``).

    ``str(error)`` is ``"<field>: <message>"``, ready to show to a user.
    """

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)

    def within(self, prefix: str) -> "ValidationError":
        """The same error seen from a parent object (``lines[0]`` + ``quantity``)."""
        if not prefix:
            return self
        if not self.field:
            return ValidationError(prefix, self.message)
        joiner = "" if self.field.startswith("[") else "."
        return ValidationError(f"{prefix}{joiner}{self.field}", self.message)
