"""The API's NinjaAPI: schema at /api/openapi.json, interactive docs at /api/docs."""

from ninja import NinjaAPI

from .calendar import router as calendar_router
from .core import AUTH, IDEMPOTENCY_HEADER, PROBLEM, install_handlers
from .endpoints import router


class VendepunktAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__  # unique in endpoints.py: the operation's name

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        idempotent = {
            op.view_func.__name__
            for _, router in self._routers
            for path_view in router.path_operations.values()
            for op in path_view.operations
            if getattr(op.run, "idempotent", False)
        }
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if operation.get("operationId") in idempotent:
                    operation.setdefault("parameters", []).append(IDEMPOTENCY_HEADER)
        # A paginated list's `items` field is built by django-ninja without a description.
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {PROBLEM: content["application/json"]}
        for name, component in schema.get("components", {}).get("schemas", {}).items():
            items = component.get("properties", {}).get("items")
            if name.startswith("Paged") and items is not None:
                items.setdefault("description", "The items of this page")
        return schema


api = VendepunktAPI(
    title="Vendepunkt API",
    version="1",
    description=(
        "The services of the staff web application for integrations: the citizen's course from "
        "contact to follow-up, complaints, providers, worklists and the municipality's standard. "
        "Authenticate with a personal API token (`Authorization: Bearer vp_…`) or the signed-in "
        "two-factor session. Errors are `application/problem+json` with `detail_da`, `detail_en` "
        "and `field`. See docs/api.md."
    ),
    auth=AUTH,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
install_handlers(api)
api.add_router("/", router)
api.add_router("/", calendar_router)
