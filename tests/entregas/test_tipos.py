"""Mantenimiento de tipos de registro: alcance por distrito, códigos únicos, kit y auditoría."""

import pytest
from django.urls import reverse

from canastas.models import RegistroAccion
from entregas.models import ProductoKit, TipoRegistro
from tests.conftest import MIRAFLORES, SURCO
from tests.fabricas import TipoRegistroFactory

pytestmark = pytest.mark.django_db


def datos_tipo(*, codigo="CAN-1", nombre="Canasta municipal 1", productos=(("Arroz", "kg", "5"),), **extra):
    """POST del formulario del tipo con su formset de kit (prefijo «kit»)."""
    datos = {
        "nombre": nombre,
        "codigo": codigo,
        "descripcion": "",
        "costo_unitario": "95.50",
        "fuente_financiamiento": "DU 033-2020",
        "tipo_bien": "Canasta de víveres",
        "kit-TOTAL_FORMS": str(len(productos)),
        "kit-INITIAL_FORMS": "0",
        "kit-MIN_NUM_FORMS": "1",
        "kit-MAX_NUM_FORMS": "1000",
    }
    for indice, (producto, unidad, cantidad) in enumerate(productos):
        datos[f"kit-{indice}-producto"] = producto
        datos[f"kit-{indice}-unidad"] = unidad
        datos[f"kit-{indice}-cantidad"] = cantidad
    datos.update(extra)
    return datos


def datos_edicion(tipo, **cambios):
    """POST de edición con los valores actuales del tipo y de su kit, más `cambios`."""
    productos = list(tipo.productos.order_by("id"))
    datos = {
        "nombre": tipo.nombre,
        "codigo": tipo.codigo,
        "descripcion": tipo.descripcion,
        "costo_unitario": str(tipo.costo_unitario),
        "fuente_financiamiento": tipo.fuente_financiamiento,
        "tipo_bien": tipo.tipo_bien,
        "kit-TOTAL_FORMS": str(len(productos)),
        "kit-INITIAL_FORMS": str(len(productos)),
        "kit-MIN_NUM_FORMS": "1",
        "kit-MAX_NUM_FORMS": "1000",
    }
    for indice, producto in enumerate(productos):
        datos[f"kit-{indice}-id"] = str(producto.pk)
        datos[f"kit-{indice}-tipo_registro"] = str(tipo.pk)
        datos[f"kit-{indice}-producto"] = producto.producto
        datos[f"kit-{indice}-unidad"] = producto.unidad
        datos[f"kit-{indice}-cantidad"] = str(producto.cantidad)
    datos.update(cambios)
    return datos


@pytest.fixture
def tipo_nacional(db):
    tipo = TipoRegistroFactory(distrito_id=None, nombre="Canasta nacional", codigo="NAC-1")
    ProductoKit.objects.create(tipo_registro=tipo, producto="Arroz", unidad="kg", cantidad=5)
    return tipo


@pytest.fixture
def tipo_miraflores(db):
    tipo = TipoRegistroFactory(distrito_id=MIRAFLORES, nombre="Canasta Miraflores", codigo="MIR-1")
    ProductoKit.objects.create(tipo_registro=tipo, producto="Aceite", unidad="L", cantidad=1)
    ProductoKit.objects.create(tipo_registro=tipo, producto="Azúcar", unidad="kg", cantidad=2)
    return tipo


@pytest.fixture
def tipo_surco(db):
    tipo = TipoRegistroFactory(distrito_id=SURCO, nombre="Canasta Surco", codigo="SUR-1")
    ProductoKit.objects.create(tipo_registro=tipo, producto="Fideos", unidad="kg", cantidad=3)
    return tipo


def auditorias(tipo, accion):
    return RegistroAccion.objects.filter(modelo="entregas.TipoRegistro", objeto_id=str(tipo.pk), accion=accion)


# --- Lista ---------------------------------------------------------------------


def test_lista_subadmin_ve_nacionales_y_propios(cliente_de, sub_miraflores, tipo_nacional, tipo_miraflores, tipo_surco):
    pagina = cliente_de(sub_miraflores).get(reverse("entregas:tipos")).content.decode()

    assert "Canasta nacional" in pagina
    assert "Canasta Miraflores" in pagina
    assert "Canasta Surco" not in pagina


