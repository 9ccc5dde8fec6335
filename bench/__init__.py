"""Benchmarks de Canastas; `python -m bench.api` mide la API del aplicativo.

`python -m bench`, lo que corre `make bench`, mide la importación del padrón
sobre padrones XLSX generados. En una sola corrida mide el motor de punta a
punta, la línea base de django-import-export, el piso (calamine + COPY sin
validar) y la memoria pico del motor según el tamaño del archivo. Trabaja en la
base de datos `canastas_bench` del mismo servidor, que se borra y se vuelve a
crear en cada corrida, así que los datos del desarrollador no se tocan.
"""
