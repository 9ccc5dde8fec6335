"""Recurso de django-import-export para el admin (tablas pequeñas).

El padrón grande entra por el motor propio (calamine + COPY); este recurso queda
para ajustes puntuales del administrador y como línea base en `make bench`.
"""

from import_export import resources

from beneficiarios.models import Beneficiario


class BeneficiarioResource(resources.ModelResource):
    class Meta:
        model = Beneficiario
        import_id_fields = ["tipo_documento", "numero_documento"]
        fields = [
            "tipo_documento", "numero_documento", "apellido_paterno", "apellido_materno", "nombres",
            "fecha_nacimiento", "sexo", "telefono", "direccion", "distrito", "miembros_hogar",
        ]
        skip_unchanged = True
