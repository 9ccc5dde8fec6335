# Rutas de los archivos para entes de control; se incluyen sin namespace propio en `reportes`.
urlpatterns = []
