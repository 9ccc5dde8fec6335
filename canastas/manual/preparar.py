"""Completa los datos de demostración con lo que el manual necesita mostrar.

`datos_demo` solo crea hogares. Aquí se agregan, con los mismos servicios que
usan las vistas: un tipo de registro nacional con su kit, hogares programados
en Miraflores, entregas con foto, una carga del padrón y una de entregas con
errores típicos. Se corre en una base recién creada (la de `make manual`) y
escribe en la salida estándar, como JSON, los ids que el capturador necesita.

Uso: DATABASE_URL=… DJANGO_DEBUG=1 python -m canastas.manual.preparar
"""

import datetime
import io
import json
import uuid
from decimal import Decimal

import django

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from beneficiarios.importacion.servicios import importacion_crear, importacion_validar  # noqa: E402
from beneficiarios.models import Beneficiario  # noqa: E402
from beneficiarios.programados import programacion_crear_lote  # noqa: E402
from entregas.carga.servicios import carga_crear, carga_validar  # noqa: E402
from entregas.models import Entrega  # noqa: E402
from entregas.servicios import DatosEntrega, entrega_registrar  # noqa: E402
from entregas.servicios_tipos import tipo_registro_crear  # noqa: E402
from usuarios.demo import DISTRITO_DEMO  # noqa: E402
from usuarios.models import Usuario  # noqa: E402

ENTREGAS_WEB = 8  # entregas por el formulario; la primera queda sin punto GPS (observada)
PROGRAMADOS = 40
# Centro aproximado de Miraflores (Lima), para los puntos GPS de las entregas.
LATITUD, LONGITUD = Decimal("-12.1211"), Decimal("-77.0297")

KIT = [
    {"producto": "Arroz", "unidad": "kg", "cantidad": Decimal("5")},
    {"producto": "Aceite vegetal", "unidad": "L", "cantidad": Decimal("1")},
    {"producto": "Azúcar rubia", "unidad": "kg", "cantidad": Decimal("2")},
    {"producto": "Conserva de pescado", "unidad": "lata", "cantidad": Decimal("4")},
    {"producto": "Menestra (lentejas)", "unidad": "kg", "cantidad": Decimal("1")},
]


def foto_planilla(numero: str) -> ContentFile:
    """Imagen JPEG que hace de foto del DNI con la planilla firmada (datos inventados)."""
    imagen = Image.new("RGB", (640, 480), (236, 230, 214))
    dibujo = ImageDraw.Draw(imagen)
    dibujo.rectangle((40, 40, 300, 200), outline=(40, 60, 120), width=4)
    dibujo.text((60, 60), f"DNI {numero}", fill=(40, 60, 120))
    dibujo.text((60, 260), "PLANILLA DE ENTREGA - DEMOSTRACION", fill=(30, 30, 30))
    dibujo.line((60, 400, 300, 380), fill=(20, 20, 20), width=3)
    salida = io.BytesIO()
    imagen.save(salida, "JPEG", quality=70)
    return ContentFile(salida.getvalue(), name=f"{numero}.jpg")


def crear_tipo(admin):
    datos = {
        "nombre": "Canasta DU 033-2020 — 1.ª entrega",
        "codigo": "DU033-1",
        "descripcion": "Canasta básica familiar del Decreto de Urgencia 033-2020.",
        "costo_unitario": Decimal("85.00"),
        "fuente_financiamiento": "Transferencia DU 033-2020",
        "tipo_bien": "Canasta de víveres",
    }
    return tipo_registro_crear(usuario=admin, datos=datos, productos=KIT)


def programar(sub, tipo) -> list[Beneficiario]:
    hogares = list(Beneficiario.objects.filter(distrito_id=DISTRITO_DEMO).order_by("numero_documento")[:PROGRAMADOS])
    programacion_crear_lote(
        usuario=sub, tipo_registro=tipo, fecha_programada=timezone.localdate(),
        punto_entrega="Parque Kennedy", hogares=Beneficiario.objects.filter(pk__in=[h.pk for h in hogares]),
        modo="seleccion",
    )
    return hogares


def registrar_entregas(operador, tipo, hogares) -> list[Entrega]:
    entregas = []
    ahora = timezone.now()
    for indice, hogar in enumerate(hogares[:ENTREGAS_WEB]):
        con_gps = indice > 0
        datos = DatosEntrega(
            uuid_cliente=uuid.uuid4(),
            tipo_documento=hogar.tipo_documento,
            numero_documento=hogar.numero_documento,
            fecha_entrega=ahora - datetime.timedelta(hours=3 * indice + 1),
            tipo_entrega=Entrega.TipoEntrega.DOMICILIO if indice % 3 else Entrega.TipoEntrega.PUNTO,
            miembros_0_5=indice % 2, miembros_6_17=1, miembros_18_59=2, miembros_60_mas=int(indice % 3 == 0),
            latitud=LATITUD + Decimal(indice) / 500 if con_gps else None,
            longitud=LONGITUD - Decimal(indice) / 700 if con_gps else None,
            precision_m=12 if con_gps else None,
        )
        entrega, _ = entrega_registrar(
            operador=operador, tipo_registro=tipo, datos=datos,
            foto_dni_planilla=foto_planilla(hogar.numero_documento), origen=Entrega.Origen.WEB,
        )
        entregas.append(entrega)
    return entregas