def test_lista_admin_ve_todos(cliente_de, admin, tipo_nacional, tipo_miraflores, tipo_surco):
    respuesta = cliente_de(admin).get(reverse("entregas:tipos"))

    assert respuesta.context["pagina"].paginator.count == 3


def test_lista_filtra_inactivos(cliente_de, sub_miraflores, tipo_miraflores):
    TipoRegistroFactory(distrito_id=MIRAFLORES, nombre="Campaña cerrada", activo=False)

    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:tipos"), {"estado": "inactivos"})

    assert [tipo.nombre for tipo in respuesta.context["pagina"]] == ["Campaña cerrada"]


def test_lista_filtra_nacionales(cliente_de, sub_miraflores, tipo_nacional, tipo_miraflores):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:tipos"), {"ambito": "nacional"})

    assert [tipo.pk for tipo in respuesta.context["pagina"]] == [tipo_nacional.pk]


def test_lista_filtra_distritales(cliente_de, admin, tipo_nacional, tipo_miraflores, tipo_surco):
    respuesta = cliente_de(admin).get(reverse("entregas:tipos"), {"ambito": "distrital"})

    assert {tipo.pk for tipo in respuesta.context["pagina"]} == {tipo_miraflores.pk, tipo_surco.pk}


# --- Alta ----------------------------------------------------------------------


def test_crear_subadmin_queda_en_su_distrito(cliente_de, sub_miraflores):
    respuesta = cliente_de(sub_miraflores).post(reverse("entregas:tipos_nuevo"), datos_tipo())

    tipo = TipoRegistro.objects.get(codigo="CAN-1")
    assert respuesta.status_code == 302
    assert tipo.distrito_id == MIRAFLORES


@pytest.mark.parametrize("distrito_enviado", [SURCO, ""])
def test_crear_subadmin_ignora_distrito_enviado(cliente_de, sub_miraflores, distrito_enviado):
    datos = datos_tipo(distrito=distrito_enviado, distrito_id=distrito_enviado, activo="")

    cliente_de(sub_miraflores).post(reverse("entregas:tipos_nuevo"), datos)

    tipo = TipoRegistro.objects.get(codigo="CAN-1")
    assert tipo.distrito_id == MIRAFLORES
    assert tipo.activo is True


def test_crear_admin_es_nacional(cliente_de, admin):
    cliente_de(admin).post(reverse("entregas:tipos_nuevo"), datos_tipo(distrito=MIRAFLORES))

    assert TipoRegistro.objects.get(codigo="CAN-1").distrito_id is None


def test_crear_guarda_kit(cliente_de, sub_miraflores):
    productos = (("Arroz", "kg", "5"), ("Aceite", "L", "1.5"), ("", "", ""))

    cliente_de(sub_miraflores).post(
        reverse("entregas:tipos_nuevo"), datos_tipo(productos=productos)
    )

    tipo = TipoRegistro.objects.get(codigo="CAN-1")
    kit = [(p.producto, p.unidad, str(p.cantidad)) for p in tipo.productos.order_by("id")]
    assert kit == [("Arroz", "kg", "5.00"), ("Aceite", "L", "1.50")]


def test_crear_codigo_en_mayusculas(cliente_de, sub_miraflores):
    cliente_de(sub_miraflores).post(reverse("entregas:tipos_nuevo"), datos_tipo(codigo="can-7"))

    assert TipoRegistro.objects.filter(codigo="CAN-7").exists()


def test_crear_audita_con_kit(cliente_de, sub_miraflores):
    cliente_de(sub_miraflores).post(reverse("entregas:tipos_nuevo"), datos_tipo())
    tipo = TipoRegistro.objects.get(codigo="CAN-1")

    registro = auditorias(tipo, RegistroAccion.Accion.CREAR).get()
    assert registro.usuario == sub_miraflores
    assert registro.distrito_id == MIRAFLORES
    assert registro.despues["codigo"] == "CAN-1"
    assert registro.despues["kit"] == ["Arroz · 5.00 kg"]


def test_crear_sin_productos_se_rechaza(cliente_de, sub_miraflores):
    respuesta = cliente_de(sub_miraflores).post(
        reverse("entregas:tipos_nuevo"), datos_tipo(productos=(("", "", ""),))
    )

    assert respuesta.status_code == 200
    assert TipoRegistro.objects.count() == 0


