"""IP del cliente con y sin proxies de confianza."""

from django.test import RequestFactory

from canastas.red import ip_cliente


def _pedido(xff: str | None = None):
    extra = {"REMOTE_ADDR": "10.0.0.1"}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def test_sin_proxies_usa_remote_addr(settings):
    settings.CANASTAS_PROXIES = 0

    assert ip_cliente(_pedido("1.2.3.4")) == "10.0.0.1"


def test_con_un_proxy_toma_el_ultimo_salto(settings):
    settings.CANASTAS_PROXIES = 1

    # El cliente escribió «1.2.3.4»; el proxy agregó la IP real al final.
    assert ip_cliente(_pedido("1.2.3.4, 200.48.1.7")) == "200.48.1.7"


def test_con_proxies_pero_sin_cabecera_usa_remote_addr(settings):
    settings.CANASTAS_PROXIES = 2

    assert ip_cliente(_pedido("200.48.1.7")) == "10.0.0.1"


def test_sin_pedido_no_hay_ip():
    assert ip_cliente(None) is None
