"""Páginas que muestra el manual: una fila por captura de pantalla.

`make manual` recorre esta tabla con Chromium, y tests/manual la recorre con el
cliente de pruebas para comprobar que cada página existe y responde 200 al
usuario indicado. `objeto` es una clave de OBJETOS (tests/*/rutas*.py) cuando la
URL lleva un id; al capturar se usa el objeto equivalente de los datos de
demostración.
"""

from dataclasses import dataclass

ESCRITORIO = (1280, 800)
MOVIL = (390, 844)


@dataclass(frozen=True)
class Captura:
    usuario: str  # usuario de demostración ("" = sin sesión)
    url: str  # nombre de URL
    archivo: str  # PNG en docs/manual/img/
    vista: tuple[int, int] = ESCRITORIO
    objeto: str = ""
    consulta: str = ""  # clave de la cadena de consulta que arma el capturador (p. ej. un documento)
    enfocar: str = ""  # selector CSS que se lleva a la vista antes de capturar
    # Página de reportes que puede no existir aún: sin su nombre de URL, la captura se omite con un aviso.
    opcional: bool = False


ADMIN, SUB, OPERADOR = "admin", "sub.miraflores", "operador.miraflores"
INVITADO, INVITADO_NACIONAL = "invitado.miraflores", "invitado.nacional"

CAPTURAS = [
    Captura("", "account_login", "ingreso.png"),
    # Administrador
    Captura(ADMIN, "inicio", "admin-inicio.png"),
    Captura(ADMIN, "usuarios:lista", "admin-usuarios.png"),
    Captura(ADMIN, "usuarios:nuevo", "admin-usuario-nuevo.png"),
    Captura(ADMIN, "entregas:tipos", "admin-tipos.png"),
    Captura(ADMIN, "entregas:tipos_nuevo", "admin-tipo-nuevo.png"),
    Captura(ADMIN, "beneficiarios:importaciones", "admin-cargar-padron.png"),
    Captura(ADMIN, "beneficiarios:importacion", "admin-padron-vista-previa.png", objeto="importacion"),
    Captura(ADMIN, "beneficiarios:importacion", "admin-padron-errores.png", objeto="importacion",
            enfocar="h2:has-text('Errores y advertencias')"),
    Captura(ADMIN, "beneficiarios:lista", "admin-padron.png"),
    Captura(ADMIN, "beneficiarios:corregir", "admin-hogar-corregir.png", objeto="beneficiario"),
    Captura(ADMIN, "beneficiarios:programados", "admin-programados.png"),
    Captura(ADMIN, "entregas:cargas", "admin-cargar-entregas.png"),
    Captura(ADMIN, "entregas:lista", "admin-entregas.png"),
    Captura(ADMIN, "entregas:mapa", "admin-mapa.png"),
    Captura(ADMIN, "reportes:nacional", "admin-reporte-nacional.png"),
    Captura(ADMIN, "reportes:general", "admin-reporte-general.png", opcional=True),
    Captura(ADMIN, "reportes:contraloria", "admin-contraloria.png", opcional=True),
    Captura(ADMIN, "reportes:indeci", "admin-indeci.png", opcional=True),
    Captura(ADMIN, "reportes:archivos", "admin-archivos.png", opcional=True),
    Captura(ADMIN, "auditoria:lista", "admin-auditoria.png"),
    Captura(ADMIN, "admin:index", "admin-django.png"),
    # Subadministrador
    Captura(SUB, "inicio", "sub-inicio.png"),
    Captura(SUB, "usuarios:nuevo", "sub-usuario-nuevo.png"),
    Captura(SUB, "usuarios:detalle", "sub-usuario-detalle.png", objeto="usuario"),
    Captura(SUB, "entregas:tipos_nuevo", "sub-tipo-nuevo.png"),
    Captura(SUB, "beneficiarios:importaciones", "sub-cargar-padron.png"),
    Captura(SUB, "beneficiarios:importacion", "sub-padron-errores.png", objeto="importacion",
            enfocar="h2:has-text('Errores y advertencias')"),
    Captura(SUB, "beneficiarios:detalle", "sub-hogar.png", objeto="beneficiario"),
    Captura(SUB, "beneficiarios:programados_nuevo", "sub-programar.png"),
    Captura(SUB, "beneficiarios:programados_subir", "sub-programar-lista.png"),
    Captura(SUB, "entregas:cargas", "sub-cargar-entregas.png"),
    Captura(SUB, "entregas:carga", "sub-entregas-vista-previa.png", objeto="carga_entregas"),
    Captura(SUB, "entregas:carga", "sub-entregas-errores.png", objeto="carga_entregas",
            enfocar="h2:has-text('Errores y advertencias')"),
    Captura(SUB, "entregas:lista", "sub-entregas.png"),
    Captura(SUB, "entregas:detalle", "sub-entrega-detalle.png", objeto="captura"),
    Captura(SUB, "entregas:observar", "sub-entrega-observar.png", objeto="captura"),
    Captura(SUB, "reportes:distrito", "sub-reporte-distrito.png", objeto="distrito"),
    Captura(SUB, "reportes:consolidado", "sub-vista-consolidada.png", opcional=True),
    Captura(SUB, "reportes:contraloria", "sub-contraloria.png", opcional=True),
    Captura(SUB, "auditoria:lista", "sub-auditoria.png"),
    # Operador, en el celular
    Captura(OPERADOR, "inicio", "operador-inicio-movil.png", MOVIL),
    Captura(OPERADOR, "entregas:nueva", "operador-buscar-movil.png", MOVIL),
    Captura(OPERADOR, "entregas:nueva", "operador-formulario-movil.png", MOVIL, consulta="hogar_pendiente",
            enfocar="#formulario-captura"),
    Captura(OPERADOR, "entregas:nueva", "operador-adjuntos-movil.png", MOVIL, consulta="hogar_pendiente",
            enfocar="legend:has-text('Adjunto')"),
    Captura(OPERADOR, "entregas:nueva", "operador-ya-recibio-movil.png", MOVIL, consulta="hogar_atendido",
            enfocar="#resultado"),
    Captura(OPERADOR, "entregas:nueva", "operador-fuera-padron-movil.png", MOVIL, consulta="fuera_de_padron",
            enfocar="#resultado"),
    Captura(OPERADOR, "entregas:captura_hecha", "operador-entrega-registrada-movil.png", MOVIL, objeto="captura"),
    Captura(OPERADOR, "entregas:lista", "operador-mis-entregas-movil.png", MOVIL),
    # Invitados
    Captura(INVITADO, "inicio", "invitado-inicio.png"),
    Captura(INVITADO, "beneficiarios:lista", "invitado-padron.png"),
    Captura(INVITADO, "entregas:consulta", "invitado-entregas.png"),
    Captura(INVITADO_NACIONAL, "reportes:nacional", "invitado-reporte-nacional.png"),
    Captura(INVITADO_NACIONAL, "reportes:departamento", "invitado-reporte-departamento.png", objeto="departamento"),
    Captura(INVITADO_NACIONAL, "reportes:provincia", "invitado-reporte-provincia.png", objeto="provincia"),
    Captura(INVITADO_NACIONAL, "reportes:general", "invitado-reporte-general.png", opcional=True),
]