def test_crear_cantidad_cero_se_rechaza(cliente_de, sub_miraflores):
    respuesta = cliente_de(sub_miraflores).post(
        reverse("entregas:tipos_nuevo"), datos_tipo(productos=(("Arroz", "kg", "0"),))
    )

    assert "mayor que cero" in respuesta.content.decode()
    assert TipoRegistro.objects.count() == 0


def test_crear_producto_repetido_se_rechaza(cliente_de, sub_miraflores):
    productos = (("Arroz", "kg", "5"), ("arroz", "kg", "1"))

    respuesta = cliente_de(sub_miraflores).post(reverse("entregas:tipos_nuevo"), datos_tipo(productos=productos))

    assert "dos veces" in respuesta.content.decode()
    assert TipoRegistro.objects.count() == 0


def test_crear_costo_negativo_se_rechaza(cliente_de, sub_miraflores):
    respuesta = cliente_de(sub_miraflores).post(
        reverse("entregas:tipos_nuevo"), datos_tipo(costo_unitario="-1")
    )

    assert "negativo" in respuesta.content.decode()
    assert TipoRegistro.objects.count() == 0


@pytest.mark.parametrize("rol", ["operador_miraflores", "invitado_miraflores"])
def test_crear_sin_rol_responde_403(cliente_de, request, rol):
    respuesta = cliente_de(request.getfixturevalue(rol)).post(reverse("entregas:tipos_nuevo"), datos_tipo())

    assert respuesta.status_code == 403
    assert TipoRegistro.objects.count() == 0


# --- Códigos únicos --------------------------------------------------------------


def test_codigo_repetido_en_distrito_da_error_claro(cliente_de, sub_miraflores, tipo_miraflores):
    respuesta = cliente_de(sub_miraflores).post(reverse("entregas:tipos_nuevo"), datos_tipo(codigo="mir-1"))

    assert respuesta.status_code == 200
    assert "ya lo usa el tipo «Canasta Miraflores» de su distrito" in respuesta.content.decode()
    assert TipoRegistro.objects.filter(distrito_id=MIRAFLORES).count() == 1


def test_codigo_nacional_no_repetible_en_distrito(cliente_de, sub_miraflores, tipo_nacional):
    respuesta = cliente_de(sub_miraflores).post(reverse("entregas:tipos_nuevo"), datos_tipo(codigo="NAC-1"))

    assert "tipo nacional «Canasta nacional»" in respuesta.content.decode()
    assert TipoRegistro.objects.count() == 1


def test_codigo_de_otro_distrito_se_permite(cliente_de, sub_miraflores, tipo_surco):
    respuesta = cliente_de(sub_miraflores).post(reverse("entregas:tipos_nuevo"), datos_tipo(codigo="SUR-1"))

    assert respuesta.status_code == 302
    assert TipoRegistro.objects.filter(codigo="SUR-1").count() == 2


def test_codigo_nacional_no_choca_con_ningun_distrito(cliente_de, admin, tipo_surco):
    respuesta = cliente_de(admin).post(reverse("entregas:tipos_nuevo"), datos_tipo(codigo="SUR-1"))

    assert "ningún distrito use" in respuesta.content.decode()
    assert TipoRegistro.objects.count() == 1


def test_codigo_repetido_al_editar_da_error_claro(cliente_de, sub_miraflores, tipo_miraflores):
    otro = TipoRegistroFactory(distrito_id=MIRAFLORES, codigo="MIR-2")
    ProductoKit.objects.create(tipo_registro=otro, producto="Arroz", unidad="kg", cantidad=5)

    respuesta = cliente_de(sub_miraflores).post(
        reverse("entregas:tipos_editar", args=[otro.pk]), datos_edicion(otro, codigo="MIR-1")
    )

    assert respuesta.status_code == 200
    assert "ya lo usa" in respuesta.content.decode()
    otro.refresh_from_db()
    assert otro.codigo == "MIR-2"


# --- Edición ---------------------------------------------------------------------


