"""Carga masiva de entregas contra PostgreSQL: validación, aplicación atómica, idempotencia y fotos."""

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone
from PIL import Image

from beneficiarios.importacion.servicios import ImportacionNoAplicable
from beneficiarios.models import Beneficiario, Importacion
from canastas.hojas.lector import ArchivoRechazado
from canastas.models import RegistroAccion
from entregas.carga import servicios
from entregas.models import Entrega
from tests.conftest import MIRAFLORES, SURCO
from tests.fabricas import BeneficiarioFactory, EntregaFactory, TipoRegistroFactory

pytestmark = pytest.mark.django_db

ENCABEZADOS = (
    "tipo_documento,numero_documento,tipo_registro,fecha_entrega,tipo_entrega,miembros_0_5,miembros_6_17,"
    "miembros_18_59,miembros_60_mas,observacion,motivo_inclusion,apellido_paterno,apellido_materno,nombres,"
    "direccion,telefono,consentimiento_foto"
)


def hoja_csv(*filas: str, encabezados: str = ENCABEZADOS) -> ContentFile:
    """CSV en UTF-8 con los encabezados de la plantilla y las filas dadas (una por línea)."""
    return ContentFile(("\n".join([encabezados, *filas]) + "\n").encode(), name="entregas.csv")


def foto_jpeg(color=(200, 30, 30)) -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(salida, "JPEG")
    return salida.getvalue()


def zip_de(entradas: dict[str, bytes]) -> ContentFile:
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as archivo:
        for nombre, contenido in entradas.items():
            archivo.writestr(nombre, contenido)
    return ContentFile(salida.getvalue(), name="fotos.zip")


def cargar(usuario, archivo, *, fotos=None, distrito=None, aplicar=False) -> Importacion:
    """Sube, valida y, si se pide, aplica una carga, como lo hacen la vista y el worker."""
    importacion = servicios.carga_crear(usuario=usuario, archivo=archivo, fotos=fotos, distrito=distrito, encolar=False)
    importacion = servicios.carga_validar(importacion.pk)
    if aplicar:
        servicios.carga_confirmar(importacion=importacion, usuario=usuario, encolar=False)
        importacion = servicios.carga_aplicar(importacion.pk)
    return importacion


def errores_por_fila(importacion, *, advertencias=False) -> dict[int, set[str]]:
    resultado: dict[int, set[str]] = {}
    for error in importacion.errores.filter(es_advertencia=advertencias, fila__isnull=False):
        resultado.setdefault(error.fila, set()).add(error.codigo)
    return resultado


def hoy() -> str:
    return f"{timezone.localdate():%d/%m/%Y}"


@pytest.fixture
def tipo():
    return TipoRegistroFactory(codigo="DU033-1", nombre="Canasta DU 033-2020 — 1.ª entrega")


@pytest.fixture
def hogares():
    """Tres hogares del padrón de Miraflores y uno de Surco."""
    return {
        numero: BeneficiarioFactory(distrito_id=distrito, numero_documento=numero)
        for numero, distrito in [
            ("40150002", MIRAFLORES), ("40150003", MIRAFLORES), ("04150007", MIRAFLORES), ("40159999", SURCO),
        ]
    }


def fila(numero="40150002", *, tipo="DU033-1", fecha=None, entrega="domicilio", bandas="1,1,2,0", resto=",,,,,,,"):
    return f"DNI,{numero},{tipo},{fecha or hoy()},{entrega},{bandas},{resto}"


# --- Validación ---


def test_vista_previa_no_registra(sub_miraflores, tipo, hogares):
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002"), fila("40150003")))

    assert importacion.estado == Importacion.Estado.LISTO
    assert importacion.nuevas == 2
    assert importacion.rechazadas == 0
    assert Entrega.objects.count() == 0


