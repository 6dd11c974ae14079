from django.urls import path

from . import views

app_name = "inventory"

urlpatterns = [
    path("", views.stock_list, name="stock_list"),
    path("stock.<str:fmt>", views.stock_export, name="stock_export"),
    path("kardex/", views.kardex_view, name="kardex"),
    path("kardex.<str:fmt>", views.kardex_export, name="kardex_export"),
    path("movimientos/<int:pk>/revertir/", views.movement_reverse_view, name="movement_reverse"),
    path("almacenes/", views.warehouse_list_view, name="warehouse_list"),
    path("almacenes/<int:pk>/predeterminado/", views.warehouse_default, name="warehouse_default"),
    path("minimos/", views.minimum_list, name="minimum_list"),
    path("panel/", views.low_stock_panel, name="low_stock_panel"),
    path("operaciones/<str:kind>/", views.operation, name="operation"),
]
