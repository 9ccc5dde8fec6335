"""Páginas del padrón: carga con vista previa, lista, ficha, corrección y exportación."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beneficiarios.models import Beneficiario, Importacion
from canastas.models import RegistroAccion
from tests.beneficiarios.conftest import caso, importar
from tests.fabricas import BeneficiarioFactory

pytestmark = pytest.mark.django_db


def subir(cliente, ruta, **datos):
    archivo = SimpleUploadedFile(ruta.name, ruta.read_bytes())
    return cliente.post(reverse("beneficiarios:importaciones"), {"archivo": archivo, **datos})


@pytest.mark.parametrize(
    "nombre,codigo_texto",
    [
        ("24-protegido-con-clave.xlsx", "contraseña"),
        ("25-corrupto-truncado.xlsx", "dañado"),
        ("26-no-es-hoja-pdf.xlsx", "PDF"),
        ("09b-columna-obligatoria-faltante.xlsx", "ubigeo"),
    ],
)
def test_archivo_rechazado_se_explica_en_el_formulario(cliente_de, admin, nombre, codigo_texto):
    respuesta = subir(cliente_de(admin), caso(nombre))

    assert respuesta.status_code == 200
    assert codigo_texto in respuesta.content.decode()
    assert Importacion.objects.count() == 0


def test_archivo_vacio_se_explica(cliente_de, sub_miraflores):
    archivo = SimpleUploadedFile("vacio.csv", b"")
    respuesta = cliente_de(sub_miraflores).post(reverse("beneficiarios:importaciones"), {"archivo": archivo})

    assert respuesta.status_code == 200
    assert "vacío" in respuesta.content.decode()


def test_subir_muestra_vista_previa_con_errores(cliente_de, admin):
    respuesta = subir(cliente_de(admin), caso("10-filas-titulo-encabezado-desplazado.xlsx"))
    importacion = Importacion.objects.get()

    assert respuesta.status_code == 302
    pagina = cliente_de(admin).get(respuesta["Location"]).content.decode()
    assert "Fila 7" in pagina
    assert "E-SEXO" in pagina
    assert importacion.fila_encabezado == 4
    assert importacion.nuevas == 2


def test_confirmar_registra_y_redirige(cliente_de, admin):
    subir(cliente_de(admin), caso("08-csv-utf8-bom.csv"))
    importacion = Importacion.objects.get()
    url = reverse("beneficiarios:importacion_aplicar", args=[importacion.pk])

    respuesta = cliente_de(admin).post(url, {"conforme": "1"})

    assert respuesta.status_code == 302
    assert Beneficiario.objects.count() == 3
    assert Importacion.objects.get().estado == Importacion.Estado.APLICADO


def test_confirmar_sin_conformidad_no_registra(cliente_de, admin):
    subir(cliente_de(admin), caso("08-csv-utf8-bom.csv"))
    importacion = Importacion.objects.get()

    cliente_de(admin).post(reverse("beneficiarios:importacion_aplicar", args=[importacion.pk]))

    assert Beneficiario.objects.count() == 0


def test_estado_json_para_la_barra(cliente_de, admin):
    subir(cliente_de(admin), caso("08-csv-utf8-bom.csv"))
    importacion = Importacion.objects.get()

    datos = cliente_de(admin).get(reverse("beneficiarios:importacion_estado", args=[importacion.pk])).json()

    assert datos["estado"] == "listo"
    assert datos["porcentaje"] == 100
    assert datos["en_proceso"] is False


def test_descarga_de_rechazadas_trae_la_columna_de_errores(cliente_de, admin):
    importacion = importar(caso("17-atomicidad-error-a-mitad.csv"), admin)

    respuesta = cliente_de(admin).get(reverse("beneficiarios:importacion_rechazadas", args=[importacion.pk]))
    libro = openpyxl.load_workbook(io.BytesIO(b"".join(respuesta.streaming_content)))
    filas = list(libro.active.iter_rows(values_only=True))

    assert filas[0][0] == "fila"
    assert filas[0][-1] == "errores"
    assert [fila[0] for fila in filas[1:]] == [5, 7]
    assert "miembros" in filas[2][-1]


def test_plantilla_tiene_columnas_e_instrucciones(cliente_de, sub_miraflores):
    respuesta = cliente_de(sub_miraflores).get(reverse("beneficiarios:plantilla"))
    libro = openpyxl.load_workbook(io.BytesIO(b"".join(respuesta.streaming_content)))

    assert libro.sheetnames == ["Padron", "Instrucciones"]
    assert libro["Padron"]["B1"].value == "numero_documento"
    assert libro["Padron"]["B2"].value is None  # sin fila de ejemplo que se cargue por error
    ejemplos = {fila[0]: fila[2] for fila in libro["Instrucciones"].iter_rows(values_only=True) if fila[0]}
    assert ejemplos["numero_documento"] == "01234567"


def test_lista_busca_sin_tildes(cliente_de, sub_miraflores):
    BeneficiarioFactory(apellido_paterno="ÑAUPARI", nombres="JOSÉ ÁNGEL", numero_documento="04070004")
    BeneficiarioFactory(apellido_paterno="QUISPE", nombres="ROSA", numero_documento="40000009")

    pagina = cliente_de(sub_miraflores).get(reverse("beneficiarios:lista"), {"q": "naupari jose"}).content.decode()

    assert "ÑAUPARI" in pagina
    assert "40000009" not in pagina


def test_lista_busca_dni_sin_cero_inicial(cliente_de, sub_miraflores):
    BeneficiarioFactory(numero_documento="04070004")

    pagina = cliente_de(sub_miraflores).get(reverse("beneficiarios:lista"), {"q": "4070004"}).content.decode()

    assert "04070004" in pagina


def test_lista_no_muestra_otro_distrito(cliente_de, sub_miraflores):
    BeneficiarioFactory(distrito_id="150140", numero_documento="45555555")

    pagina = cliente_de(sub_miraflores).get(reverse("beneficiarios:lista")).content.decode()

    assert "45555555" not in pagina


def test_invitado_ve_documentos_enmascarados(cliente_de, invitado_miraflores):
    BeneficiarioFactory(numero_documento="41234567", apellido_paterno="QUISPE", nombres="ROSA")

    pagina = cliente_de(invitado_miraflores).get(reverse("beneficiarios:lista")).content.decode()

    assert "41234567" not in pagina
    assert "67" in pagina
    assert "QUISPE" not in pagina
    assert "ROSA" not in pagina


def test_lista_pagina_de_50(cliente_de, sub_miraflores):
    BeneficiarioFactory.create_batch(51)

    respuesta = cliente_de(sub_miraflores).get(reverse("beneficiarios:lista"))

    assert len(respuesta.context["pagina"]) == 50
    assert "Página 1 de 2" in respuesta.content.decode()


def test_corregir_guarda_antes_y_despues(cliente_de, sub_miraflores):
    beneficiario = BeneficiarioFactory(direccion="JR. LIMA 1", miembros_hogar=4)
    url = reverse("beneficiarios:corregir", args=[beneficiario.pk])
    datos = {
        "apellido_paterno": beneficiario.apellido_paterno, "apellido_materno": beneficiario.apellido_materno,
        "nombres": beneficiario.nombres, "direccion": "JR. CUSCO 22", "miembros_hogar": 5,
        "estado": "activo", "motivo": "Visita domiciliaria",
    }

    respuesta = cliente_de(sub_miraflores).post(url, datos)

    assert respuesta.status_code == 302
    registro = RegistroAccion.objects.get(accion=RegistroAccion.Accion.MODIFICAR)
    assert registro.antes == {"direccion": "JR. LIMA 1", "miembros_hogar": 4}
    assert registro.despues == {"direccion": "JR. CUSCO 22", "miembros_hogar": 5}
    assert registro.usuario == sub_miraflores
    assert registro.detalle == "Visita domiciliaria"


def test_corregir_con_datos_invalidos_no_cambia_nada(cliente_de, sub_miraflores):
    beneficiario = BeneficiarioFactory(miembros_hogar=4)
    url = reverse("beneficiarios:corregir", args=[beneficiario.pk])
    datos = {"apellido_paterno": "QUISPE", "nombres": "ROSA", "direccion": "X", "miembros_hogar": 0,
             "estado": "activo", "motivo": "prueba"}

    respuesta = cliente_de(sub_miraflores).post(url, datos)

    assert respuesta.status_code == 200
    assert "entre 1 y 30" in respuesta.content.decode()
    beneficiario.refresh_from_db()
    assert beneficiario.miembros_hogar == 4
    assert not RegistroAccion.objects.filter(accion=RegistroAccion.Accion.MODIFICAR).exists()


def test_corregir_no_cambia_distrito_ni_documento(cliente_de, sub_miraflores):
    beneficiario = BeneficiarioFactory(numero_documento="41111111")
    url = reverse("beneficiarios:corregir", args=[beneficiario.pk])
    datos = {"apellido_paterno": "QUISPE", "nombres": "ROSA", "direccion": "JR. LIMA 1", "miembros_hogar": 4,
             "estado": "activo", "motivo": "prueba", "distrito": "150140", "numero_documento": "49999999"}

    cliente_de(sub_miraflores).post(url, datos)

    beneficiario.refresh_from_db()
    assert beneficiario.distrito_id == "150122"
    assert beneficiario.numero_documento == "41111111"


def _exportar(cliente, formato):
    respuesta = cliente.get(reverse("beneficiarios:exportar"), {"formato": formato})
    return b"".join(respuesta.streaming_content)


def test_exportacion_csv_neutraliza_formulas(cliente_de, admin):
    importar(caso("28-inyeccion-formulas.csv"), admin, aplicar=True)

    contenido = _exportar(cliente_de(admin), "csv").decode("utf-8-sig")
    direcciones = {fila["numero_documento"]: fila["direccion"] for fila in csv.DictReader(io.StringIO(contenido))}

    assert direcciones["40280002"] == "'=HYPERLINK(\"http://ejemplo.invalid/x\",\"ver\")"
    assert direcciones["40280005"] == "'-MZ. B LT. 5"
    assert direcciones["40280006"] == "'=1+1"
    assert direcciones["40280007"].startswith("'=cmd")
    assert direcciones["40280004"] == "JR. ILO 4"


def test_exportacion_xlsx_sin_formulas(cliente_de, admin):
    importar(caso("28-inyeccion-formulas.csv"), admin, aplicar=True)

    contenido = _exportar(cliente_de(admin), "xlsx")
    with zipfile.ZipFile(io.BytesIO(contenido)) as libro:
        hoja_xml = libro.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in hoja_xml
    hoja = openpyxl.load_workbook(io.BytesIO(contenido)).active
    celdas = [fila[8] for fila in hoja.iter_rows(min_row=2)]
    assert all(celda.data_type == "s" for celda in celdas)


def test_exportacion_csv_se_vuelve_a_importar_igual(cliente_de, admin, tmp_path):
    importar(caso("28-inyeccion-formulas.csv"), admin, aplicar=True)
    antes = dict(Beneficiario.objects.values_list("numero_documento", "direccion"))
    ruta = tmp_path / "exportado.csv"
    ruta.write_bytes(_exportar(cliente_de(admin), "csv"))
    Beneficiario.objects.all().delete()

    importar(ruta, admin, aplicar=True)

    assert dict(Beneficiario.objects.values_list("numero_documento", "direccion")) == antes


def test_exportacion_queda_en_auditoria(cliente_de, sub_miraflores):
    BeneficiarioFactory()

    _exportar(cliente_de(sub_miraflores), "xlsx")

    registro = RegistroAccion.objects.get(accion=RegistroAccion.Accion.EXPORTAR)
    assert registro.distrito_id == "150122"
    assert registro.despues["filas"] == 1


def test_mismo_archivo_se_reconoce(cliente_de, admin):
    subir(cliente_de(admin), caso("08-csv-utf8-bom.csv"))
    respuesta = subir(cliente_de(admin), caso("08-csv-utf8-bom.csv"))

    pagina = cliente_de(admin).get(respuesta["Location"]).content.decode()

    assert "Este mismo archivo ya se subió antes" in pagina


def test_invitado_no_tiene_busqueda_libre(cliente_de, invitado_miraflores):
    """Con búsqueda libre, un invitado reconstruiría un DNI probando dígito por dígito."""
    BeneficiarioFactory(numero_documento="41234567")
    BeneficiarioFactory(numero_documento="49999967")

    respuesta = cliente_de(invitado_miraflores).get(reverse("beneficiarios:lista"), {"q": "41234567"})

    assert respuesta.context["pagina"].paginator.count == 2
    assert 'name="q"' not in respuesta.content.decode()


def test_corregir_aplica_las_reglas_de_la_carga(cliente_de, sub_miraflores):
    beneficiario = BeneficiarioFactory()
    url = reverse("beneficiarios:corregir", args=[beneficiario.pk])
    base = {"apellido_paterno": "QUISPE", "nombres": "ROSA", "direccion": "JR. LIMA 1", "miembros_hogar": 4,
            "estado": "activo", "motivo": "prueba"}

    for campo, valor in [("fecha_nacimiento", "2099-01-01"), ("fecha_nacimiento", "1800-01-01"),
                         ("apellido_paterno", "123"), ("nombres", "=1+1"), ("telefono", "12345")]:
        respuesta = cliente_de(sub_miraflores).post(url, {**base, campo: valor})
        assert respuesta.status_code == 200, (campo, valor)
        assert campo in respuesta.context["formulario"].errors, (campo, valor)


def test_corregir_normaliza_el_telefono(cliente_de, sub_miraflores):
    beneficiario = BeneficiarioFactory()
    url = reverse("beneficiarios:corregir", args=[beneficiario.pk])
    datos = {"apellido_paterno": "QUISPE", "nombres": "ROSA", "direccion": "JR. LIMA 1", "miembros_hogar": 4,
             "estado": "activo", "motivo": "prueba", "telefono": "+51 987 091 003"}

    cliente_de(sub_miraflores).post(url, datos)

    beneficiario.refresh_from_db()
    assert beneficiario.telefono == "987091003"


def test_caracter_nulo_responde_400(cliente_de, sub_miraflores):
    respuesta = cliente_de(sub_miraflores).get(reverse("beneficiarios:exportar"), {"formato": "csv", "q": "a\x00b"})

    assert respuesta.status_code == 400
    assert "caracteres no permitidos" in respuesta.content.decode()


def test_archivo_subido_solo_lo_lee_el_servicio(cliente_de, admin):
    import os
    import stat

    subir(cliente_de(admin), caso("08-csv-utf8-bom.csv"))
    importacion = Importacion.objects.get()

    modo = stat.S_IMODE(os.stat(importacion.archivo.path).st_mode)
    assert modo == 0o600


def test_historial_en_palabras_del_usuario(cliente_de, sub_miraflores):
    beneficiario = BeneficiarioFactory()
    url = reverse("beneficiarios:corregir", args=[beneficiario.pk])
    datos = {"apellido_paterno": beneficiario.apellido_paterno, "apellido_materno": beneficiario.apellido_materno,
             "nombres": beneficiario.nombres, "direccion": beneficiario.direccion, "miembros_hogar": 4,
             "estado": "activo", "motivo": "visita", "fecha_nacimiento": "1980-05-12", "es_adulto_mayor": "on"}
    cliente_de(sub_miraflores).post(url, datos)

    pagina = cliente_de(sub_miraflores).get(reverse("beneficiarios:detalle", args=[beneficiario.pk])).content.decode()

    assert "fecha de nacimiento" in pagina
    assert "12/05/1980" in pagina
    assert "adulto mayor" in pagina
    assert "Sí" in pagina


def test_caracter_nulo_en_la_api_responde_json(client):
    respuesta = client.get("/api/v1/tipos-registro", {"q": "a\x00"})

    assert respuesta.status_code == 400
    assert respuesta.json()["codigo"] == "caracter-invalido"


@pytest.mark.parametrize("parametros", [{"sexo": "xyz"}, {"estado": "nope"}, {"q": "x" * 300}])
def test_exportar_con_filtro_invalido_no_exporta_todo(cliente_de, sub_miraflores, parametros):
    from canastas.models import RegistroAccion

    respuesta = cliente_de(sub_miraflores).get(reverse("beneficiarios:exportar"), {"formato": "csv", **parametros})

    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("beneficiarios:lista"))
    assert not RegistroAccion.objects.filter(accion="exportar").exists()
