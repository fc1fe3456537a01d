"""Entry point: ``flask --app app run`` and gunicorn's ``app:app`` both load this."""
from safety import create_app

app = create_app()
