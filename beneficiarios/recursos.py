"""Recurso de django-import-export para el admin (tablas pequeñas).

El padrón grande entra por el motor propio (calamine + COPY); este recurso queda
para ajustes puntuales del administrador y como línea base en `make bench`.
"""

from django.core.exceptions import ValidationError
from import_export import resources

from beneficiarios.models import Beneficiario

# Este recurso guarda fila por fila en una transacción, y cada fila actualiza la misma fila del resumen de
# reportes sin confirmar: el costo por fila crece con el archivo. Más allá de esto, el motor del padrón.
MAXIMO_FILAS_ADMIN = 2_000


class BeneficiarioResource(resources.ModelResource):
    maximo_filas = MAXIMO_FILAS_ADMIN

    def before_import(self, dataset, **kwargs):
        if self.maximo_filas is not None and len(dataset) > self.maximo_filas:
            raise ValidationError(
                f"El archivo tiene {len(dataset)} filas y aquí se importan hasta {self.maximo_filas}. "
                "Para un padrón use «Cargar padrón», que valida y registra cientos de miles de filas."
            )
        super().before_import(dataset, **kwargs)

    class Meta:
        model = Beneficiario
        import_id_fields = ["tipo_documento", "numero_documento"]
        fields = [
            "tipo_documento", "numero_documento", "apellido_paterno", "apellido_materno", "nombres",
            "fecha_nacimiento", "sexo", "telefono", "direccion", "distrito", "miembros_hogar",
        ]
        skip_unchanged = True
