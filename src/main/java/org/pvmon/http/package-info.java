/**
 * HTTP: the API and the dashboard's server (Javalin). It translates and nothing more: parses and checks parameters,
 * calls one service, writes JSON, and maps errors to JSON bodies in one place ({@link org.pvmon.http.ApiServer}: 400
 * bad_parameter/invalid, 404 not_found, 409 conflict, 503 store_unavailable/font_missing, 500 internal_error). It owns
 * no state, builds no service (they come in {@link org.pvmon.http.ApiServer.Services}, built by {@code App}) and
 * computes no roll-up or money. One class of routes per capability ({@code StatementRoutes}, {@code ReceiptRoutes}, …);
 * the JSON views of the API live here, never in the capabilities. See docs/api.md.
 */
package org.pvmon.http;