def test_aplicar_registra_con_origen_carga_masiva(sub_miraflores, tipo, hogares):
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002"), fila("40150003")), aplicar=True)

    assert importacion.estado == Importacion.Estado.APLICADO
    assert importacion.insertadas == 2
    entregas = Entrega.objects.order_by("numero_documento")
    assert [entrega.numero_documento for entrega in entregas] == ["40150002", "40150003"]
    assert {entrega.origen for entrega in entregas} == {Entrega.Origen.CARGA_MASIVA}
    assert {entrega.importacion_id for entrega in entregas} == {importacion.pk}
    assert {entrega.operador_id for entrega in entregas} == {sub_miraflores.pk}
    assert entregas[0].beneficiario == hogares["40150002"]
    assert entregas[0].miembros_18_59 == 2
    assert timezone.localtime(entregas[0].fecha_entrega).date() == timezone.localdate()


def test_sin_foto_ni_gps_queda_observada(sub_miraflores, tipo, hogares):
    cargar(sub_miraflores, hoja_csv(fila("40150002")), aplicar=True)

    entrega = Entrega.objects.get()
    assert entrega.estado == Entrega.Estado.OBSERVADA
    assert "sin foto" in entrega.observaciones


def test_dni_sin_ceros_se_completa(sub_miraflores, tipo, hogares):
    importacion = cargar(sub_miraflores, hoja_csv(fila("4150007")))

    assert importacion.nuevas == 1
    assert errores_por_fila(importacion, advertencias=True)[2] == {"W-PAD"}


@pytest.mark.parametrize(
    "valor,esperado",
    [
        ("DU033-1", "valido"), ("du033-1", "valido"), ("canasta du 033-2020 - 1.a entrega", "valido"),
        ("Canasta DU 033-2020 — 1.ª entrega", "valido"), ("NO-EXISTE", "E-TIPO-REGISTRO"),
    ],
)
def test_tipo_de_registro_por_codigo_o_nombre(sub_miraflores, tipo, hogares, valor, esperado):
    importacion = cargar(sub_miraflores, hoja_csv(fila(tipo=valor)))

    if esperado == "valido":
        assert importacion.nuevas == 1
    else:
        assert errores_por_fila(importacion) == {2: {esperado}}


def test_tipo_de_registro_inactivo(sub_miraflores, hogares):
    TipoRegistroFactory(codigo="VIEJO", activo=False)
    importacion = cargar(sub_miraflores, hoja_csv(fila(tipo="VIEJO")))

    assert errores_por_fila(importacion) == {2: {"E-TIPO-INACTIVO"}}


def test_tipo_de_registro_de_otro_distrito(sub_miraflores, hogares):
    TipoRegistroFactory(codigo="SURCO-1", distrito_id=SURCO)
    importacion = cargar(sub_miraflores, hoja_csv(fila(tipo="SURCO-1")))

    assert errores_por_fila(importacion) == {2: {"E-TIPO-REGISTRO"}}


def test_tipo_de_registro_del_distrito(sub_miraflores, hogares):
    TipoRegistroFactory(codigo="MIRA-1", distrito_id=MIRAFLORES)
    importacion = cargar(sub_miraflores, hoja_csv(fila(tipo="MIRA-1")))

    assert importacion.nuevas == 1


@pytest.mark.parametrize(
    "texto,esperado",
    [
        ("03/04/2026", datetime.date(2026, 4, 3)),
        ("3-4-2026", datetime.date(2026, 4, 3)),
        ("2026-04-03", datetime.date(2026, 4, 3)),
        ("03.04.2026", datetime.date(2026, 4, 3)),
    ],
)
def test_fecha_de_entrega_dia_primero(sub_miraflores, hogares, texto, esperado):
    TipoRegistroFactory(codigo="DU033-1")
    cargar(sub_miraflores, hoja_csv(fila(fecha=texto)), aplicar=True)

    assert timezone.localtime(Entrega.objects.get().fecha_entrega).date() == esperado


