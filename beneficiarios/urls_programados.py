# Rutas de beneficiarios programados; las incluye beneficiarios/urls.py.
urlpatterns = []
