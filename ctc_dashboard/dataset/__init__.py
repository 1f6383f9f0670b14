"""From files to a validated, typed Dataset: reading, validating, the model and its fast paths."""
