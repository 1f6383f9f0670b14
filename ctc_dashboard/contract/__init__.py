"""The data contract: tables, fields and vocabularies, the words for values, the Frictionless descriptor."""
