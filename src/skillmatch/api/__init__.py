"""The HTTP API: ``create_app(settings)`` builds the FastAPI application."""
