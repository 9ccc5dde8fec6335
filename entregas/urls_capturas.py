# Rutas de esta parte del módulo de entregas; las incluye entregas/urls.py.
urlpatterns = []
