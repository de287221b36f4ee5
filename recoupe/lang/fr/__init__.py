"""The French plug: data files for every stage, and `hooks` for the code only French needs."""
