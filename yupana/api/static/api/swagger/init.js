// Starts Swagger UI on the schema named by the script tag (no inline script, so a strict CSP works).
(function () {
  var url = document.currentScript.getAttribute("data-openapi-url");
  window.ui = SwaggerUIBundle({ url: url, dom_id: "#swagger-ui", deepLinking: true, layout: "BaseLayout" });
})();
