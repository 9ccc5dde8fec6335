"""Beneficiarios programados: tres formas de programar, todo o nada, idempotencia, avance y quitar."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beneficiarios.models import Beneficiario
from canastas.models import RegistroAccion
from entregas.models import Programacion
from tests.conftest import MIRAFLORES, SURCO
from tests.fabricas import BeneficiarioFactory, EntregaFactory, TipoRegistroFactory

pytestmark = pytest.mark.django_db

FECHA = "2026-04-03"


@pytest.fixture
def tipo_nacional(db):
    return TipoRegistroFactory(distrito_id=None, nombre="Canasta nacional", codigo="NAC-1")


@pytest.fixture
def tipo_miraflores(db):
    return TipoRegistroFactory(distrito_id=MIRAFLORES, nombre="Canasta Miraflores", codigo="MIR-1")


@pytest.fixture
def tipo_surco(db):
    return TipoRegistroFactory(distrito_id=SURCO, nombre="Canasta Surco", codigo="SUR-1")


@pytest.fixture
def rosa(db):
    return BeneficiarioFactory(numero_documento="01234567", nombres="ROSA", sexo="F", centro_poblado="VILLA SOL")


@pytest.fixture
def luis(db):
    return BeneficiarioFactory(numero_documento="40000002", nombres="LUIS", sexo="M", centro_poblado="VILLA SOL")


@pytest.fixture
def ana(db):
    return BeneficiarioFactory(numero_documento="40000003", nombres="ANA", sexo="F", centro_poblado="LAS LOMAS")


@pytest.fixture
def hogar_de_baja(db):
    return BeneficiarioFactory(numero_documento="40000004", nombres="PEDRO", estado=Beneficiario.Estado.BAJA)


@pytest.fixture
def hogar_surco(db):
    return BeneficiarioFactory(
        distrito_id=SURCO, numero_documento="40000009", apellido_paterno="SECRETO", nombres="MARTA"
    )


@pytest.fixture
def padron(rosa, luis, ana, hogar_de_baja, hogar_surco):
    return [rosa, luis, ana]


def datos_programacion(tipo, **extra):
    return {"tipo_registro": str(tipo.pk), "fecha_programada": FECHA, "punto_entrega": "Loza deportiva", **extra}


def programados_de(tipo) -> set[str]:
    return set(
        Programacion.objects.filter(tipo_registro=tipo).values_list("beneficiario__numero_documento", flat=True)
    )


def lotes_auditados():
    return RegistroAccion.objects.filter(modelo="entregas.Programacion", accion=RegistroAccion.Accion.CREAR)


def xlsx(filas) -> bytes:
    libro = openpyxl.Workbook()
    hoja = libro.active
    for fila in filas:
        hoja.append(list(fila))
    flujo = io.BytesIO()
    libro.save(flujo)
    return flujo.getvalue()


def subir(cliente, tipo, contenido: bytes, nombre="lista.xlsx", **extra):
    archivo = SimpleUploadedFile(nombre, contenido)
    return cliente.post(
        reverse("beneficiarios:programados_subir"), {**datos_programacion(tipo, **extra), "archivo": archivo}
    )


# --- Por filtros -------------------------------------------------------------------


def test_filtro_pide_confirmacion_con_total(cliente_de, sub_miraflores, padron, tipo_nacional):
    respuesta = cliente_de(sub_miraflores).post(
        reverse("beneficiarios:programados_nuevo"), datos_programacion(tipo_nacional, modo="filtro")
    )

    assert respuesta.status_code == 200
    assert respuesta.context["total"] == 3
    assert "¿Programar 3 hogares?" in respuesta.content.decode()
    assert Programacion.objects.count() == 0


def test_filtro_confirmado_programa_hogares(cliente_de, sub_miraflores, padron, tipo_nacional):
    datos = datos_programacion(tipo_nacional, modo="filtro", total_confirmado="3")

    respuesta = cliente_de(sub_miraflores).post(reverse("beneficiarios:programados_nuevo"), datos)

    programacion = Programacion.objects.get(beneficiario__numero_documento="01234567")
    assert respuesta.status_code == 302
    assert programados_de(tipo_nacional) == {"01234567", "40000002", "40000003"}
    assert programacion.distrito_id == MIRAFLORES
    assert programacion.fecha_programada == datetime.date(2026, 4, 3)
    assert programacion.punto_entrega == "Loza deportiva"
    assert programacion.creado_por == sub_miraflores


def test_filtro_aplica_sexo_y_centro_poblado(cliente_de, sub_miraflores, padron, tipo_nacional):
    url = reverse("beneficiarios:programados_nuevo") + "?sexo=F&centro_poblado=villa"
    datos = datos_programacion(tipo_nacional, modo="filtro", total_confirmado="1")

    cliente_de(sub_miraflores).post(url, datos)

    assert programados_de(tipo_nacional) == {"01234567"}


def test_filtro_aplica_busqueda(cliente_de, sub_miraflores, padron, tipo_nacional):
    url = reverse("beneficiarios:programados_nuevo") + "?q=ana"

    respuesta = cliente_de(sub_miraflores).post(url, datos_programacion(tipo_nacional, modo="filtro"))

    assert respuesta.context["total"] == 1


def test_filtro_deja_fuera_hogares_de_baja(cliente_de, sub_miraflores, padron, tipo_nacional):
    datos = datos_programacion(tipo_nacional, modo="filtro", total_confirmado="3")

    cliente_de(sub_miraflores).post(reverse("beneficiarios:programados_nuevo"), datos)

    assert "40000004" not in programados_de(tipo_nacional)
    assert len(programados_de(tipo_nacional)) == 3


def test_filtro_invalido_no_programa(cliente_de, sub_miraflores, padron, tipo_nacional):
    url = reverse("beneficiarios:programados_nuevo") + "?estado=baja"
    datos = datos_programacion(tipo_nacional, modo="filtro", total_confirmado="3")

    respuesta = cliente_de(sub_miraflores).post(url, datos)

    assert "Corrija los filtros" in respuesta.content.decode()
    assert Programacion.objects.count() == 0


def test_filtro_subadmin_ignora_distrito_ajeno(cliente_de, sub_miraflores, padron, tipo_nacional):
    url = reverse("beneficiarios:programados_nuevo") + f"?distrito={SURCO}"
    datos = datos_programacion(tipo_nacional, modo="filtro", total_confirmado="3")

    cliente_de(sub_miraflores).post(url, datos)

    assert "40000009" not in programados_de(tipo_nacional)
    assert Programacion.objects.filter(distrito_id=SURCO).count() == 0


def test_filtro_total_cambiado_no_programa(cliente_de, sub_miraflores, padron, tipo_nacional):
    datos = datos_programacion(tipo_nacional, modo="filtro", total_confirmado="2")

    respuesta = cliente_de(sub_miraflores).post(reverse("beneficiarios:programados_nuevo"), datos)

    assert respuesta.status_code == 200
    assert "cambió de 2 a 3" in respuesta.content.decode()
    assert Programacion.objects.count() == 0


def test_filtro_admin_con_tipo_distrital_solo_su_distrito(cliente_de, admin, padron, tipo_miraflores):
    datos = datos_programacion(tipo_miraflores, modo="filtro", total_confirmado="3")

    cliente_de(admin).post(reverse("beneficiarios:programados_nuevo"), datos)

    assert programados_de(tipo_miraflores) == {"01234567", "40000002", "40000003"}


def test_filtro_admin_con_tipo_nacional_abarca_distritos(cliente_de, admin, padron, tipo_nacional):
    datos = datos_programacion(tipo_nacional, modo="filtro", total_confirmado="4")

    cliente_de(admin).post(reverse("beneficiarios:programados_nuevo"), datos)

    assert Programacion.objects.get(beneficiario__numero_documento="40000009").distrito_id == SURCO
    assert Programacion.objects.count() == 4


# --- Idempotencia y auditoría ---------------------------------------------------------


def test_programar_dos_veces_no_duplica(cliente_de, sub_miraflores, padron, tipo_nacional):
    cliente = cliente_de(sub_miraflores)
    datos = datos_programacion(tipo_nacional, modo="filtro", total_confirmado="3")
    cliente.post(reverse("beneficiarios:programados_nuevo"), datos)

    otra_fecha = {**datos, "fecha_programada": "2026-05-01"}
    respuesta = cliente.post(reverse("beneficiarios:programados_nuevo"), otra_fecha, follow=True)

    assert Programacion.objects.count() == 3
    assert set(Programacion.objects.values_list("fecha_programada", flat=True)) == {datetime.date(2026, 4, 3)}
    assert "Se programaron 0 hogares" in respuesta.content.decode()
    assert "3 ya estaban programados" in respuesta.content.decode()


def test_lote_audita_conteos(cliente_de, sub_miraflores, padron, tipo_nacional, luis):
    cliente = cliente_de(sub_miraflores)
    cliente.post(reverse("beneficiarios:programados_nuevo"), datos_programacion(
        tipo_nacional, modo="seleccion", beneficiarios=[str(luis.pk)]
    ))

    cliente.post(
        reverse("beneficiarios:programados_nuevo"), datos_programacion(tipo_nacional, modo="filtro", total_confirmado="3")
    )

    registro = lotes_auditados().order_by("-id").first()
    assert lotes_auditados().count() == 2
    assert registro.distrito_id == MIRAFLORES
    assert registro.despues["programados"] == 2
    assert registro.despues["ya_programados"] == 1
    assert registro.despues["tipo_registro"] == "NAC-1"


def test_mismo_hogar_en_otro_tipo_si_se_programa(cliente_de, sub_miraflores, rosa, tipo_nacional, tipo_miraflores):
    cliente = cliente_de(sub_miraflores)

    for tipo in (tipo_nacional, tipo_miraflores):
        cliente.post(
            reverse("beneficiarios:programados_nuevo"),
            datos_programacion(tipo, modo="seleccion", beneficiarios=[str(rosa.pk)]),
        )

    assert Programacion.objects.filter(beneficiario=rosa).count() == 2


# --- Por selección ---------------------------------------------------------------------


def test_seleccion_programa_los_marcados(cliente_de, sub_miraflores, padron, tipo_nacional, rosa, ana):
    datos = datos_programacion(tipo_nacional, modo="seleccion", beneficiarios=[str(rosa.pk), str(ana.pk)])

    respuesta = cliente_de(sub_miraflores).post(reverse("beneficiarios:programados_nuevo"), datos)

    assert respuesta.status_code == 302
    assert programados_de(tipo_nacional) == {"01234567", "40000003"}


def test_seleccion_vacia_da_error(cliente_de, sub_miraflores, padron, tipo_nacional):
    respuesta = cliente_de(sub_miraflores).post(
        reverse("beneficiarios:programados_nuevo"), datos_programacion(tipo_nacional, modo="seleccion")
    )

    assert "Marque al menos un hogar" in respuesta.content.decode()


@pytest.mark.parametrize("ajeno", ["hogar_surco", "hogar_de_baja"])
def test_seleccion_con_hogar_ajeno_no_programa_ninguno(cliente_de, sub_miraflores, padron, tipo_nacional, rosa, request, ajeno):
    hogar = request.getfixturevalue(ajeno)
    datos = datos_programacion(tipo_nacional, modo="seleccion", beneficiarios=[str(rosa.pk), str(hogar.pk)])

    respuesta = cliente_de(sub_miraflores).post(reverse("beneficiarios:programados_nuevo"), datos)

    assert respuesta.status_code == 200
    assert "No se programó ninguno" in respuesta.content.decode()
    assert Programacion.objects.count() == 0


def test_seleccion_admin_tipo_distrital_rechaza_otro_distrito(cliente_de, admin, padron, tipo_miraflores, rosa, hogar_surco):
    datos = datos_programacion(tipo_miraflores, modo="seleccion", beneficiarios=[str(rosa.pk), str(hogar_surco.pk)])

    cliente_de(admin).post(reverse("beneficiarios:programados_nuevo"), datos)

    assert Programacion.objects.count() == 0


@pytest.mark.parametrize("caso", ["tipo_surco", "inactivo"])
def test_tipo_no_programable_se_rechaza(cliente_de, sub_miraflores, rosa, tipo_surco, caso):
    tipo = tipo_surco if caso == "tipo_surco" else TipoRegistroFactory(distrito_id=MIRAFLORES, activo=False)
    datos = datos_programacion(tipo, modo="seleccion", beneficiarios=[str(rosa.pk)])

    respuesta = cliente_de(sub_miraflores).post(reverse("beneficiarios:programados_nuevo"), datos)

    assert respuesta.status_code == 200
    assert respuesta.context["formulario"].has_error("tipo_registro")
    assert Programacion.objects.count() == 0


@pytest.mark.parametrize("rol", ["operador_miraflores", "invitado_miraflores"])
def test_programar_sin_rol_responde_403(cliente_de, request, rosa, tipo_nacional, rol):
    datos = datos_programacion(tipo_nacional, modo="seleccion", beneficiarios=[str(rosa.pk)])

    respuesta = cliente_de(request.getfixturevalue(rol)).post(reverse("beneficiarios:programados_nuevo"), datos)

    assert respuesta.status_code == 403
    assert Programacion.objects.count() == 0


def test_nuevo_lista_solo_hogares_programables(cliente_de, sub_miraflores, padron):
    respuesta = cliente_de(sub_miraflores).get(reverse("beneficiarios:programados_nuevo"))

    documentos = {hogar.numero_documento for hogar in respuesta.context["pagina"]}
    assert documentos == {"01234567", "40000002", "40000003"}


# --- Por archivo -------------------------------------------------------------------------


def test_xlsx_con_dni_sin_cero_inicial(cliente_de, sub_miraflores, padron, tipo_nacional):
    contenido = xlsx([("DNI",), (1234567,), ("40000002",)])

    respuesta = subir(cliente_de(sub_miraflores), tipo_nacional, contenido)

    assert respuesta.status_code == 302
    assert programados_de(tipo_nacional) == {"01234567", "40000002"}


def test_xlsx_avisa_dni_completado(cliente_de, sub_miraflores, padron, tipo_nacional):
    contenido = xlsx([("Nro. DNI", "Nombres"), (1234567, "ROSA")])

    respuesta = subir(cliente_de(sub_miraflores), tipo_nacional, contenido)
    pagina = cliente_de(sub_miraflores).get(respuesta["Location"]).content.decode()

    assert "se completó con ceros" in pagina


def test_csv_sin_encabezado(cliente_de, sub_miraflores, padron, tipo_nacional):
    contenido = b"01234567\r\n40000003\r\n"

    respuesta = subir(cliente_de(sub_miraflores), tipo_nacional, contenido, nombre="lista.csv")

    assert respuesta.status_code == 302
    assert programados_de(tipo_nacional) == {"01234567", "40000003"}


def test_csv_con_tipo_y_titulo(cliente_de, sub_miraflores, padron, tipo_nacional):
    contenido = "Lista de la semana\r\ntipo_documento;numero_documento\r\nDNI;40000002\r\n;1234567\r\n".encode("cp1252")

    subir(cliente_de(sub_miraflores), tipo_nacional, contenido, nombre="lista.csv")

    assert programados_de(tipo_nacional) == {"01234567", "40000002"}


def test_archivo_con_repetidos_programa_una_vez(cliente_de, sub_miraflores, padron, tipo_nacional):
    contenido = b"DNI\n40000002\n40000002\n"

    respuesta = subir(cliente_de(sub_miraflores), tipo_nacional, contenido, nombre="lista.csv")
    pagina = cliente_de(sub_miraflores).get(respuesta["Location"]).content.decode()

    assert Programacion.objects.count() == 1
    assert "ya está en la fila 2" in pagina


def test_archivo_con_observados_no_programa_nada(cliente_de, sub_miraflores, padron, tipo_nacional):
    contenido = xlsx([("DNI",), ("40000002",), ("49999999",), ("40000009",), ("4000000X",), ("40000004",)])

    respuesta = subir(cliente_de(sub_miraflores), tipo_nacional, contenido)

    errores = {fila.fila: fila.codigo for fila in respuesta.context["rechazo"].errores}
    assert respuesta.status_code == 200
    assert Programacion.objects.count() == 0
    assert errores == {
        3: "E-PROG-NO-PADRON",
        4: "E-PROG-OTRO-DISTRITO",
        5: "E-DNI-FORMATO",
        6: "E-PROG-BAJA",
    }


def test_archivo_no_revela_datos_de_otro_distrito(cliente_de, sub_miraflores, padron, tipo_nacional):
    contenido = xlsx([("DNI",), ("40000009",)])

    pagina = subir(cliente_de(sub_miraflores), tipo_nacional, contenido).content.decode()

    assert "otro distrito" in pagina
    assert "SECRETO" not in pagina
    assert "MARTA" not in pagina
    assert "Surco" not in pagina


def test_archivo_admin_tipo_distrital_rechaza_otro_distrito(cliente_de, admin, padron, tipo_miraflores):
    contenido = xlsx([("DNI",), ("40000002",), ("40000009",)])

    respuesta = subir(cliente_de(admin), tipo_miraflores, contenido)

    assert [fila.codigo for fila in respuesta.context["rechazo"].errores] == ["E-PROG-DISTRITO-TIPO"]
    assert Programacion.objects.count() == 0


def test_archivo_dos_veces_no_duplica(cliente_de, sub_miraflores, padron, tipo_nacional):
    cliente = cliente_de(sub_miraflores)
    contenido = xlsx([("DNI",), ("40000002",), ("40000003",)])
    subir(cliente, tipo_nacional, contenido)

    respuesta = subir(cliente, tipo_nacional, contenido)
    pagina = cliente.get(respuesta["Location"]).content.decode()

    assert Programacion.objects.count() == 2
    assert "2 ya estaban programados" in pagina
    assert lotes_auditados().order_by("-id").first().despues["programados"] == 0


def test_archivo_ilegible_se_explica(cliente_de, sub_miraflores, tipo_nacional):
    respuesta = subir(cliente_de(sub_miraflores), tipo_nacional, b"%PDF-1.4 no es una hoja")

    assert respuesta.status_code == 200
    assert "PDF" in respuesta.content.decode()
    assert Programacion.objects.count() == 0


def test_archivo_sin_columna_dni_se_explica(cliente_de, sub_miraflores, padron, tipo_nacional):
    contenido = xlsx([("nombres", "apellidos"), ("ROSA", "QUISPE")])

    respuesta = subir(cliente_de(sub_miraflores), tipo_nacional, contenido)

    assert respuesta.context["formulario"].has_error("archivo")
    assert Programacion.objects.count() == 0


# --- Lista y avance --------------------------------------------------------------------


@pytest.fixture
def programaciones(sub_miraflores, operador_miraflores, padron, tipo_nacional, rosa, luis, ana, hogar_surco):
    """Tres hogares programados en Miraflores (uno entregado, uno con entrega anulada) y uno en Surco."""
    for hogar in (rosa, luis, ana, hogar_surco):
        Programacion.objects.create(
            beneficiario=hogar,
            tipo_registro=tipo_nacional,
            distrito_id=hogar.distrito_id,
            fecha_programada=datetime.date(2026, 4, 3) if hogar != ana else datetime.date(2026, 4, 10),
            creado_por=sub_miraflores,
        )
    EntregaFactory(beneficiario=rosa, tipo_registro=tipo_nacional, operador=operador_miraflores)
    EntregaFactory(beneficiario=luis, tipo_registro=tipo_nacional, operador=operador_miraflores, estado="anulada")


def test_avance_cuenta_entregas_no_anuladas(cliente_de, sub_miraflores, programaciones):
    avance = cliente_de(sub_miraflores).get(reverse("beneficiarios:programados")).context["avance"]

    assert len(avance) == 1
    assert avance[0].programados == 3
    assert avance[0].entregados == 1
    assert avance[0].pendientes == 2
    assert avance[0].porcentaje == 33


def test_lista_subadmin_no_ve_otro_distrito(cliente_de, sub_miraflores, programaciones):
    respuesta = cliente_de(sub_miraflores).get(reverse("beneficiarios:programados"))

    assert respuesta.context["pagina"].paginator.count == 3
    assert "40000009" not in respuesta.content.decode()


@pytest.mark.parametrize("entregado,esperados", [("si", {"01234567"}), ("no", {"40000002", "40000003"})])
def test_lista_filtra_entregado(cliente_de, sub_miraflores, programaciones, entregado, esperados):
    respuesta = cliente_de(sub_miraflores).get(reverse("beneficiarios:programados"), {"entregado": entregado})

    assert {p.beneficiario.numero_documento for p in respuesta.context["pagina"]} == esperados


def test_lista_filtra_fecha(cliente_de, sub_miraflores, programaciones):
    respuesta = cliente_de(sub_miraflores).get(reverse("beneficiarios:programados"), {"fecha": "2026-04-10"})

    assert [p.beneficiario.numero_documento for p in respuesta.context["pagina"]] == ["40000003"]


def test_lista_filtra_tipo(cliente_de, sub_miraflores, programaciones, tipo_miraflores):
    respuesta = cliente_de(sub_miraflores).get(reverse("beneficiarios:programados"), {"tipo_registro": tipo_miraflores.pk})

    assert respuesta.context["pagina"].paginator.count == 0


def test_lista_admin_ve_todos(cliente_de, admin, programaciones):
    respuesta = cliente_de(admin).get(reverse("beneficiarios:programados"))

    assert respuesta.context["pagina"].paginator.count == 4


# --- Quitar ---------------------------------------------------------------------------


def test_quitar_pide_confirmacion(cliente_de, sub_miraflores, programaciones, ana):
    programacion = Programacion.objects.get(beneficiario=ana)

    respuesta = cliente_de(sub_miraflores).get(reverse("beneficiarios:programados_quitar", args=[programacion.pk]))

    assert "¿Quitar la programación?" in respuesta.content.decode()
    assert Programacion.objects.filter(pk=programacion.pk).exists()


def test_quitar_borra_y_audita(cliente_de, sub_miraflores, programaciones, ana):
    programacion = Programacion.objects.get(beneficiario=ana)

    cliente_de(sub_miraflores).post(reverse("beneficiarios:programados_quitar", args=[programacion.pk]))

    registro = RegistroAccion.objects.get(modelo="entregas.Programacion", accion=RegistroAccion.Accion.ANULAR)
    assert not Programacion.objects.filter(pk=programacion.pk).exists()
    assert registro.objeto_id == str(programacion.pk)
    assert registro.distrito_id == MIRAFLORES
    assert registro.antes["documento"] == "40000003"
    assert registro.antes["fecha_programada"] == "2026-04-10"


def test_quitar_entregado_no_se_permite(cliente_de, sub_miraflores, programaciones, rosa):
    programacion = Programacion.objects.get(beneficiario=rosa)

    respuesta = cliente_de(sub_miraflores).post(
        reverse("beneficiarios:programados_quitar", args=[programacion.pk]), follow=True
    )

    assert Programacion.objects.filter(pk=programacion.pk).exists()
    assert "ya recibió este tipo de registro" in respuesta.content.decode()


def test_quitar_con_entrega_anulada_se_permite(cliente_de, sub_miraflores, programaciones, luis):
    programacion = Programacion.objects.get(beneficiario=luis)

    cliente_de(sub_miraflores).post(reverse("beneficiarios:programados_quitar", args=[programacion.pk]))

    assert not Programacion.objects.filter(pk=programacion.pk).exists()


def test_quitar_de_otro_distrito_responde_404(cliente_de, sub_surco, programaciones, ana):
    programacion = Programacion.objects.get(beneficiario=ana)

    respuesta = cliente_de(sub_surco).post(reverse("beneficiarios:programados_quitar", args=[programacion.pk]))

    assert respuesta.status_code == 404
    assert Programacion.objects.filter(pk=programacion.pk).exists()
