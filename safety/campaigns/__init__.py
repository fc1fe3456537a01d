"""The office's year: plans, special campaigns, random draws and the tasks they make."""