def test_editar_propio_guarda_y_audita(cliente_de, sub_miraflores, tipo_miraflores):
    datos = datos_edicion(tipo_miraflores, nombre="Canasta Miraflores 2.ª entrega", costo_unitario="130.00")

    respuesta = cliente_de(sub_miraflores).post(reverse("entregas:tipos_editar", args=[tipo_miraflores.pk]), datos)

    tipo_miraflores.refresh_from_db()
    registro = auditorias(tipo_miraflores, RegistroAccion.Accion.MODIFICAR).get()
    assert respuesta.status_code == 302
    assert tipo_miraflores.nombre == "Canasta Miraflores 2.ª entrega"
    assert registro.antes == {"nombre": "Canasta Miraflores", "costo_unitario": "120.00"}
    assert registro.despues == {"nombre": "Canasta Miraflores 2.ª entrega", "costo_unitario": "130.00"}


def test_editar_ignora_distrito_y_estado_enviados(cliente_de, sub_miraflores, tipo_miraflores):
    datos = datos_edicion(tipo_miraflores, distrito=SURCO, distrito_id="", activo="")

    cliente_de(sub_miraflores).post(reverse("entregas:tipos_editar", args=[tipo_miraflores.pk]), datos)

    tipo_miraflores.refresh_from_db()
    assert tipo_miraflores.distrito_id == MIRAFLORES
    assert tipo_miraflores.activo is True


def test_editar_kit_cambia_quita_y_agrega(cliente_de, sub_miraflores, tipo_miraflores):
    aceite, azucar = tipo_miraflores.productos.order_by("id")
    datos = datos_edicion(tipo_miraflores)
    datos.update({"kit-0-cantidad": "2", "kit-1-DELETE": "on", "kit-TOTAL_FORMS": "3"})
    datos.update({"kit-2-producto": "Lentejas", "kit-2-unidad": "kg", "kit-2-cantidad": "1"})

    cliente_de(sub_miraflores).post(reverse("entregas:tipos_editar", args=[tipo_miraflores.pk]), datos)

    kit = [(p.pk, p.producto, str(p.cantidad)) for p in tipo_miraflores.productos.order_by("id")]
    registro = auditorias(tipo_miraflores, RegistroAccion.Accion.MODIFICAR).get()
    assert kit[0] == (aceite.pk, "Aceite", "2.00")
    assert [producto for _, producto, _ in kit] == ["Aceite", "Lentejas"]
    assert registro.antes["kit"] == ["Aceite · 1.00 L", "Azúcar · 2.00 kg"]
    assert registro.despues["kit"] == ["Aceite · 2.00 L", "Lentejas · 1.00 kg"]


def test_editar_con_producto_de_otro_tipo_se_rechaza(cliente_de, sub_miraflores, tipo_miraflores, tipo_surco):
    ajeno = tipo_surco.productos.get()
    datos = datos_edicion(tipo_miraflores, **{"kit-0-id": str(ajeno.pk), "kit-0-producto": "Robado"})

    respuesta = cliente_de(sub_miraflores).post(
        reverse("entregas:tipos_editar", args=[tipo_miraflores.pk]), datos
    )

    ajeno.refresh_from_db()
    assert respuesta.status_code == 200
    assert ajeno.producto == "Fideos"
    assert ajeno.tipo_registro_id == tipo_surco.pk
    assert tipo_miraflores.productos.count() == 2


def test_editar_sin_cambios_no_audita(cliente_de, sub_miraflores, tipo_miraflores):
    cliente_de(sub_miraflores).post(
        reverse("entregas:tipos_editar", args=[tipo_miraflores.pk]), datos_edicion(tipo_miraflores)
    )

    assert not auditorias(tipo_miraflores, RegistroAccion.Accion.MODIFICAR).exists()


def test_admin_corrige_tipo_distrital(cliente_de, admin, tipo_miraflores):
    datos = datos_edicion(tipo_miraflores, nombre="Corregido por el administrador")

    cliente_de(admin).post(reverse("entregas:tipos_editar", args=[tipo_miraflores.pk]), datos)

    tipo_miraflores.refresh_from_db()
    assert tipo_miraflores.nombre == "Corregido por el administrador"
    assert tipo_miraflores.distrito_id == MIRAFLORES


# --- Acceso a tipos nacionales y de otro distrito ----------------------------------