@pytest.mark.parametrize(
    "texto,codigo",
    [("12/31/2026", "E-FECHA-INVALIDA"), ("31/02/2026", "E-FECHA-INVALIDA"), ("ayer", "E-FECHA-INVALIDA"),
     ("", "E-REQUERIDO")],
)
def test_fecha_de_entrega_invalida(sub_miraflores, tipo, hogares, texto, codigo):
    linea = fila().replace(hoy(), texto)
    importacion = cargar(sub_miraflores, hoja_csv(linea))

    assert errores_por_fila(importacion) == {2: {codigo}}


def test_fecha_de_entrega_futura(sub_miraflores, tipo, hogares):
    manana = timezone.localdate() + datetime.timedelta(days=1)
    importacion = cargar(sub_miraflores, hoja_csv(fila(fecha=f"{manana:%d/%m/%Y}")))

    assert errores_por_fila(importacion) == {2: {"E-FECHA-FUTURA"}}


def test_fecha_anterior_al_tipo_de_registro(sub_miraflores, tipo, hogares):
    hace_dos_anios = timezone.localdate() - datetime.timedelta(days=800)
    importacion = cargar(sub_miraflores, hoja_csv(fila(fecha=f"{hace_dos_anios:%d/%m/%Y}")))

    assert errores_por_fila(importacion) == {2: {"E-FECHA-ANTIGUA"}}


@pytest.mark.parametrize(
    "texto,esperado",
    [("domicilio", "domicilio"), ("PUNTO DE ENTREGA", "punto"), ("Comunidad", "comunidad"),
     ("punto de entrega", "punto"), ("En Comunidad", "comunidad"), ("DOMICÍLIO", "domicilio")],
)
def test_tipo_de_entrega_tolera_mayusculas_y_tildes(sub_miraflores, tipo, hogares, texto, esperado):
    cargar(sub_miraflores, hoja_csv(fila(entrega=texto)), aplicar=True)

    assert Entrega.objects.get().tipo_entrega == esperado


def test_tipo_de_entrega_invalido(sub_miraflores, tipo, hogares):
    importacion = cargar(sub_miraflores, hoja_csv(fila(entrega="delivery")))

    assert errores_por_fila(importacion) == {2: {"E-TIPO-ENTREGA"}}


@pytest.mark.parametrize(
    "bandas,codigo",
    [("0,0,0,0", "E-MIEMBROS"), (",,,", "E-MIEMBROS"), ("10,10,10,1", "E-MIEMBROS"), ("1,x,1,1", "E-MIEMBROS"),
     ("1.5,0,1,0", "E-MIEMBROS"), ("-1,0,2,0", "E-MIEMBROS")],
)
def test_miembros_por_edad_invalidos(sub_miraflores, tipo, hogares, bandas, codigo):
    importacion = cargar(sub_miraflores, hoja_csv(fila(bandas=bandas)))

    assert errores_por_fila(importacion) == {2: {codigo}}


def test_miembros_vacios_valen_cero(sub_miraflores, tipo, hogares):
    cargar(sub_miraflores, hoja_csv(fila(bandas=",,3,")), aplicar=True)

    entrega = Entrega.objects.get()
    assert (entrega.miembros_0_5, entrega.miembros_6_17, entrega.miembros_18_59, entrega.miembros_60_mas) == (0, 0, 3, 0)


def test_documento_invalido(sub_miraflores, tipo, hogares):
    importacion = cargar(sub_miraflores, hoja_csv(fila("4015000X"), fila("401500021"), fila("4.00E+07")))

    assert errores_por_fila(importacion) == {2: {"E-DNI-FORMATO"}, 3: {"E-DNI-LONGITUD"}, 4: {"E-CIENTIFICO"}}


def test_duplicado_en_el_archivo(sub_miraflores, tipo, hogares):
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002"), fila(" 40150002 "), fila("40150003")))

    assert errores_por_fila(importacion) == {3: {"E-DUP-ARCHIVO"}}
    assert "fila 2" in importacion.errores.get(fila=3).mensaje
    assert importacion.nuevas == 2


def test_mismo_documento_en_dos_tipos_no_es_duplicado(sub_miraflores, tipo, hogares):
    TipoRegistroFactory(codigo="DU033-2")
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002"), fila("40150002", tipo="DU033-2")))

    assert importacion.nuevas == 2


