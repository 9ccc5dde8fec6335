# Rutas de la API del aplicativo (/api/v1/).
urlpatterns = []