@pytest.mark.parametrize("metodo", ["get", "post"])
def test_subadmin_no_edita_nacional(cliente_de, sub_miraflores, tipo_nacional, metodo):
    url = reverse("entregas:tipos_editar", args=[tipo_nacional.pk])

    respuesta = getattr(cliente_de(sub_miraflores), metodo)(url, datos_edicion(tipo_nacional, nombre="Cambiado"))

    tipo_nacional.refresh_from_db()
    assert respuesta.status_code == 403
    assert tipo_nacional.nombre == "Canasta nacional"


def test_subadmin_ve_nacional_sin_edicion(cliente_de, sub_miraflores, tipo_nacional):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:tipos_detalle", args=[tipo_nacional.pk]))

    assert respuesta.status_code == 200
    assert respuesta.context["puede_editar"] is False


@pytest.mark.parametrize("nombre_url", ["entregas:tipos_desactivar", "entregas:tipos_activar"])
def test_subadmin_no_cambia_estado_de_nacional(cliente_de, sub_miraflores, tipo_nacional, nombre_url):
    respuesta = cliente_de(sub_miraflores).post(reverse(nombre_url, args=[tipo_nacional.pk]))

    tipo_nacional.refresh_from_db()
    assert respuesta.status_code == 403
    assert tipo_nacional.activo is True


@pytest.mark.parametrize(
    "nombre_url", ["entregas:tipos_detalle", "entregas:tipos_editar", "entregas:tipos_desactivar"]
)
@pytest.mark.parametrize("metodo", ["get", "post"])
def test_tipo_de_otro_distrito_responde_404(cliente_de, sub_miraflores, tipo_surco, nombre_url, metodo):
    url = reverse(nombre_url, args=[tipo_surco.pk])

    respuesta = getattr(cliente_de(sub_miraflores), metodo)(url, datos_edicion(tipo_surco, nombre="Cambiado"))

    tipo_surco.refresh_from_db()
    assert respuesta.status_code == 404
    assert tipo_surco.nombre == "Canasta Surco"
    assert tipo_surco.activo is True


# --- Activar y desactivar ----------------------------------------------------------


def test_desactivar_pide_confirmacion(cliente_de, sub_miraflores, tipo_miraflores):
    respuesta = cliente_de(sub_miraflores).get(reverse("entregas:tipos_desactivar", args=[tipo_miraflores.pk]))

    tipo_miraflores.refresh_from_db()
    assert "¿Desactivar" in respuesta.content.decode()
    assert tipo_miraflores.activo is True


def test_desactivar_conserva_el_tipo_y_audita(cliente_de, sub_miraflores, tipo_miraflores):
    cliente_de(sub_miraflores).post(reverse("entregas:tipos_desactivar", args=[tipo_miraflores.pk]))

    tipo_miraflores.refresh_from_db()
    registro = auditorias(tipo_miraflores, RegistroAccion.Accion.DESACTIVAR).get()
    assert tipo_miraflores.activo is False
    assert tipo_miraflores.productos.count() == 2
    assert registro.antes == {"activo": True}
    assert registro.despues == {"activo": False}


def test_desactivar_dos_veces_audita_una(cliente_de, sub_miraflores, tipo_miraflores):
    cliente = cliente_de(sub_miraflores)
    url = reverse("entregas:tipos_desactivar", args=[tipo_miraflores.pk])

    cliente.post(url)
    cliente.post(url)

    assert auditorias(tipo_miraflores, RegistroAccion.Accion.DESACTIVAR).count() == 1


def test_activar_audita(cliente_de, admin, tipo_nacional):
    tipo_nacional.activo = False
    tipo_nacional.save()

    cliente_de(admin).post(reverse("entregas:tipos_activar", args=[tipo_nacional.pk]))

    tipo_nacional.refresh_from_db()
    registro = auditorias(tipo_nacional, RegistroAccion.Accion.ACTIVAR).get()
    assert tipo_nacional.activo is True
    assert registro.despues == {"activo": True}


def test_detalle_muestra_historial(cliente_de, sub_miraflores, tipo_miraflores):
    cliente = cliente_de(sub_miraflores)
    cliente.post(reverse("entregas:tipos_desactivar", args=[tipo_miraflores.pk]))

    respuesta = cliente.get(reverse("entregas:tipos_detalle", args=[tipo_miraflores.pk]))

    assert len(respuesta.context["historial"]) == 1
