from django.urls import path

from . import views

app_name = "masterdata"

urlpatterns = [path("productos/unidades/", views.unit_options, name="unit_options")]

for _kind, _slug, _prefix in (("customers", "clientes", "customer"), ("products", "productos", "product"),
                              ("suppliers", "proveedores", "supplier")):
    k = {"kind": _kind}
    urlpatterns += [
        path(f"{_slug}/", views.record_list, k, name=f"{_prefix}_list"),
        path(f"{_slug}/nuevo/", views.record_create, k, name=f"{_prefix}_create"),
        path(f"{_slug}/buscar/", views.record_search, k, name=f"{_prefix}_search"),
        path(f"{_slug}/exportar.<str:fmt>", views.record_export, k, name=f"{_prefix}_export"),
        path(f"{_slug}/importar/", views.import_upload, k, name=f"{_prefix}_import"),
        path(f"{_slug}/importar/columnas/", views.import_map, k, name=f"{_prefix}_import_map"),
        path(f"{_slug}/importar/revisar/", views.import_preview, k, name=f"{_prefix}_import_preview"),
        path(f"{_slug}/importar/plantilla.xlsx", views.import_template, k, name=f"{_prefix}_import_template"),
        path(f"{_slug}/<int:pk>/", views.record_detail, k, name=f"{_prefix}_detail"),
        path(f"{_slug}/<int:pk>/editar/", views.record_update, k, name=f"{_prefix}_update"),
        path(f"{_slug}/<int:pk>/activo/", views.record_toggle, k, name=f"{_prefix}_toggle"),
        path(f"{_slug}/<int:pk>/eliminar/", views.record_delete, k, name=f"{_prefix}_delete"),
    ]