def csv_padron_nacional() -> ContentFile:
    """Padrón con los errores que más se ven, para la vista previa del administrador."""
    filas = [
        "tipo_documento,numero_documento,apellido_paterno,apellido_materno,nombres,fecha_nacimiento,sexo,"
        "telefono,direccion,ubigeo,miembros_hogar",
        "DNI,41500001,QUISPE,MAMANI,ROSA,12/05/1980,F,987010002,JR. LAS CAMELIAS 120,040101,4",
        "DNI,1234567,HUAMAN,CCOPA,LUIS,30/08/1975,M,987010003,AV. EJERCITO 455,080101,3",
        "DNI,415000055,FLORES,TICONA,CARMEN,01/01/1990,F,987010004,CALLE LOS PINOS 8,150132,5",
        "DNI,41500001,QUISPE,MAMANI,ROSA,12/05/1980,F,987010002,JR. LAS CAMELIAS 120,040101,4",
        "DNI,41500004,CHAVEZ,RAMOS,PEDRO,03/11/2031,M,987010005,AV. LIBERTAD 77,010101,2",
        "DNI,41500005,ROJAS,APAZA,JUANA,21/01/2001,F,12345,AV. GRAU 101,150132,4",
        "DNI,41500006,VARGAS,HUARCAYA,LUZ,21/07/1995,F,,PSJE. SANTA ROSA 5,999999,3",
        "DNI,41500007,CONDORI,LAURA,MARCO,03/09/1979,M,,,150103,3 personas",
    ]
    return ContentFile(("\n".join(filas) + "\n").encode(), name="padron-lima-sur.csv")


def csv_padron_distrito(demo: Beneficiario) -> ContentFile:
    """Padrón de Miraflores: una fila de otro distrito y un documento que ya está en el padrón."""
    filas = [
        "tipo_documento,numero_documento,apellido_paterno,apellido_materno,nombres,direccion,ubigeo,miembros_hogar",
        "DNI,41600001,SALAZAR,PINTO,ELENA,CALLE BOLOGNESI 410,150122,3",
        "DNI,41600002,MENDOZA,RIOS,JORGE,AV. LARCO 1020,150122,5",
        "DNI,41600003,TORRES,LEON,MARIA,JR. TARAPACA 55,150140,2",
        f"DNI,{demo.numero_documento},{demo.apellido_paterno},{demo.apellido_materno or 'X'},"
        f"{demo.nombres},{demo.direccion},150122,4",
        "CE,,PAREDES,SOTO,ANA,AV. PARDO 300,150122,2",
    ]
    return ContentFile(("\n".join(filas) + "\n").encode(), name="padron-miraflores.csv")


def csv_entregas(hogares, atendido) -> ContentFile:
    """Entregas hechas en papel: válidas, una repetida, una fuera del padrón y una con fecha futura."""
    hoy = timezone.localdate().strftime("%d/%m/%Y")
    manana = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    encabezados = (
        "tipo_documento,numero_documento,tipo_registro,fecha_entrega,tipo_entrega,miembros_0_5,miembros_6_17,"
        "miembros_18_59,miembros_60_mas,observacion,motivo_inclusion,apellido_paterno,apellido_materno,nombres,"
        "direccion,telefono,consentimiento_foto"
    )
    filas = [encabezados]
    for hogar in hogares:
        filas.append(f"DNI,{hogar.numero_documento},DU033-1,{hoy},domicilio,0,1,2,0,,,,,,,,NO")
    filas.append(f"DNI,{atendido.numero_documento},DU033-1,{hoy},domicilio,0,1,2,0,,,,,,,,NO")
    filas.append(f"DNI,49999001,DU033-1,{hoy},comunidad,1,1,1,0,,,,,,,,NO")
    filas.append(f"DNI,{hogares[0].numero_documento},DU033-1,{manana},domicilio,0,0,2,0,,,,,,,,NO")
    return ContentFile(("\n".join(filas) + "\n").encode(), name="entregas-en-papel.csv")


def preparar() -> dict:
    usuarios = {u.username: u for u in Usuario.objects.all()}
    admin, sub = usuarios["admin"], usuarios["sub.miraflores"]
    operador = usuarios["operador.miraflores"]

    tipo = crear_tipo(admin)
    hogares = programar(sub, tipo)
    entregas = registrar_entregas(operador, tipo, hogares)

    padron_admin = importacion_crear(usuario=admin, archivo=csv_padron_nacional(), encolar=False)
    importacion_validar(padron_admin.pk)
    padron_sub = importacion_crear(
        usuario=sub, archivo=csv_padron_distrito(hogares[-1]), distrito=sub.distrito, encolar=False
    )
    importacion_validar(padron_sub.pk)
    carga = carga_crear(
        usuario=sub, archivo=csv_entregas(hogares[ENTREGAS_WEB:ENTREGAS_WEB + 5], hogares[1]),
        distrito=sub.distrito, encolar=False,
    )
    carga_validar(carga.pk)

    pendiente = hogares[-1]
    return {
        "objetos": {
            "importacion": {"admin": padron_admin.pk, "sub.miraflores": padron_sub.pk},
            "carga_entregas": carga.pk,
            "captura": entregas[1].pk,
            "beneficiario": hogares[0].pk,
            "usuario": operador.pk,
            "departamento": "15",
            "provincia": "1501",
            "distrito": DISTRITO_DEMO,
        },
        "consultas": {
            "hogar_pendiente": {"tipo_registro": tipo.pk, "tipo_documento": "DNI", "numero": pendiente.numero_documento},
            "hogar_atendido": {"tipo_registro": tipo.pk, "tipo_documento": "DNI", "numero": hogares[1].numero_documento},
            "fuera_de_padron": {"tipo_registro": tipo.pk, "tipo_documento": "DNI", "numero": "49999001"},
        },
    }


if __name__ == "__main__":
    with scopes_disabled():
        resultado = preparar()
    print(json.dumps(resultado))