def test_hogar_de_otro_distrito(sub_miraflores, tipo, hogares):
    importacion = cargar(sub_miraflores, hoja_csv(fila("40159999")))
    error = importacion.errores.get(fila=2)

    assert error.codigo == "E-OTRO-DISTRITO"
    assert SURCO not in error.mensaje
    assert hogares["40159999"].apellido_paterno not in error.mensaje


def test_hogar_de_baja(sub_miraflores, tipo, hogares):
    Beneficiario.objects.filter(numero_documento="40150002").update(estado=Beneficiario.Estado.BAJA)
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002")))

    assert errores_por_fila(importacion) == {2: {"E-HOGAR-BAJA"}}


def test_fuera_del_padron_sin_motivo(sub_miraflores, tipo, hogares):
    importacion = cargar(sub_miraflores, hoja_csv(fila("47000001")))

    assert errores_por_fila(importacion) == {2: {"E-FUERA-PADRON"}}
    columnas = set(importacion.errores.filter(fila=2).values_list("columna", flat=True))
    assert columnas == {"motivo_inclusion", "apellido_paterno", "nombres", "direccion"}


def test_fuera_del_padron_con_motivo_queda_observada(sub_miraflores, tipo, hogares):
    resto = ",DAMNIFICADO POR HUAICO,PAREDES,SOTO,ANA MARIA,JR. PUNO 5,987000001,"
    importacion = cargar(sub_miraflores, hoja_csv(fila("47000001", resto=resto)), aplicar=True)

    assert errores_por_fila(importacion, advertencias=True)[2] == {"W-FUERA-PADRON"}
    entrega = Entrega.objects.get()
    assert entrega.beneficiario is None
    assert entrega.estado == Entrega.Estado.OBSERVADA
    assert entrega.motivo_inclusion == "DAMNIFICADO POR HUAICO"
    assert entrega.nombres_receptor == "ANA MARIA PAREDES SOTO"
    assert entrega.direccion == "JR. PUNO 5"
    assert entrega.telefono == "987000001"


def test_ya_entregada_en_bd(sub_miraflores, tipo, hogares):
    EntregaFactory(beneficiario=hogares["40150002"], tipo_registro=tipo, operador=sub_miraflores)
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002"), fila("40150003")))

    assert errores_por_fila(importacion) == {2: {"E-YA-ENTREGADA"}}
    assert importacion.duplicadas == 1
    assert importacion.nuevas == 1


def test_entrega_anulada_no_cuenta(sub_miraflores, tipo, hogares):
    EntregaFactory(beneficiario=hogares["40150002"], tipo_registro=tipo, operador=sub_miraflores, estado="anulada")
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002")))

    assert importacion.nuevas == 1


def test_columna_desconocida_se_advierte(sub_miraflores, tipo, hogares):
    archivo = hoja_csv(fila() + ",X", encabezados=ENCABEZADOS + ",color")
    importacion = cargar(sub_miraflores, archivo)

    assert importacion.errores.filter(fila__isnull=True, codigo="W-COL-IGNORADA").count() == 1
    assert importacion.nuevas == 1


def test_gps_incompleto(sub_miraflores, tipo, hogares):
    archivo = hoja_csv(fila() + ",-12.12,", encabezados=ENCABEZADOS + ",latitud,longitud")
    importacion = cargar(sub_miraflores, archivo)

    assert errores_por_fila(importacion) == {2: {"E-GPS"}}


def test_gps_se_guarda(sub_miraflores, tipo, hogares):
    archivo = hoja_csv(fila() + ',-12.121,"-77,0298"', encabezados=ENCABEZADOS + ",latitud,longitud")
    cargar(sub_miraflores, archivo, aplicar=True)

    entrega = Entrega.objects.get()
    assert str(entrega.latitud) == "-12.121000"
    assert str(entrega.longitud) == "-77.029800"


# --- Rechazos del archivo entero ---


