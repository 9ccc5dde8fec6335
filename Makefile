# Canastas: `make run` levanta la plataforma y `make test` corre todas las pruebas.
# Ambos preparan antes lo que falte: entorno virtual, dependencias, base de datos.

PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALADO := $(VENV)/.instalado
PUERTO ?= 8000

.PHONY: run test bench preparar detener limpiar navegador manual

$(PY):
	@$(PYTHON) -c 'import sys; assert (3, 11) <= sys.version_info[:2] < (3, 13), "Se requiere Python 3.11 o 3.12"'
	$(PYTHON) -m venv $(VENV)

# La salida de pip va a un registro; si falla, se muestra su final.
$(INSTALADO): pyproject.toml | $(PY)
	@echo "Instalando dependencias en $(VENV) (registro en $(VENV)/pip.log)"
	@$(PY) -m pip install --upgrade pip >$(VENV)/pip.log 2>&1 && \
	  $(PY) -m pip install -e ".[dev]" >>$(VENV)/pip.log 2>&1 || \
	  { tail -n 30 $(VENV)/pip.log; exit 1; }
	@touch $(INSTALADO)

# Base de datos, migraciones, ubigeos, usuarios y datos de demostración.
preparar: $(INSTALADO)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py cargar_ubigeos
	$(PY) manage.py crear_usuarios_demo
	$(PY) manage.py datos_demo --beneficiarios 3000 --entregas 4000 --conservar

run: export DJANGO_DEBUG ?= 1
run: preparar
	@echo "Iniciando el worker de tareas y el servidor en http://127.0.0.1:$(PUERTO)"
	@$(PY) manage.py db_worker & \
	  WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PUERTO)

test: $(INSTALADO) navegador
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

# Las pruebas de navegador usan el Chromium de Debian (Playwright no puede bajar el suyo).
navegador:
	@if ! command -v chromium >/dev/null; then \
	  echo "Instalando el Chromium de Debian para las pruebas de navegador"; \
	  (apt-get update -qq && apt-get install -y -qq chromium) || \
	  echo "AVISO: no se pudo instalar chromium; las pruebas de navegador se omitirán"; \
	fi

bench: preparar
	$(PY) -m bench $(BENCH_ARGS)
	$(PY) -m bench.api
	$(PY) -m bench.reportes

detener: | $(PY)
	$(PY) -m canastas.basedatos detener

limpiar: detener
	rm -rf $(VENV) .datos staticfiles

# Capturas del manual (docs/manual/img/): base propia, servidor en un puerto libre y Chromium sin ventana.
manual: $(INSTALADO) navegador
	$(PY) -m canastas.manual.capturar $(CAPTURAS)
