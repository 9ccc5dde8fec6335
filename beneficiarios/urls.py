from django.urls import include, path

from beneficiarios import vistas, vistas_importacion

app_name = "beneficiarios"

urlpatterns = [
    path("", vistas.lista, name="lista"),
    path("exportar/", vistas.exportar, name="exportar"),
    path("<int:pk>/", vistas.detalle, name="detalle"),
    path("<int:pk>/corregir/", vistas.corregir, name="corregir"),
    path("programados/", include("beneficiarios.urls_programados")),
    path("importaciones/", vistas_importacion.lista, name="importaciones"),
    path("importaciones/plantilla.xlsx", vistas_importacion.plantilla, name="plantilla"),
    path("importaciones/<int:pk>/", vistas_importacion.detalle, name="importacion"),
    path("importaciones/<int:pk>/estado/", vistas_importacion.estado, name="importacion_estado"),
    path("importaciones/<int:pk>/aplicar/", vistas_importacion.aplicar, name="importacion_aplicar"),
    path("importaciones/<int:pk>/descartar/", vistas_importacion.descartar, name="importacion_descartar"),
    path("importaciones/<int:pk>/rechazadas/", vistas_importacion.rechazadas, name="importacion_rechazadas"),
]