@pytest.mark.parametrize(
    "contenido,codigo",
    [
        (b"", "F-VACIO"),
        (b"%PDF-1.4 hola", "F-NO-HOJA"),
        (ENCABEZADOS.encode() + b"\n", "F-SIN-FILAS"),
        (b"numero_documento,tipo_registro,fecha_entrega,tipo_entrega,miembros_18_59\n1,2,3,4,5\n", "F-COLUMNA-FALTANTE"),
        (b"tipo_documento,numero_documento,tipo_registro,fecha_entrega,tipo_entrega\nDNI,1,2,3,4\n",
         "F-COLUMNA-FALTANTE"),
    ],
)
def test_archivo_rechazado_no_guarda_nada(sub_miraflores, contenido, codigo):
    with pytest.raises(ArchivoRechazado) as rechazo:
        servicios.carga_crear(usuario=sub_miraflores, archivo=ContentFile(contenido, name="x.csv"), encolar=False)

    assert rechazo.value.codigo == codigo
    assert Importacion.objects.count() == 0


def test_administrador_necesita_distrito(admin, tipo):
    with pytest.raises(ValueError):
        servicios.carga_crear(usuario=admin, archivo=hoja_csv(fila()), encolar=False)


def test_subadministrador_no_elige_otro_distrito(sub_miraflores, tipo, hogares):
    from canastas.models import Distrito

    importacion = cargar(sub_miraflores, hoja_csv(fila()), distrito=Distrito.objects.get(codigo=SURCO))

    assert importacion.distrito_id == MIRAFLORES


# --- Aplicación atómica e idempotencia ---


