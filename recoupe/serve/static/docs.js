// recoupe serve: start Swagger UI on the app's OpenAPI schema (a file, as the CSP forbids inline script).
"use strict";

window.addEventListener("DOMContentLoaded", function () {
  window.ui = window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
