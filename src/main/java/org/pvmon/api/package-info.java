/** The HTTP API (Javalin): routes, parameter checks and the JSON error format. Public: {@link org.pvmon.api.ApiServer}. See docs/api.md. */
package org.pvmon.api;
