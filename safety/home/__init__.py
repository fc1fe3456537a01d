"""The landing page and the service worker."""
