"""figures: one family of the reading stage, a module per step."""
