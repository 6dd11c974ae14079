"""A local SUNAT: billService and billConsultService over SOAP 1.1, with SUNAT's codes.

Run it with ``python -m yupana.simulator --port 8765 --data DIR``. It validates with the
SUNAT core (``yupana.sunat.validation``), answers signed CDRs, keeps its state in SQLite
under the data folder and fails on purpose when told to (flags or ``POST /_control``).
"""

BILL_PATH = "/ol-ti-itcpfegem-beta/billService"
CONSULT_PATH = "/ol-it-wsconscpegem-beta/billConsultService"
