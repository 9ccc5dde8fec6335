import factory
from django.utils import timezone

from beneficiarios.models import Beneficiario, Importacion
from tests.conftest import MIRAFLORES


class BeneficiarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiario

    distrito_id = MIRAFLORES
    tipo_documento = "DNI"
    numero_documento = factory.Sequence(lambda n: f"{41000000 + n:08d}")
    apellido_paterno = "QUISPE"
    apellido_materno = "MAMANI"
    nombres = factory.Sequence(lambda n: f"ROSA {chr(65 + n % 26)}")
    direccion = "JR. LAS CAMELIAS 120"
    miembros_hogar = 4


class ImportacionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Importacion

    distrito_id = MIRAFLORES
    nombre_archivo = "padron.csv"
    sha256 = "0" * 64
    archivo = factory.django.FileField(
        filename="padron.csv",
        data=(
            "tipo_documento,numero_documento,apellido_paterno,nombres,direccion,ubigeo,miembros_hogar\n"
            "DNI,40000001,QUISPE,ROSA,JR. LIMA 1,150122,4\n"
            "DNI,4000000X,QUISPE,LUIS,JR. LIMA 2,150122,3\n"
        ).encode(),
    )
    estado = Importacion.Estado.LISTO


class TipoRegistroFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "entregas.TipoRegistro"

    distrito_id = None
    nombre = factory.Sequence(lambda n: f"Canasta DU 033-2020 — entrega {n + 1}")
    codigo = factory.Sequence(lambda n: f"DU033-{n + 1}")
    costo_unitario = "120.00"


class EntregaFactory(factory.django.DjangoModelFactory):
    """Entrega válida registrada por web en Miraflores; pase `operador` y `beneficiario`."""

    class Meta:
        model = "entregas.Entrega"

    distrito_id = MIRAFLORES
    tipo_registro = factory.SubFactory(TipoRegistroFactory)
    beneficiario = factory.SubFactory(BeneficiarioFactory)
    tipo_documento = factory.SelfAttribute("beneficiario.tipo_documento")
    numero_documento = factory.SelfAttribute("beneficiario.numero_documento")
    nombres_receptor = "ROSA QUISPE MAMANI"
    tipo_entrega = "domicilio"
    miembros_18_59 = 2
    fecha_entrega = factory.LazyFunction(timezone.now)
    origen = "web"