def test_falla_a_mitad_no_deja_nada(sub_miraflores, tipo, hogares):
    """Una falla de la base de datos al registrar la tercera fila deshace también las dos primeras."""
    importacion = cargar(
        sub_miraflores, hoja_csv(fila("40150002"), fila("40150003"), fila("04150007")),
        fotos=zip_de({"40150002.jpg": foto_jpeg(), "40150003.jpg": foto_jpeg()}),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION falla_en_04150007() RETURNS trigger AS $$
            BEGIN
              IF NEW.numero_documento = '04150007' THEN RAISE EXCEPTION 'falla inyectada'; END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER falla BEFORE INSERT ON entregas_entrega
              FOR EACH ROW EXECUTE FUNCTION falla_en_04150007();
            """
        )

    servicios.carga_confirmar(importacion=importacion, usuario=sub_miraflores, encolar=False)
    importacion = servicios.carga_aplicar(importacion.pk)

    assert Entrega.objects.count() == 0
    assert importacion.estado == Importacion.Estado.LISTO
    assert "No se registró ninguna entrega" in importacion.mensaje
    assert not RegistroAccion.objects.filter(accion=RegistroAccion.Accion.IMPORTAR).exists()


def test_falla_a_mitad_borra_las_fotos_guardadas(sub_miraflores, tipo, hogares, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    importacion = cargar(
        sub_miraflores, hoja_csv(fila("40150002"), fila("40150003")),
        fotos=zip_de({"40150002.jpg": foto_jpeg(), "40150003.jpg": foto_jpeg()}),
    )
    # Entre la vista previa y la confirmación, otra persona registra la entrega de la fila 3.
    EntregaFactory(beneficiario=hogares["40150003"], tipo_registro=tipo, operador=sub_miraflores)

    servicios.carga_confirmar(importacion=importacion, usuario=sub_miraflores, encolar=False)
    importacion = servicios.carga_aplicar(importacion.pk)

    assert Entrega.objects.filter(importacion=importacion).count() == 0
    assert "Fila 3" in importacion.mensaje
    assert (tmp_path / servicios.ruta_fotos(importacion)).exists()
    assert list(tmp_path.glob("evidencias/**/*.*")) == []


def test_mismo_archivo_dos_veces_no_agrega_nada(sub_miraflores, tipo, hogares):
    cargar(sub_miraflores, hoja_csv(fila("40150002"), fila("40150003")), aplicar=True)
    segunda = cargar(sub_miraflores, hoja_csv(fila("40150002"), fila("40150003")))

    assert Entrega.objects.count() == 2
    assert segunda.nuevas == 0
    assert errores_por_fila(segunda) == {2: {"E-YA-ENTREGADA"}, 3: {"E-YA-ENTREGADA"}}
    with pytest.raises(ImportacionNoAplicable):
        servicios.carga_confirmar(importacion=segunda, usuario=sub_miraflores, encolar=False)


def test_reaplicar_la_misma_carga_no_duplica(sub_miraflores, tipo, hogares):
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002")), aplicar=True)

    with pytest.raises(ImportacionNoAplicable):
        servicios.carga_confirmar(importacion=importacion, usuario=sub_miraflores, encolar=False)
    assert Entrega.objects.count() == 1


def test_aplicar_queda_en_auditoria(sub_miraflores, tipo, hogares):
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002")), aplicar=True)
    registro = RegistroAccion.objects.get(accion=RegistroAccion.Accion.IMPORTAR, objeto_id=str(importacion.pk))

    assert registro.usuario == sub_miraflores
    assert registro.despues["registradas"] == 1


def test_descartar_no_registra(sub_miraflores, tipo, hogares):
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002")))
    servicios.carga_descartar(importacion=importacion, usuario=sub_miraflores)

    with pytest.raises(ImportacionNoAplicable):
        servicios.carga_confirmar(importacion=importacion, usuario=sub_miraflores, encolar=False)
    assert Entrega.objects.count() == 0


def test_administrador_aplica_en_el_distrito_elegido(admin, tipo, hogares):
    from canastas.models import Distrito

    importacion = cargar(admin, hoja_csv(fila("40150002")), distrito=Distrito.objects.get(codigo=MIRAFLORES), aplicar=True)

    assert importacion.estado == Importacion.Estado.APLICADO
    assert Entrega.objects.get().distrito_id == MIRAFLORES


# --- Fotos ---


def test_fotos_se_emparejan_por_documento(sub_miraflores, tipo, hogares):
    resto_con_consentimiento = ",,,,,,,SI"
    archivo = hoja_csv(fila("40150002", resto=resto_con_consentimiento), fila("40150003"))
    fotos = zip_de({
        "fotos/40150002.jpg": foto_jpeg(), "fotos/40150002-persona.jpg": foto_jpeg((0, 0, 200)),
        "40150003.JPG": foto_jpeg(), "99999999.jpg": foto_jpeg(), "leeme.txt": b"hola",
    })
    importacion = cargar(sub_miraflores, archivo, fotos=fotos, aplicar=True)

    primera = Entrega.objects.get(numero_documento="40150002")
    segunda = Entrega.objects.get(numero_documento="40150003")
    assert primera.foto_dni_planilla and primera.foto_beneficiario
    assert primera.consentimiento_foto
    assert len(primera.sha256_dni_planilla) == 64
    assert segunda.foto_dni_planilla and not segunda.foto_beneficiario
    archivo_advertencias = dict(importacion.errores.filter(fila__isnull=True).values_list("codigo", "valor"))
    assert archivo_advertencias["W-FOTO-SIN-FILA"] == "99999999.jpg"
    assert archivo_advertencias["W-FOTO-IGNORADA"] == "leeme.txt"


def test_fila_sin_foto_se_advierte(sub_miraflores, tipo, hogares):
    fotos = zip_de({"40150002.jpg": foto_jpeg()})
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002"), fila("40150003")), fotos=fotos)

    assert errores_por_fila(importacion, advertencias=True) == {3: {"W-SIN-FOTO"}}
    assert importacion.nuevas == 2


def test_foto_de_persona_sin_consentimiento_no_se_guarda(sub_miraflores, tipo, hogares):
    fotos = zip_de({"40150002.jpg": foto_jpeg(), "40150002-persona.jpg": foto_jpeg()})
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002")), fotos=fotos, aplicar=True)

    assert errores_por_fila(importacion, advertencias=True) == {2: {"W-FOTO-SIN-CONSENTIMIENTO"}}
    entrega = Entrega.objects.get()
    assert entrega.foto_dni_planilla
    assert not entrega.foto_beneficiario


def test_foto_danada_rechaza_la_fila(sub_miraflores, tipo, hogares):
    fotos = zip_de({"40150002.jpg": foto_jpeg()[:60], "40150003.jpg": b"no es imagen"})
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002"), fila("40150003")), fotos=fotos)

    assert errores_por_fila(importacion) == {2: {"E-FOTO-INVALIDA"}, 3: {"E-FOTO-INVALIDA"}}


def test_foto_repetida_rechaza_la_fila(sub_miraflores, tipo, hogares):
    fotos = zip_de({"a/40150002.jpg": foto_jpeg(), "b/40150002.png": foto_jpeg()})
    importacion = cargar(sub_miraflores, hoja_csv(fila("40150002")), fotos=fotos)

    assert errores_por_fila(importacion) == {2: {"E-FOTO-REPETIDA"}}


def test_foto_con_dni_sin_ceros(sub_miraflores, tipo, hogares):
    fotos = zip_de({"4150007.jpg": foto_jpeg()})
    cargar(sub_miraflores, hoja_csv(fila("04150007")), fotos=fotos, aplicar=True)

    assert Entrega.objects.get().foto_dni_planilla


def test_zip_invalido_rechaza_la_carga(sub_miraflores, tipo, hogares):
    with pytest.raises(ArchivoRechazado) as rechazo:
        servicios.carga_crear(
            usuario=sub_miraflores, archivo=hoja_csv(fila()), fotos=ContentFile(b"hola", name="f.zip"), encolar=False
        )

    assert rechazo.value.codigo == "F-ZIP-NO-ZIP"
    assert Importacion.objects.count() == 0


def test_encabezados_con_variantes(sub_miraflores, tipo, hogares):
    encabezados = (
        "Tipo de Documento, N° DNI ,Tipo de Registro,Fecha de Entrega,Tipo de Entrega,0 a 5 años,"
        "de 6 a 17 años,18_a_59_años,60 a más,Observaciones,Motivo de inclusión"
    )
    archivo = hoja_csv(f"DNI,40150002,DU033-1,{hoy()},Punto de Entrega,1,0,1,1,ENTREGA EN LOSA,", encabezados=encabezados)
    cargar(sub_miraflores, archivo, aplicar=True)

    entrega = Entrega.objects.get()
    assert entrega.tipo_entrega == "punto"
    assert (entrega.miembros_0_5, entrega.miembros_6_17, entrega.miembros_18_59, entrega.miembros_60_mas) == (1, 0, 1, 1)
    assert entrega.observaciones.startswith("ENTREGA EN LOSA")


def test_cabecera_desplazada_cita_la_fila_de_la_hoja(sub_miraflores, tipo, hogares):
    archivo = hoja_csv("CARGA DE ENTREGAS - MUNICIPALIDAD DE MIRAFLORES", "", ENCABEZADOS, fila("4015000X"), encabezados="")
    importacion = cargar(sub_miraflores, archivo)

    assert importacion.fila_encabezado == 4
    assert errores_por_fila(importacion) == {5: {"E-DNI-FORMATO"}}
    assert importacion.errores.get(fila=5).mensaje.startswith("Fila 5,")


def test_codigo_compartido_pide_el_nombre(sub_miraflores, tipo, hogares):
    TipoRegistroFactory(codigo="DU033-1", nombre="Canasta municipal Miraflores", distrito_id=MIRAFLORES)
    importacion = cargar(
        sub_miraflores, hoja_csv(fila("40150002"), fila("40150003", tipo="Canasta municipal Miraflores"))
    )

    assert errores_por_fila(importacion) == {2: {"E-TIPO-REGISTRO"}}
    assert "Escriba el nombre" in importacion.errores.get(fila=2).mensaje
    assert importacion.nuevas == 1
