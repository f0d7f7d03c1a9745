/** The HTTP API (Javalin): routes, parameter checks and the JSON error format. Public: {@link org.pvmon.http.ApiServer}. See docs/api.md. */
package org.pvmon.http;
