"""Signing people in to the web app, and the identity provider's tokens for the API."""
