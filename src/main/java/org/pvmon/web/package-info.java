/** The built-in web page: static assets bundled in the jar (resources/web), served by the API's Javalin instance. */
package org.pvmon.web;
